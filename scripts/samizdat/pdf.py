"""Lay out the manuscript with WeasyPrint and write the PDF.

The book is laid out as three documents joined page by page: the main
matter first (its page map fixes every page number), then the front matter
(whose contents can now print true numbers), then the index (set from the
page map). No page is laid out twice, and the index can never shift the
pagination of what comes before it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import SamizdatError
from .fetch import make_fetcher
from .html import Writer, document, section_open
from .matter import (
    Locator, TocEntry, render_apparatus, render_contents, render_glossary, render_half_title, render_imprint,
    render_index, render_sources, render_title_page,
)
from .model import Manuscript, Section
from .pagemap import PageMap, read_anchors, read_page_starts
from . import fonts

# Closer setting for an index that would otherwise run a few lines onto a last page.
INDEX_CLOSER = (" .index { line-height: 1.2; } .index .index-entry { margin-bottom: 0.1em; }"
                " .index .index-letter { margin-top: 0.45em; } .index .index-kind h3 { margin: 0.8em 0 0.4em; }")
TRIM_SIZES = {"6x9": "6in 9in", "a4": "210mm 297mm", "letter": "8.5in 11in"}


@dataclass(frozen=True)
class Geometry:
    """A trim's page: size and margins in inches, type size and leading in points.

    The text block is set for about 65 characters a line of EB Garamond
    (measured: 16.8 characters an inch at 11 pt); the gutter (inner margin)
    is the wider side margin, so the binding does not eat the text.
    """

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    size: float
    leading: float

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


GEOMETRY = {
    "6x9": Geometry(6, 9, 0.8, 0.95, 0.95, 0.85, 11.5, 15),
    "a4": Geometry(8.27, 11.69, 1.1, 1.35, 1.95, 1.72, 12.5, 16.5),
    "letter": Geometry(8.5, 11, 1.05, 1.3, 2.05, 1.85, 12.5, 16.5),
}
PDF_ONLY_SKIP = ("notes",)  # endnotes are the EPUB's; print has footnotes


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def build_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


class PdfBuilder:
    def __init__(self, manuscript: Manuscript, epoch: int, *, variant: str | None = None, target: str = "screen"):
        from weasyprint.text.fonts import FontConfiguration

        self.m = manuscript
        self.epoch = epoch
        self.variant = variant
        self.target = target
        self.writer = Writer(manuscript, "pdf")
        self.font_config = FontConfiguration()
        self.fetcher = make_fetcher(manuscript)
        styles = Path(manuscript.styles_dir)
        self.stylesheets = [self._css(string=fonts.font_face_css())]
        self.stylesheets += [self._css(filename=styles / name) for name in ("base.css", "print.css")]
        self.stylesheets.append(self._css(string=self._book_css()))

    def _css(self, **kw):
        from weasyprint import CSS

        return CSS(font_config=self.font_config, url_fetcher=self.fetcher, **kw)

    def _book_css(self) -> str:
        m = self.m.metadata
        title = m.title.replace("\\", "\\\\").replace('"', '\\"')
        size, g = TRIM_SIZES[m.trim], GEOMETRY[m.trim]
        bleed = "@page { bleed: 0.125in; marks: crop cross; }" if self.target == "print" else ""
        return (f"@page {{ size: {size}; margin: {g.top}in {g.outer}in {g.bottom}in {g.inner}in; }}\n"
                f"@page :left {{ margin-left: {g.outer}in; margin-right: {g.inner}in; }}\n"
                f"@page :right {{ margin-left: {g.inner}in; margin-right: {g.outer}in; }}\n{bleed}\n"
                f"html {{ font-family: {fonts.font_stack()}; string-set: book-title \"{title}\";"
                f" font-size: {g.size}pt; line-height: {g.leading}pt; }}\n"
                # Title page and imprint fill the text block, so their parts can sit at its foot.
                f"section.titlepage, section.imprint {{ height: {g.text_height - 0.05:.2f}in; }}\n")

    def _layout(self, body: str, extra_css: str = "", matter: str = "main"):
        from weasyprint import HTML

        m = self.m.metadata
        head = "".join(
            f'<meta name="{name}" content="{value}"/>' for name, value in (
                ("author", ", ".join(p.name for p in m.creators)), ("description", m.description),
                ("keywords", ", ".join(m.subjects)), ("generator", "samizdat"),
                ("dcterms.created", datetime.fromtimestamp(self.epoch, timezone.utc).isoformat()),
                ("dcterms.modified", datetime.fromtimestamp(self.epoch, timezone.utc).isoformat()),
            )
        ).replace("&", "&amp;")
        html = document(m.title, m.language, body, (), extra_head=head, body_class=f"{matter}-matter")
        sheets = self.stylesheets + ([self._css(string=extra_css)] if extra_css else [])
        return HTML(string=html, base_url=self.m.book_dir + "/", url_fetcher=self.fetcher).render(
            stylesheets=sheets, font_config=self.font_config, pdf_tags=True,
        )

    def _blank_page(self):
        return self._layout("", "@page { @bottom-center { content: none } }").pages[0]

    # -- parts -------------------------------------------------------------------------

    def _split(self) -> tuple[list[Section], list[Section], Section | None]:
        sections = [s for s in self.m.sections if s.kind not in PDF_ONLY_SKIP]
        first_body = next(i for i, s in enumerate(sections) if s.kind == "chapter")
        index = next((s for s in sections if s.kind == "index"), None)
        if index is not None and sections[-1] is not index:
            raise SamizdatError(index.loc.path if index.loc else None, index.loc.line if index.loc else None,
                                "the index must come last in 'contents'")
        front = sections[:first_body]
        body = [s for s in sections[first_body:] if s is not index]
        return front, body, index

    def render_section(self, section: Section, **context) -> str:
        w = self.writer
        if section.kind == "titlepage":
            return "\n".join((render_half_title(w), render_title_page(w), render_imprint(w, build_date(self.epoch))))
        if section.kind == "contents":
            return render_contents(w, section, context["toc"])
        if section.kind == "apparatus":
            return render_apparatus(w, section, {})
        if section.kind == "glossary":
            return render_glossary(w, section)
        if section.kind == "sources":
            return render_sources(w, section)
        if section.kind == "index":
            return render_index(w, section, context["locators"], ranges=True)
        if section.kind in ("introduction", "chapter"):
            w.in_introduction = section.kind == "introduction"
            return section_open(section.id, section.kind, section.title) + "\n" + w.blocks(section.blocks) + "\n</section>"
        raise TypeError(f"no PDF rule for section kind '{section.kind}'")

    # -- the whole ---------------------------------------------------------------------

    def build(self) -> tuple[bytes, PageMap]:
        front, body, index = self._split()
        body_doc = self._layout("\n".join(self.render_section(s) for s in body))
        n_body = len(body_doc.pages)
        body_blank = n_body % 2  # the index opens on a recto
        index_start = n_body + body_blank + 1

        toc = []
        for s in front + body + ([index] if index else []):
            if s.kind in ("titlepage", "contents"):
                continue
            label = None
            if s in body:
                label = str(_first_page(body_doc, s.id) + 1)
            elif s is index:
                label = str(index_start)
            toc.append(TocEntry(s.title, s.id, label))
        front_doc = self._layout("\n".join(self.render_section(s, toc=toc) for s in front), matter="front")
        n_front = len(front_doc.pages)
        front_blank = n_front % 2

        page_map = PageMap(front_pages=n_front + front_blank)
        page_map.labels = [roman(i + 1) for i in range(n_front + front_blank)]
        page_map.labels += [str(i + 1) for i in range(n_body + body_blank)]
        read_anchors(front_doc, 0, page_map)
        read_anchors(body_doc, n_front + front_blank, page_map)
        page_map.starts = (read_page_starts(front_doc) + [None] * front_blank
                           + read_page_starts(body_doc) + [None] * body_blank)

        pages = list(front_doc.pages)
        blank = self._blank_page() if front_blank or body_blank else None
        pages += [blank] * front_blank + list(body_doc.pages) + [blank] * body_blank
        if index is not None:
            index_doc = self._layout_index(index, index_locators(self.m, page_map), index_start)
            offset = len(pages)
            page_map.labels += [str(index_start + i) for i in range(len(index_doc.pages))]
            read_anchors(index_doc, offset, page_map)
            page_map.starts += read_page_starts(index_doc)
            pages += index_doc.pages
        pdf = body_doc.copy(pages).write_pdf(pdf_variant=self.variant, pdf_tags=True, uncompressed_pdf=False)
        return finish_pdf(pdf, self.m, page_map, self.epoch), page_map


    def _layout_index(self, index: Section, locators: dict, first_page: int):
        """The index, set a little closer when that saves its last page.

        Laying out the index alone takes a fraction of a second, so a second
        try costs little; a last page with a few runover lines does not pass.
        """
        html = self.render_section(index, locators=locators)
        start = f"@page :first {{ counter-reset: page {first_page}; }}"
        doc = self._layout(html, start, matter="back")
        if len(doc.pages) > 1:
            closer = self._layout(html, start + INDEX_CLOSER, matter="back")
            if len(closer.pages) < len(doc.pages):
                return closer
        return doc


def _first_page(doc, anchor: str) -> int:
    for i, page in enumerate(doc.pages):
        if anchor in page.anchors:
            return i
    raise KeyError(anchor)


def index_locators(manuscript: Manuscript, page_map: PageMap | None) -> dict[str, list[Locator]]:
    """Each entry's occurrences as (page label, anchor), in reading order."""
    from .assemble import name_occurrences

    out: dict[str, list[Locator]] = {}
    for entry_id, refs in name_occurrences(manuscript).items():
        locs = []
        for n, ref in enumerate(refs, start=1):
            if page_map is not None:
                locs.append(Locator(page_map.label(ref.anchor), ref.anchor, page_map.anchors[ref.anchor]))
            else:
                locs.append(Locator(str(n), ref.anchor, n))
        out[entry_id] = locs
    return out


def finish_pdf(pdf: bytes, manuscript: Manuscript, page_map: PageMap, epoch: int) -> bytes:
    """Add what WeasyPrint does not write: page labels and full metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if page_map.front_pages:
        writer.set_page_label(0, page_map.front_pages - 1, style="/r", start=1)
    if len(page_map.labels) > page_map.front_pages:
        writer.set_page_label(page_map.front_pages, len(page_map.labels) - 1, style="/D", start=1)
    m = manuscript.metadata
    stamp = datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({
        "/Title": m.title + (f": {m.subtitle}" if m.subtitle else ""),
        "/Author": ", ".join(p.name for p in m.creators),
        "/Subject": m.description,
        "/Keywords": ", ".join(m.subjects),
        "/Creator": "samizdat",
        "/Producer": "samizdat with WeasyPrint",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    writer._root_object[NameObject("/Lang")] = TextStringObject(m.language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
