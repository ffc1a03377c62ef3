"""End to end: the real book builds into a valid EPUB and a PDF that hold every word."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from conftest import BOOK, SEEDS, SHARED, epubcheck_problems, run_epubcheck
from textutil import element_text, epub_documents, in_order, join_lines, pdf_body_texts, pdf_links, pdf_page_texts, pdf_running_text, words

SEED = "000_5bf8703fa81c4707.txt"


def test_seed_is_a_byte_identical_copy():
    ours = hashlib.sha256((SEEDS / SEED).read_bytes()).hexdigest()
    if not (SHARED / "seeds" / SEED).exists():
        pytest.skip("../shared is not beside this checkout")
    assert ours == hashlib.sha256((SHARED / "seeds" / SEED).read_bytes()).hexdigest()


def emended_seed_paragraphs() -> list[str]:
    """The seed's paragraphs with the recorded emendations applied, computed here from the YAML."""
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    for em in yaml.safe_load((BOOK / "emendations.yaml").read_text(encoding="utf-8")):
        if em["seed"] != SEED:
            continue
        n = em.get("occurrence", 1)
        at = -1
        for _ in range(n):
            at = text.index(em["original"], at + 1)
        text = text[:at] + em["reading"] + text[at + len(em["original"]):]
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_both_files_are_written(built):
    assert built["pdf"].stat().st_size > 10_000
    assert built["epub"].stat().st_size > 10_000
    assert built["pdf"].read_bytes().startswith(b"%PDF-")


def test_epubcheck_reports_nothing(built):
    # Not even usage advice (e.g. deprecated epub:type values).
    report = run_epubcheck(built["epub"], usage=True)
    assert epubcheck_problems(report) == []
    assert report["publication"]["ePubVersion"].startswith("3")


def test_every_seed_word_is_in_the_pdf_in_order(built):
    pdf_words = words(pdf_running_text(built["pdf"]))
    for paragraph in emended_seed_paragraphs():
        expected = words(paragraph)
        ok, matched = in_order(expected, pdf_words)
        assert ok, f"PDF lacks {expected[matched:matched + 8]} of paragraph {paragraph[:60]!r}"


def test_every_seed_word_is_in_the_epub_in_order(built):
    docs = epub_documents(built["epub"])
    chapter = next(doc for name, doc in docs.items() if name.endswith("chapter-1.xhtml"))
    epub_words = words(element_text(chapter))
    for paragraph in emended_seed_paragraphs():
        expected = words(paragraph)
        ok, matched = in_order(expected, epub_words)
        assert ok, f"EPUB lacks {expected[matched:matched + 8]} of paragraph {paragraph[:60]!r}"


def test_list_marker_line_stays_a_paragraph(manuscript):
    from samizdat.model.walk import plain_text

    chapter = next(s for s in manuscript.sections if s.kind == "chapter")
    texts = [plain_text(b.inlines) for b in chapter.blocks]
    assert any(t.startswith("In 1926, I was appointed head of the Economic Division") for t in texts)


def registry() -> dict[str, dict]:
    data = yaml.safe_load((BOOK / "names.yaml").read_text(encoding="utf-8"))
    return {e["id"]: e for group in data.values() for top in group for e in (top, *top.get("sub", []))}


def test_index_of_the_pdf_points_at_pages_where_the_name_stands(built):
    entries = registry()
    pages = pdf_page_texts(built["pdf"])
    bodies = [join_lines(text) for text in pdf_body_texts(built["pdf"])]
    from pypdf import PdfReader

    labels = PdfReader(str(built["pdf"])).page_labels
    links = [link for link in pdf_links(built["pdf"]) if link[1].startswith("n-")]
    assert links, "the PDF index has no page links"
    seen_entries = set()
    for page_index, anchor, shown in links:
        entry_id = anchor[2:].rsplit("-", 1)[0]
        seen_entries.add(entry_id)
        label = shown.strip(" ,.;").split("–")[0]
        assert label in labels, f"{anchor}: printed locator {shown!r} is no page label"
        at = labels.index(label)
        # A name may begin at the foot of its page and end on the next: it must begin here.
        page_text = pages[at]
        body = bodies[at]
        joined = body + " " + (bodies[at + 1] if at + 1 < len(bodies) else "")
        forms = entries[entry_id].get("forms", [])
        assert any(form in page_text or -1 < joined.find(form) < len(body) for form in forms), \
            f"{entry_id}: page {label} does not contain any of {forms}"
    persons = {i for i, e in entries.items() if e in yaml.safe_load((BOOK / "names.yaml").read_text())["persons"]}
    assert persons <= seen_entries | {i for i in persons if not _occurs(entries[i])}


def _occurs(entry: dict) -> bool:
    text = (SEEDS / SEED).read_text(encoding="utf-8") + (BOOK / "introduction.md").read_text(encoding="utf-8")
    return any(form in text for form in entry.get("forms", []))


def test_index_of_the_epub_lists_every_person_and_links_to_occurrences(built):
    docs = epub_documents(built["epub"])
    index = next(doc for name, doc in docs.items() if name.endswith("index.xhtml"))
    ids_in_book = {el.get("id"): name for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    data = yaml.safe_load((BOOK / "names.yaml").read_text(encoding="utf-8"))
    items = {li.get("id"): li for li in index.iter("{http://www.w3.org/1999/xhtml}li")}
    for person in data["persons"]:
        li = items.get("ix-" + person["id"])
        assert li is not None, f"no index entry for {person['id']}"
        for a in li.iter("{http://www.w3.org/1999/xhtml}a"):
            target = a.get("href").split("#")[1]
            assert target in ids_in_book, f"index link to missing {target}"
    slutsky = items["ix-slutsky"]
    targets = [a.get("href").split("#")[1] for a in slutsky.iter("{http://www.w3.org/1999/xhtml}a")]
    shown = {}
    for name, doc in docs.items():
        for el in doc.iter():
            if el.get("id") in targets:
                shown[el.get("id")] = el.text
    assert "Sluzki" in shown.values() and "Slutsky" in shown.values(), "Sluzki and Slutsky are one entry"


def test_pdf_is_six_by_nine_with_fonts_embedded(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built["pdf"]))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (432, 648)
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{font['/BaseFont']} not embedded"
            fonts.add(str(font["/BaseFont"]))
    assert any("Garamond" in f for f in fonts)


def test_epub_has_its_own_nav_document(built):
    docs = epub_documents(built["epub"])
    nav = next(doc for name, doc in docs.items() if name.endswith("nav.xhtml"))
    types = {el.get("{http://www.idpf.org/2007/ops}type") for el in nav.iter("{http://www.w3.org/1999/xhtml}nav")}
    assert {"toc", "landmarks"} <= types


@pytest.mark.slow
def test_a_synthetic_book_of_sixty_pages_builds(tmp_path):
    from samizdat.build import build
    from samizdat.source.synthetic import make_book

    book = make_book(tmp_path, BOOK, pages=60)
    result = build(book, tmp_path / "dist")
    assert result.pages >= 60
    assert epubcheck_problems(run_epubcheck(result.outputs["epub"])) == []
