"""The index of names and the page-list, checked against the built files.

Each property is checked on the real book and on a synthetic book of more
than sixty printed pages (ranges, letter groups and many pages), reading
the PDF back with pypdf (its named destinations, link rectangles and text)
and the EPUB with lxml: what a reader sees, not what the builder meant.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from conftest import BOOK, EPOCH, epubcheck_problems, run_epubcheck
from textutil import join_lines, pdf_body_texts, pdf_links, pdf_page_texts, words

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
ROMAN = re.compile(r"^[ivxlc]+$")


# --- the two books ----------------------------------------------------------------


class Built:
    """One built book and what the tests read from it."""

    def __init__(self, book: Path, pdf: Path, epub: Path):
        from pypdf import PdfReader
        from samizdat.build import load_manuscript

        self.book, self.pdf, self.epub = book, pdf, epub
        self.manuscript = load_manuscript(book)
        reader = PdfReader(str(self.pdf))
        self.labels: list[str] = list(reader.page_labels)
        self.pages = pdf_page_texts(self.pdf)
        self.bodies = pdf_body_texts(self.pdf)  # running text only, lines unjoined
        # Where the PDF says each anchor is: its named destinations, not our page map.
        self.dest_page = {str(name): reader.get_destination_page_number(dest)
                          for name, dest in reader.named_destinations.items()}
        self.index_start = self.dest_page["index"]
        self.links = pdf_links(self.pdf)
        self.entries = {e.id: e for e in self.manuscript.names}


def _build_synthetic(tmp_path_factory) -> Built:
    from samizdat.build import build
    from samizdat.source.synthetic import make_book

    root = tmp_path_factory.mktemp("synthetic-index")
    book = make_book(root, BOOK, pages=62, introduction_pages=4)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = build(book, root / "dist")
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    built = Built(book, result.outputs["pdf"], result.outputs["epub"])
    assert len(built.labels) >= 60
    return built


@pytest.fixture(scope="module", params=["real", "synthetic"])
def book(request, tmp_path_factory) -> Built:
    if request.param == "real":
        built = request.getfixturevalue("built")
        return Built(BOOK, built["pdf"], built["epub"])
    return _build_synthetic(tmp_path_factory)


def index_links(book: Built) -> list[tuple[str, str]]:
    """(anchor, number shown) for each page link in the PDF index; the rectangle may catch a comma."""
    return [(dest, shown.strip(" ,.;–")) for page, dest, shown in book.links
            if page >= book.index_start and dest.startswith("n-")]


def entry_of(anchor: str) -> str:
    """n-<entry id>-<n> -> entry id."""
    return anchor[2:].rsplit("-", 1)[0]


def _form_at(text: str, forms: tuple[str, ...]) -> int:
    """Where the first of `forms` stands in `text` as a whole word, or -1."""
    text = re.sub(r"(?<=[^\W\d])\d+\b", "", text)  # footnote calls come out glued to the word before
    hits = [m.start() for form in forms for m in [re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)] if m]
    return min(hits, default=-1)


def stands_on(book: Built, page: int, forms: tuple[str, ...]) -> bool:
    """Does one of `forms` stand on `page`: in its text or notes, or beginning at its foot and
    running over the page turn (a name's anchor is on the page where the name begins)?"""
    if _form_at(re.sub(r"\s+", " ", book.pages[page]), forms) >= 0:
        return True
    if page + 1 >= len(book.bodies):
        return False
    body = join_lines(book.bodies[page])
    at = _form_at(join_lines(book.bodies[page] + "\n" + book.bodies[page + 1]), forms)
    return 0 <= at < len(body)


# --- print ----------------------------------------------------------------------------


def test_every_page_number_in_the_index_is_a_page_where_the_name_stands(book):
    links = index_links(book)
    assert len(links) > 20
    for dest, shown in links:
        entry = book.entries[entry_of(dest)]
        # Each number is its own link, and it leads to that page.
        assert shown in book.labels, f"{entry.id}: link text {shown!r} is not one page number"
        page = book.labels.index(shown)
        assert book.dest_page[dest] == page, f"{entry.id}: {shown} links to a name on page {book.labels[book.dest_page[dest]]}"
        assert page < book.index_start
        assert stands_on(book, page, entry.forms), f"{entry.id}: page {shown} shows none of {entry.forms}"


def printed_locators(book: Built) -> dict[str, list[str]]:
    """Entry id -> the locators printed for it in the PDF index, ranges as 'a–b'."""
    index_text = join_lines("\n".join(book.pages[book.index_start:]))
    linked: dict[str, list[int]] = {}
    for dest, shown in index_links(book):
        linked.setdefault(entry_of(dest), []).append(book.labels.index(shown))
    out = {}
    for entry_id, pages in linked.items():
        pages = sorted(pages)
        out[entry_id] = []
        for a, b in zip(pages, pages[1:] + [None]):
            out[entry_id].append(book.labels[a])
            if b is not None and f"{book.labels[a]}–{book.labels[b]}" in index_text:
                out[entry_id].append(f"{book.labels[a]}–{book.labels[b]}")
    return out


def test_every_occurrence_of_a_name_is_covered_by_the_index(book):
    from samizdat.model.walk import name_occurrences

    locators = printed_locators(book)
    occurrences = name_occurrences(book.manuscript)
    checked = 0
    for entry_id, refs in occurrences.items():
        for ref in refs:
            page = book.dest_page[ref.anchor]  # every occurrence is an anchor in the PDF
            label = book.labels[page]
            assert stands_on(book, page, book.entries[entry_id].forms), \
                f"{ref.anchor} ({ref.text!r}) is not on page {label}, where the PDF puts it"
            printed = locators.get(entry_id, [])
            covered = label in printed or any(
                "–" in r and book.labels.index(r.split("–")[0]) < page < book.labels.index(r.split("–")[1]) for r in printed)
            assert covered, f"{entry_id}: page {label} ({ref.anchor}) is not in the index's {printed}"
            checked += 1
    assert checked > 50


def test_the_index_covers_introduction_text_and_notes_with_roman_front_pages(book):
    intro = [r for s in book.manuscript.sections if s.kind == "introduction" for b in s.blocks for r in _name_refs(b.inlines)]
    text = [r for s in book.manuscript.sections if s.kind == "chapter" for b in s.blocks for r in _name_refs(b.inlines)]
    notes = [(note.id, r) for note in book.manuscript.notes for b in note.body for r in _name_refs(b.inlines)]
    assert intro and text
    assert all(ROMAN.match(book.labels[book.dest_page[r.anchor]]) for r in intro), "introduction pages are roman"
    assert all(book.labels[book.dest_page[r.anchor]].isdigit() for r in text)
    # A name in a footnote is indexed on the page where the footnote is printed.
    for note_id, ref in notes:
        page = book.dest_page[ref.anchor]
        assert stands_on(book, page, book.entries[ref.entry_id].forms), ref.anchor
        assert page == book.dest_page[f"note-{note_id}"], f"{ref.anchor} is not on the page of its footnote"
    if book.book == BOOK:
        assert notes, "the real book's notes name people"
    locators = printed_locators(book)
    assert any(ROMAN.match(x) for v in locators.values() for x in v), "no roman page in the index"
    assert any("–" in x for v in locators.values() for x in v), "no page range in the index"


def _name_refs(inlines):
    from samizdat.model.walk import walk
    from samizdat.model import NameRef

    return [n for n in walk(inlines) if isinstance(n, NameRef)]


def test_index_entries_are_sorted_with_letter_groups_subentries_and_cross_references(book):
    text = join_lines("\n".join(book.pages[book.index_start:]))
    assert "Persons" in text and "Places" in text and "Organisations" in text
    persons = [e for e in book.manuscript.names if e.kind == "person" and not e.parent]
    from samizdat.render.html.index import sort_key

    headings = [e.heading for e in sorted(persons, key=sort_key)]
    at = 0
    for heading in headings:  # each after the one before (a heading may also stand earlier in a cross-reference)
        found = text.find(heading.split(" (")[0], at)
        assert found >= 0, f"{heading} is missing or out of alphabetical order"
        at = found + 1
    # Sub-entries follow their entry; cross-references name the entry they send to.
    subs = [e for e in book.manuscript.names if e.parent and e.id in printed_locators(book)]
    assert subs or book.book != BOOK, "the real book prints sub-entries"
    for sub in subs:
        parent = book.entries[sub.parent]
        assert re.search(re.escape(parent.heading) + r"[,.].*?" + re.escape(sub.heading) + r", [\dvxi]", text), sub.id
    assert "Kremlin. See Moscow: Kremlin." in text
    assert "Feldbin, Leiba (Lev) Lazarevich. See Orlov, Alexander Mikhailovich" in text


@pytest.mark.slow
def test_adding_the_index_changes_no_page_before_it(manuscript):
    from samizdat.render.pdf.builder import PdfBuilder

    _, with_index = PdfBuilder(manuscript, int(EPOCH)).build()
    without = replace(manuscript, sections=tuple(s for s in manuscript.sections if s.kind != "index"))
    _, without_index = PdfBuilder(without, int(EPOCH)).build()
    n = len(without_index.labels)
    assert len(with_index.labels) > n
    assert with_index.labels[:n] == without_index.labels
    assert with_index.starts[:n] == without_index.starts
    assert {a: p for a, p in with_index.anchors.items() if p < n} == without_index.anchors


def test_page_refs_sort_once_each_and_join_runs():
    from samizdat.render.html.index import Locator, page_refs

    locs = [Locator("3", "a", 14), Locator("vii", "b", 6), Locator("1", "c", 12), Locator("2", "d", 13),
            Locator("2", "e", 13), Locator("viii", "f", 7), Locator("5", "g", 16)]
    refs = page_refs(locs, ranges=True)
    shown = [(r.first.label, r.last.label if r.last else None) for r in refs]
    assert shown == [("vii", "viii"), ("1", "3"), ("5", None)]
    assert refs[1].first.anchor == "c" and refs[1].last.anchor == "a"
    assert [r.first.anchor for r in page_refs(locs, ranges=False)] == ["b", "f", "c", "d", "a", "g"]
    # xii and 1 are consecutive physical pages but not one run.
    assert len(page_refs([Locator("xii", "x", 11), Locator("1", "y", 12)], ranges=True)) == 2


# --- registry and matching ----------------------------------------------------------


def test_slutsky_and_sluzki_are_one_entry_and_possessives_are_found(manuscript):
    from samizdat.model.walk import name_occurrences

    found = name_occurrences(manuscript)
    assert {r.text for r in found["slutsky"]} >= {"Slutsky", "Sluzki"}
    assert "sluzki" not in found
    assert any(r.text == "Orlov’s" for r in found["orlov"]), "the possessive Orlov’s (in the notes) is not found"
    assert all(r.text in ("Stalin", "Stalin’s", "Stalinist") for r in found["stalin"])


def test_names_are_whole_words_longest_first():
    from samizdat.assemble.names import NameTagger
    from samizdat.model import NameEntry, NameRef, SourceLoc

    loc = SourceLoc("names.yaml", 1)
    names = (NameEntry("stalin", "person", "Stalin", "stalin", "", ("Stalin", "Stalinist"), (), (), loc),
             NameEntry("moscow", "place", "Moscow", "moscow", "", ("Moscow",), (), (), loc),
             NameEntry("moscow-trials", "event", "Moscow trials", "moscow trials", "", ("Moscow trials",), (), (), loc),
             NameEntry("nin", "person", "Nin", "nin", "", ("Nin",), (), (), loc))
    tag = NameTagger(names)
    refs = [(n.text, n.entry_id) for n in tag("Stalingrad, Stalin’s, Stalinist, anti-Stalin, the Moscow trials in "
                                              "Moscow, Ninth and Nin’s men, NIN") if isinstance(n, NameRef)]
    assert refs == [("Stalin’s", "stalin"), ("Stalinist", "stalin"), ("Moscow trials", "moscow-trials"),
                    ("Moscow", "moscow"), ("Nin’s", "nin")]


REGISTRY_ERRORS = {
    "same form twice": ("persons:\n  - id: a\n    heading: A\n    forms: [Berman]\n  - id: b\n    heading: B\n    forms: [Berman]\n",
                        5, "form 'Berman' is claimed by 'a' and 'b'"),
    "possessive of another's form": ("persons:\n  - id: a\n    heading: A\n    forms: [Berman]\n"
                                     "  - id: b\n    heading: B\n    forms: [Berman’s]\n", 5, "possessive of 'Berman'"),
    "sub-entry form clash": ("places:\n  - id: m\n    heading: M\n    forms: [Moscow]\n    sub:\n      - id: k\n"
                             "        heading: K\n        forms: [Moscow]\n", 6, "claimed by 'm' and 'k'"),
    "no forms and no see": ("persons:\n  - id: a\n    heading: A\n", 2, "needs 'forms'"),
    "see to unknown": ("persons:\n  - id: a\n    heading: A\n    see: [zz]\n", 2, "unknown entry 'zz'"),
    "unknown key in sub-entry": ("places:\n  - id: m\n    heading: M\n    forms: [Moscow]\n    sub:\n      - id: k\n"
                                 "        heading: K\n        forms: [Kremlin]\n        sub: []\n", 9, "unknown key 'sub'"),
}


@pytest.mark.parametrize("case", REGISTRY_ERRORS)
def test_registry_errors_name_file_and_line(case, tmp_path):
    from samizdat.errors import SamizdatError
    from samizdat.source.registry import load_names

    text, line, message = REGISTRY_ERRORS[case]
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SamizdatError) as err:
        load_names(path)
    assert err.value.line == line and message in str(err.value), str(err.value)


# --- EPUB -------------------------------------------------------------------------------


def epub_stream(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]], etree._Element]:
    """The spine's text in reading order as ('text', s) and ('page', label) items; the page-list; the OPF."""
    z = zipfile.ZipFile(path)
    opf_name = next(n for n in z.namelist() if n.endswith(".opf"))
    base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
    opf = etree.fromstring(z.read(opf_name))
    ns = {"o": "http://www.idpf.org/2007/opf"}
    hrefs = {i.get("id"): i.get("href") for i in opf.findall(".//o:manifest/o:item", ns)}
    stream: list[tuple[str, str]] = []
    page_list: list[tuple[str, str]] = []
    for ref in opf.findall(".//o:spine/o:itemref", ns):
        name = hrefs[ref.get("idref")]
        doc = etree.fromstring(z.read(base + name))
        for nav in doc.iter(f"{XHTML}nav"):
            if nav.get(EPUB_TYPE) == "page-list":
                page_list = [(a.get("href"), a.text) for a in nav.iter(f"{XHTML}a")]
        _visit(doc.find(f"{XHTML}body"), stream)
    return stream, page_list, opf


def _visit(el, out) -> None:
    cls = (el.get("class") or "").split()
    if el.get(EPUB_TYPE) == "pagebreak":
        assert not (el.text or "").strip() and len(el) == 0, "a page-break marker holds text"
        out.append(("page", el.get("aria-label")))
    elif el.get("hidden") is None and "noteref" not in cls:
        out.append(("text", el.text or ""))
        for child in el:
            _visit(child, out)
    out.append(("text", el.tail or ""))


def first_words(items, n: int) -> list[str]:
    """The first n words of text items; page numbers (folios, locators) are not words of the text."""
    out: list[str] = []
    for kind, value in items:
        if kind == "text":
            out += [w for w in words(value) if not (w.isdigit() or ROMAN.match(w))]
            if len(out) >= n:
                break
    return out[:n]


def pdf_page_words(book: Built, page: int, n: int) -> list[str]:
    """A page's first words, without its running head and folio (drawn last, so at the end of the text)."""
    from pypdf import PdfReader

    text = PdfReader(str(book.pdf)).pages[page].extract_text() or ""
    lines = text.strip().splitlines()
    heads = {book.manuscript.metadata.title} | {s.title for s in book.manuscript.sections}
    if lines and lines[-1].strip() == book.labels[page]:
        lines.pop()
    if lines and lines[-1].strip() in heads:
        lines.pop()
    return first_words([("text", join_lines("\n".join(lines)))], n)


def test_page_break_markers_stand_where_the_printed_pages_begin(book):
    stream, page_list, _ = epub_stream(book.epub)
    markers = [i for i, (kind, _) in enumerate(stream) if kind == "page"]
    assert [stream[i][1] for i in markers] == book.labels, "one marker per printed page, in order"
    n = 3
    for page, label in enumerate(book.labels):
        # A page without words of its own (a blank verso) is marked where the next begins.
        following = next((p for p in range(page, len(book.labels)) if pdf_page_words(book, p, 1)), None)
        if following is None:
            continue
        expected = pdf_page_words(book, following, n + 1)
        at = markers[page]
        got = first_words(stream[at + 1:], n + 2)
        # One word of drift: a page that begins inside a hyphenated word is marked before it.
        assert expected[1:n + 1] in (got[1:n + 1], got[:n], got[2:n + 2]), \
            f"page {label}: the EPUB reads {got} after the marker, the PDF page begins {expected}"


def test_page_list_and_page_break_source(book):
    stream, page_list, opf = epub_stream(book.epub)
    assert [label for _, label in page_list] == book.labels
    assert all(href.split("#")[1] == f"page-{label}" for href, label in page_list)
    ns = {"o": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    source = opf.find(".//o:meta[@property='pageBreakSource']", ns)
    assert source is not None and source.text
    assert source.text in [s.text for s in opf.findall(".//dc:source", ns)], "dc:source must name the print edition"


def test_epub_index_shows_printed_pages_and_links_to_each_occurrence(book):
    z = zipfile.ZipFile(book.epub)
    docs = {n.rsplit("/", 1)[-1]: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}
    index = docs["index.xhtml"]
    assert index.find(f".//{XHTML}section").get(EPUB_TYPE) == "index"
    ids = {el.get("id"): name for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    for li in index.iter(f"{XHTML}li"):
        if li.get(EPUB_TYPE) != "index-entry":
            continue
        entry_id = li.get("id")[3:]
        for a in li.findall(f"{XHTML}span/{XHTML}a"):
            if a.get(EPUB_TYPE) != "index-locator":
                continue
            name, anchor = a.get("href").split("#")
            assert ids.get(anchor) == name, f"{entry_id}: locator {a.text} leads nowhere"
            assert entry_of(anchor) == entry_id
            assert a.text == book.labels[book.dest_page[anchor]], f"{entry_id}: {a.text} is not the printed page of {anchor}"


def test_epubcheck_accepts_index_and_page_list(book):
    assert epubcheck_problems(run_epubcheck(book.epub)) == []
