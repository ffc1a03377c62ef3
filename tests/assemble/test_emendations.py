"""Emendations: stale entries are errors at their line; the apparatus lists every one, with its place."""

from __future__ import annotations

import re

import pytest
import yaml

from booktools import copy_book, edit
from conftest import BOOK, SHARED
from samizdat.errors import SamizdatError
from textutil import epub_documents, pdf_page_texts

XHTML = "{http://www.w3.org/1999/xhtml}"


def entry_line(path, entry_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.strip() == f"- id: {entry_id}")


def assemble_copy(book):
    from samizdat.build import load_manuscript

    return load_manuscript(book)


@pytest.mark.parametrize("old,new,message", [
    ('original: "In 1934, I was appointed"', 'original: "In 1834, I was appointed"', "original text not found in 000_5bf8703fa81c4707.txt"),
    ('original: "In 1934, I was appointed"', 'original: "I was appointed"', "occurs 2 times in 000_5bf8703fa81c4707.txt; add 'occurrence'"),
    ('original: "In 1934, I was appointed"', 'original: "In 1934, I was appointed"\n  occurrence: 2', "occurrence 2 asked, but the original occurs 1 time(s)"),
])
def test_a_stale_emendation_is_an_error_naming_the_file_and_the_entry_line(tmp_path, old, new, message):
    book = copy_book(tmp_path)
    edit(book / "emendations.yaml", old, new)
    with pytest.raises(SamizdatError) as info:
        assemble_copy(book)
    error = info.value
    assert str(error.path).endswith("emendations.yaml")
    assert error.line == entry_line(book / "emendations.yaml", "e-1924")
    assert message in str(error)
    assert str(error).startswith(f"{error.path}:{error.line}: emendation 'e-1924'")


def facts_rows() -> list[tuple[str, str, str]]:
    """(exact text, proposed reading or note, confidence) from the fact sheet's table of textual problems."""
    facts = (SHARED / "editorial" / "facts.md")
    if not facts.exists():
        pytest.skip("../shared is not beside this checkout")
    table = facts.read_text(encoding="utf-8").split("## Textual problems", 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((re.search(r"`\s*(.+?)`", cells[0]).group(1), cells[1], cells[2]))
    return rows


def overlaps(a: str, b: str) -> bool:
    a, b = a.casefold().replace("'", "’").strip(), b.casefold().replace("'", "’").strip()
    return a in b or b in a


def test_high_and_medium_readings_are_emendations_and_low_ones_notes():
    emendations = yaml.safe_load((BOOK / "emendations.yaml").read_text(encoding="utf-8"))
    notes = yaml.safe_load((BOOK / "notes.yaml").read_text(encoding="utf-8"))
    for text, proposal, confidence in facts_rows():
        emended = [e for e in emendations if overlaps(e["original"], text)]
        noted = [n for n in notes if overlaps(n["anchor"]["phrase"], text)]
        if confidence in ("H", "M") and not proposal.startswith("note:") and "the same man" not in proposal:
            assert len(emended) == 1, f"no emendation for {text!r}"
            assert emended[0]["confidence"] == {"H": "high", "M": "medium"}[confidence], text
        else:
            assert not emended, f"{text!r} is to be noted, not emended"
            assert noted, f"no note on {text!r}"


def test_pdf_apparatus_prints_the_page_where_each_emendation_stands(built):
    from pypdf import PdfReader

    labels = PdfReader(str(built["pdf"])).page_labels
    pages = pdf_page_texts(built["pdf"])
    start = next(i for i, t in enumerate(pages) if "A note on the text" in t and "This edition prints" in t)
    apparatus = " ".join(pages[start:start + 4])
    emendations = yaml.safe_load((BOOK / "emendations.yaml").read_text(encoding="utf-8"))
    printed = re.findall(r"p\. ?(\d+) ", apparatus.split("Sluzki")[-1])
    assert len(printed) >= len(emendations), apparatus[:400]
    for em, label in zip(emendations, printed):
        first_words = " ".join(em["reading"].split()[:3]).rstrip(",")
        assert first_words in pages[labels.index(label)], f"{em['id']}: p. {label} does not hold {first_words!r}"


def test_apparatus_states_the_sluzki_decision_in_both_outputs(built):
    pages = pdf_page_texts(built["pdf"])
    assert any("keeps both" in t and "Sluzki" in t for t in pages)
    docs = epub_documents(built["epub"])
    apparatus = next(doc for name, doc in docs.items() if name.endswith("apparatus.xhtml"))
    assert "Sluzki" in "".join(apparatus.itertext())


def test_epub_emended_words_and_apparatus_link_both_ways(built):
    docs = epub_documents(built["epub"])
    ids = {el.get("id"): name.rsplit("/", 1)[-1] for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    chapter = next(doc for name, doc in docs.items() if name.endswith("chapter-1.xhtml"))
    apparatus = next(doc for name, doc in docs.items() if name.endswith("apparatus.xhtml"))
    emended = [a for a in chapter.iter(XHTML + "a") if a.get("class") == "emended"]
    assert len(emended) == len(yaml.safe_load((BOOK / "emendations.yaml").read_text(encoding="utf-8")))
    for a in emended:
        file, target = a.get("href").split("#")
        assert ids[target] == file == "apparatus.xhtml"
    for li in apparatus.iter(XHTML + "li"):
        back = next(li.iter(XHTML + "a"))
        file, target = back.get("href").split("#")
        assert ids[target] == file == "chapter-1.xhtml"
        assert re.fullmatch(r"p\. \d+", back.text), back.text


def test_every_listed_source_key_resolves_and_is_cited():
    sources = {s["key"]: s for s in yaml.safe_load((BOOK / "sources.yaml").read_text(encoding="utf-8"))}
    for note in yaml.safe_load((BOOK / "notes.yaml").read_text(encoding="utf-8")):
        for key in note.get("sources") or []:
            assert key in sources, f"{note['id']}: {key}"
            assert f"@{key}" in note["text"], f"{note['id']} lists {key} but does not cite it"
    for em in yaml.safe_load((BOOK / "emendations.yaml").read_text(encoding="utf-8")):
        assert all(key in sources for key in em["source"]), em["id"]


def test_an_unknown_source_key_is_an_error_at_the_entry(tmp_path):
    book = copy_book(tmp_path)
    edit(book / "notes.yaml", "sources: [PR, OK]", "sources: [PR, XX]")
    with pytest.raises(SamizdatError) as info:
        assemble_copy(book)
    assert str(info.value.path).endswith("notes.yaml")
    assert info.value.line == entry_line(book / "notes.yaml", "n-spain")
    assert "source 'XX' is not in sources.yaml" in str(info.value)


def test_apparatus_cites_sources_with_links_to_the_list(built):
    docs = epub_documents(built["epub"])
    ids = {el.get("id"): name.rsplit("/", 1)[-1] for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    apparatus = next(doc for name, doc in docs.items() if name.endswith("apparatus.xhtml"))
    cites = [a for a in apparatus.iter(XHTML + "a") if "#src-" in (a.get("href") or "")]
    assert cites
    for a in cites:
        file, target = a.get("href").split("#")
        assert ids[target] == file == "sources.xhtml"
