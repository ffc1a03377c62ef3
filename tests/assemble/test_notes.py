"""Editor's notes: footnotes on the page of their call in the PDF, numbered per chapter; EPUB endnotes that link back."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from booktools import copy_book
from conftest import BOOK, epubcheck_problems, run_epubcheck
from textutil import epub_documents, pdf_page_texts

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
SEED = "000_5bf8703fa81c4707.txt"


def notes() -> list[dict]:
    return yaml.safe_load((BOOK / "notes.yaml").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\W+", " ", text.replace("’", "'")).strip()


def test_each_footnote_stands_on_the_page_of_its_call(built):
    pages = [squash(p) for p in pdf_page_texts(built["pdf"])]
    for note in notes():
        opening = squash(" ".join(note["text"].split()[:8]).replace("*", ""))
        # The first page that has it (the glossary may repeat a note's words later).
        where = [i for i, p in enumerate(pages) if opening in p]
        assert where, f"{note['id']}: footnote text not found"
        last_word = squash(note["anchor"]["phrase"]).split()[-1]
        assert re.search(rf"\b{re.escape(last_word)}\d+\b", pages[where[0]]), \
            f"{note['id']}: call after {last_word!r} is not on the footnote's page"


def test_footnotes_are_numbered_in_reading_order(built):
    text = " ".join(pdf_page_texts(built["pdf"]))
    numbers = []
    for note in notes():  # notes.yaml lists them in reading order
        opening = " ".join(note["text"].split()[:3]).replace("*", "")
        found = re.search(r"(\d+)\. " + re.escape(opening), text)
        assert found, f"{note['id']}: no numbered footnote {opening!r}"
        numbers.append(int(found.group(1)))
    assert numbers == list(range(1, len(notes()) + 1))


def test_epub_noterefs_and_endnotes_link_both_ways(built):
    docs = epub_documents(built["epub"])
    ids = {el.get("id"): (name.rsplit("/", 1)[-1], el) for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    chapter = next(doc for name, doc in docs.items() if name.endswith("chapter-1.xhtml"))
    refs = [a for a in chapter.iter(XHTML + "a") if a.get(EPUB_TYPE) == "noteref"]
    assert [a.text for a in refs] == [str(n) for n in range(1, len(notes()) + 1)]
    for a in refs:
        assert a.get("role") == "doc-noteref"
        file, target = a.get("href").split("#")
        note_file, li = ids[target]
        assert note_file == file == "notes.xhtml"
        assert li.getparent().getparent().get("role") == "doc-endnotes"
        assert li.get("value") == a.text
        back = next(x for x in li.iter(XHTML + "a") if x.get("role") == "doc-backlink")
        assert back.get("href") == f"chapter-1.xhtml#{a.get('id')}"


@pytest.fixture(scope="module")
def two_instalments(tmp_path_factory):
    """The real book with its seed repeated as a second instalment, which has a note of its own."""
    from samizdat.build import build

    root = tmp_path_factory.mktemp("two")
    book = copy_book(root)
    second = root / "seeds" / "001_second.txt"
    shutil.copy(root / "seeds" / SEED, second)
    second.write_text(second.read_text(encoding="utf-8").replace("(1)", "(2)", 1), encoding="utf-8")
    contents = (book / "book.yaml").read_text(encoding="utf-8")
    (book / "book.yaml").write_text(contents.replace(f"  - instalment: {SEED}\n", f"  - instalment: {SEED}\n  - instalment: 001_second.txt\n"), encoding="utf-8")
    with (book / "notes.yaml").open("a", encoding="utf-8") as f:
        f.write('\n- id: n-second\n  anchor: {file: 001_second.txt, phrase: "I do not belong to any party"}\n'
                "  text: A note in the second instalment.\n  sources: []\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1764000000")
    try:
        result = build(book, root / "dist")
    finally:
        mp.undo()
    return result, result.outputs


def test_footnote_numbers_restart_in_each_chapter(two_instalments):
    _, outputs = two_instalments
    page = next(p for p in pdf_page_texts(outputs["pdf"]) if "A note in the second instalment" in p)
    assert "1. A note in the second instalment" in page
    assert re.search(r"\bparty1\b", page)


def test_epub_endnotes_restart_in_each_chapter_and_the_audit_holds(two_instalments):
    from samizdat.check.fidelity import audit_outputs

    result, outputs = two_instalments
    docs = epub_documents(outputs["epub"])
    second = next(doc for name, doc in docs.items() if name.endswith("chapter-2.xhtml"))
    refs = [a for a in second.iter(XHTML + "a") if a.get(EPUB_TYPE) == "noteref"]
    assert [a.text for a in refs] == ["1"]
    assert audit_outputs(result.manuscript, outputs["pdf"], outputs["epub"]) == []
    assert epubcheck_problems(run_epubcheck(outputs["epub"])) == []
