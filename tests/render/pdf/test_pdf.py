"""The print PDF as a printer's preflight and a reader see it.

Each property is checked on the real book (the session `built` fixture) and
on a synthetic book of 60+ pages built once for this module.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import BOOK, EPOCH, STYLES_DIR
from pdfcheck import (
    cmap_of, contents_entries, embedded_fonts, outline, page_zones, printable_characters, skewed_or_stroked_text,
)

ROMAN = re.compile(r"^[ivxlcdm]+$")


def _build(book_dir: Path, out: Path, **kw):
    from samizdat.build import build

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return build(book_dir, out, **kw)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from samizdat.source.synthetic import make_book

    root = tmp_path_factory.mktemp("synthetic")
    book = make_book(root, BOOK, pages=60)
    result = _build(book, root / "dist", formats=("pdf",))
    return {"pdf": result.outputs["pdf"], "dir": root / "dist", "book": book, "result": result}


class Book:
    """One built PDF, read once: its reader, page map, manuscript and page zones."""

    def __init__(self, pdf: Path, dist: Path, book_dir: Path):
        from samizdat.build import load_manuscript
        from samizdat.render.pagemap import PageMap
        from samizdat.render.pdf.geometry import GEOMETRY

        self.pdf = pdf
        self.reader = PdfReader(str(pdf))
        self.manuscript = load_manuscript(book_dir)
        self.geometry = GEOMETRY[self.manuscript.metadata.trim]
        self.page_map = PageMap.from_json(json.loads((dist / f".{self.manuscript.metadata.slug}.pagemap.json").read_text()))
        self.labels = self.reader.page_labels
        self.zones = page_zones(self.reader, self.geometry.top, self.geometry.bottom)
        self.texts = [page.extract_text() or "" for page in self.reader.pages]

    def opener(self, section_id: str) -> int:
        return self.page_map.anchors[section_id]


_books: dict[str, Book] = {}


@pytest.fixture(params=["real", "synthetic"])
def book(request, built) -> Book:
    if request.param not in _books:
        if request.param == "real":
            _books["real"] = Book(built["pdf"], built["dir"], BOOK)
        else:
            s = request.getfixturevalue("synthetic")
            _books["synthetic"] = Book(s["pdf"], s["dir"], s["book"])
    return _books[request.param]


def toc_sections(book: Book):
    return [s for s in book.manuscript.sections if s.kind not in ("titlepage", "contents", "notes")]


# -- the page -----------------------------------------------------------------------


def test_the_synthetic_book_has_sixty_pages(book):
    assert len(book.reader.pages) >= (60 if book.manuscript.metadata.title == "A Synthetic Book" else 20)


def test_every_page_is_the_trim_size(book):
    g = book.geometry
    for i, page in enumerate(book.reader.pages):
        for box in (page.mediabox, page.trimbox):
            assert (round(float(box.width)), round(float(box.height))) == (round(g.width * 72), round(g.height * 72)), f"page {i}"


def test_text_block_sets_about_65_characters_a_line(book):
    first = book.opener(next(s.id for s in book.manuscript.sections if s.kind == "chapter"))
    lines = [line for text in book.texts[first + 1:first + 4] for line in text.splitlines()]
    # Body lines only: full lines of text (footnotes are smaller and longer, heads and folios short).
    body = sorted(len(line) for line in lines if len(line) > 40)
    median = body[len(body) // 4: 3 * len(body) // 4]
    average = sum(median) / len(median)
    assert 58 <= average <= 75, f"{average:.1f} characters a line"


# -- sequence of pages ----------------------------------------------------------------


def test_front_matter_sequence(book):
    """Half title on i, blank ii, title page on iii (a recto), imprint on its verso iv."""
    m = book.manuscript.metadata
    assert book.labels[:4] == ["i", "ii", "iii", "iv"]
    assert book.texts[0].strip() == m.title
    assert book.texts[1].strip() == ""
    assert m.title.split()[-1] in book.texts[2] and "Orlov" in book.texts[2] or "Author" in book.texts[2]
    assert "Built " in book.texts[3] and "samizdat" in book.texts[3]
    for i in (0, 1, 2, 3):
        assert book.zones[i].head == "" and book.zones[i].foot == "", f"page {book.labels[i]} has a head or folio"


def test_openers_are_rectos_without_running_head(book):
    for section in toc_sections(book):
        page = book.opener(section.id)
        assert page % 2 == 0, f"{section.title!r} opens on a verso (page {book.labels[page]})"
        assert book.zones[page].head == "", f"{section.title!r} opener has a running head {book.zones[page].head!r}"
        assert section.title.split()[0] in book.zones[page].body


def test_running_heads_book_title_on_versos_section_on_rectos(book):
    title = book.manuscript.metadata.title
    opener_pages = {book.opener(s.id) for s in toc_sections(book)}
    heads = 0
    for i, zone in enumerate(book.zones):
        if not zone.head:
            continue
        heads += 1
        assert i not in opener_pages
        if i % 2 == 1:
            assert zone.head == title, f"verso {book.labels[i]}: {zone.head!r}"
        else:
            assert zone.head in {s.title for s in toc_sections(book)}, f"recto {book.labels[i]}: {zone.head!r}"
    assert heads > 3


def test_blank_pages_are_truly_blank(book):
    """A page with nothing in its text block has nothing in its margins either."""
    blanks = [i for i, z in enumerate(book.zones) if not z.body]
    for i in blanks:
        if i == 0:
            continue  # the half title sits high in the text block
        assert book.texts[i].strip() == "", f"blank page {book.labels[i]} carries {book.texts[i]!r}"
    assert blanks, "no blank verso at all: the openers could not all be rectos"


def test_page_labels_match_the_printed_folios(book):
    labels = book.labels
    first_chapter = book.opener(next(s.id for s in book.manuscript.sections if s.kind == "chapter"))
    assert labels[first_chapter] == "1"
    assert all(ROMAN.match(label) for label in labels[:first_chapter])
    assert [int(x) for x in labels[first_chapter:]] == list(range(1, len(labels) - first_chapter + 1))
    assert labels == book.page_map.labels
    printed = 0
    for i, zone in enumerate(book.zones):
        if zone.foot:
            assert zone.foot == labels[i], f"page {i}: folio {zone.foot!r}, label {labels[i]!r}"
            printed += 1
        elif zone.body and i > 3:
            pytest.fail(f"page {labels[i]} has text but no folio")
    assert printed > len(labels) // 2


# -- contents and bookmarks ------------------------------------------------------------


def contents(book: Book) -> list[tuple[str, str]]:
    page = book.opener("contents")
    return contents_entries(book.texts[page])


def test_contents_page_numbers_are_true(book):
    entries = contents(book)
    assert [title for title, _ in entries] == [s.title for s in toc_sections(book)]
    for (title, label), section in zip(entries, toc_sections(book)):
        assert book.labels[book.opener(section.id)] == label, f"{title}: contents says {label}"


def test_bookmarks_mirror_the_contents(book):
    marks = [(title, book.labels[page]) for title, page in outline(book.reader)]
    assert marks == contents(book)


# -- fonts ---------------------------------------------------------------------------


def test_every_font_is_embedded_subset_and_one_of_ours(book):
    fonts = embedded_fonts(book.reader)
    allowed = {"EB-Garamond", "EB-Garamond-Semi-Bold", "EB-Garamond-Bold", "EB-Garamond-Italic",
               "EB-Garamond-Semi-Bold-Italic", "EB-Garamond-Bold-Italic", "EB-Garamond-SemiBold-Italic",
               "Samizdat-Noto-Serif-CJK-SC", "Samizdat-Noto-Serif-CJK-SC-Italic", "Samizdat-Noto-Serif-CJK-SC-Bold",
               "Samizdat-Noto-Serif-CJK-SC-Semi-Bold", "Samizdat-Noto-Serif-CJK-SC-Bold-Italic",
               "Samizdat-Noto-Serif-CJK-SC-Semi-Bold-Italic"}
    assert fonts
    for base, font in fonts.items():
        assert font.embedded and font.program, f"{base} is not embedded"
        assert font.subset, f"{base} is embedded whole, not subset"
        assert font.name in allowed, f"{base}: a face that is not the book's (a system fallback?)"
    assert {"EB-Garamond", "EB-Garamond-Italic"} <= {f.name for f in fonts.values()}


def test_no_text_is_slanted_or_stroked(book):
    """Synthetic italic shears the text matrix; synthetic bold strokes the outline."""
    assert skewed_or_stroked_text(book.reader) == []


def test_every_weight_and_style_the_css_asks_for_is_a_real_face():
    from fontTools.ttLib import TTFont

    from samizdat.render import fonts

    faces = fonts.faces()
    for family in (fonts.FAMILY, fonts.CJK_FAMILY):
        have = {(f.weight, f.style) for f in faces if f.family == family}
        assert have == {(w, s) for w in fonts.WEIGHTS for s in fonts.STYLES}, family
    for face in faces:
        if face.family != fonts.FAMILY:
            continue
        font = TTFont(face.path, lazy=True)
        assert "fvar" not in font, f"{face.path.name} is still variable"
        assert font["OS/2"].usWeightClass == face.weight
        assert bool(font["head"].macStyle & 2) == (face.style == "italic"), face.path.name
    css = (STYLES_DIR / "print.css").read_text() + (STYLES_DIR / "base.css").read_text()
    asked = {int(w) for w in re.findall(r"font-weight:\s*(\d+)", css)} | {700 for _ in re.findall(r"font-weight:\s*bold", css)}
    assert asked <= set(fonts.WEIGHTS), f"the styles ask for weights {asked - set(fonts.WEIGHTS)} that have no face"


def book_characters(book: Book) -> set[str]:
    """Every character the PDF sets: the text of each section as rendered for print."""
    from samizdat.render.html.index import index_locators
    from samizdat.render.pdf.builder import PdfBuilder
    from samizdat.render.html.contents import TocEntry

    builder = PdfBuilder(book.manuscript, int(EPOCH))
    toc = [TocEntry(s.title, s.id, "1") for s in toc_sections(book)]
    chars: set[str] = set()
    for section in book.manuscript.sections:
        if section.kind == "notes":
            continue
        markup = builder.render_section(section, toc=toc, locators=index_locators(book.manuscript, None))
        chars |= printable_characters(lxml_html.fromstring(f"<div>{markup}</div>").text_content())
    return chars | printable_characters(book.manuscript.metadata.title)


def uncovered(chars: set[str], programs: list[bytes | Path]) -> set[str]:
    covered: set[str] = set()
    for program in programs:
        covered |= cmap_of(program)
    return chars - covered


def test_every_character_has_a_glyph_in_an_embedded_font(book):
    """Each embedded subset comes from one of our faces; the book's characters must be in their cmaps."""
    from samizdat.render import fonts

    used = {f.name for f in embedded_fonts(book.reader).values()}
    sources = [face.path for face in fonts.faces()
               if any(name.replace("-", "").startswith(face.family.replace(" ", "")) for name in used)]
    assert sources
    chars = book_characters(book)
    missing = uncovered(chars, sources)
    assert not missing, "no glyph for " + ", ".join(f"U+{ord(c):04X} {c}" for c in sorted(missing))
    if book.manuscript.metadata.title != "A Synthetic Book":
        assert "斯" in chars, "the Chinese of the introduction should be among the characters checked"


def test_glyph_check_catches_a_character_no_font_has():
    from samizdat.render import fonts

    assert uncovered({"a", "斯", "\u0f00"}, [f.path for f in fonts.faces()]) == {"\u0f00"}


# -- the file ------------------------------------------------------------------------


def test_metadata_language_and_tags(book):
    m = book.manuscript.metadata
    info = book.reader.metadata
    stamp = datetime.fromtimestamp(int(EPOCH), timezone.utc).strftime("D:%Y%m%d%H%M%S")
    assert info.title.startswith(m.title)
    assert info.author and m.creators[0].name in info.author
    assert info["/Subject"] == m.description
    assert info["/Keywords"] == ", ".join(m.subjects)
    assert str(info["/CreationDate"]).startswith(stamp) and str(info["/ModDate"]).startswith(stamp)
    root = book.reader.trailer["/Root"]
    assert root["/Lang"] == m.language
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root


@pytest.fixture(scope="module")
def variants(synthetic, tmp_path_factory):
    out = tmp_path_factory.mktemp("variants")
    book = synthetic["book"]
    return {
        "print-ua": _build(book, out / "print", formats=("pdf",), target="print", pdf_variant="pdf/ua-1").outputs["pdf"],
        "a-3b": _build(book, out / "a3b", formats=("pdf",), pdf_variant="pdf/a-3b").outputs["pdf"],
    }


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_pdf_ua_variant_is_marked(variants):
    reader = PdfReader(str(variants["print-ua"]))
    assert re.search(r"pdfuaid:part(>|=\")1", xmp(reader))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pdf_a_variant_is_marked(variants):
    reader = PdfReader(str(variants["a-3b"]))
    data = xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")3", data) and re.search(r"pdfaid:conformance(>|=\")B", data)
    assert reader.page_labels[0] == "i"


def test_print_target_has_bleed_and_crop_marks(variants, synthetic):
    from samizdat.render.pdf.geometry import GEOMETRY

    g = GEOMETRY["6x9"]
    bleed = 0.125 * 72
    reader = PdfReader(str(variants["print-ua"]))
    for i, page in enumerate(reader.pages):
        trim, bleed_box, media = page.trimbox, page.bleedbox, page.mediabox
        assert (round(float(trim.width)), round(float(trim.height))) == (g.width * 72, g.height * 72), f"page {i}"
        assert round(float(bleed_box.width) - float(trim.width), 2) == 2 * bleed
        assert round(float(bleed_box.height) - float(trim.height), 2) == 2 * bleed
        assert float(media.width) >= float(bleed_box.width) and float(media.height) >= float(bleed_box.height)
        assert float(bleed_box.left) <= float(trim.left) - bleed + 0.01
    # The same pages, the same labels, as the screen PDF.
    assert reader.page_labels == PdfReader(str(synthetic["pdf"])).page_labels
