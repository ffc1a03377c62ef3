"""Lay out the manuscript with WeasyPrint and write the PDF.

The book is laid out as three documents joined page by page: the main
matter first (its page map fixes every page number), then the front matter
(whose contents can now print true numbers), then the index (set from the
page map). No page is laid out twice, and the index can never shift the
pagination of what comes before it. The joined pages are written as one
document, so links and bookmarks resolve across the parts; the page labels
WeasyPrint does not write are added to its PDF before the trailer, followed
by the target's own finishers (`PdfBuilder.finishers`, in order).
"""

from __future__ import annotations

import gc
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ...errors import SamizdatError
from ...model import Manuscript, OutputFormat, Section, SectionKind, Target, ids
from .. import fonts
from ..html.apparatus import render_apparatus
from ..html.contents import TocEntry, render_contents
from ..html.glossary import render_glossary
from ..html.index import index_locators, render_index
from ..html.sources import render_sources
from ..html.titlepage import build_date, render_half_title, render_imprint, render_title_page
from ..html.writer import Writer, document, render_text_section
from ..pagemap import PageMap, roman
from .geometry import GEOMETRY
from .pagemap import read_anchors, read_page_starts
from .targets import PDF_VARIANT, OnDemand
from .write import add_page_labels, page_references_cached

# Closer setting for an index that would otherwise run a few lines onto a last page.
INDEX_CLOSER = (" .index { line-height: 1.2; } .index .index-entry { margin-bottom: 0.1em; }"
                " .index .index-letter { margin-top: 0.45em; } .index .index-kind h3 { margin: 0.8em 0 0.4em; }")
INDEX_CLOSER_GAIN = 0.08  # about what INDEX_CLOSER saves of the index's height

# Section kind -> its XHTML for print, given the builder, the section and what
# layout has learnt so far (the contents' entries, the index's locators).
# None: print has no such section (the editor's notes are footnotes).
SectionRenderer = Callable[["PdfBuilder", Section, dict], str]
SECTION_RENDERERS: dict[SectionKind, SectionRenderer | None] = {
    SectionKind.TITLEPAGE: lambda b, s, _: "\n".join((render_half_title(b.writer), render_title_page(b.writer),
                                                      render_imprint(b.writer, build_date(b.epoch)))),
    SectionKind.CONTENTS: lambda b, s, context: render_contents(b.writer, s, context["toc"]),
    SectionKind.INTRODUCTION: lambda b, s, _: render_text_section(b.writer, s),
    SectionKind.CHAPTER: lambda b, s, _: render_text_section(b.writer, s),
    SectionKind.APPARATUS: lambda b, s, _: render_apparatus(b.writer, s, {}),
    SectionKind.NOTES: None,
    SectionKind.GLOSSARY: lambda b, s, _: render_glossary(b.writer, s),
    SectionKind.SOURCES: lambda b, s, _: render_sources(b.writer, s),
    SectionKind.INDEX: lambda b, s, context: render_index(b.writer, s, context["locators"], ranges=True),
}


class PdfBuilder:
    def __init__(self, manuscript: Manuscript, epoch: int, *, variant: str | None = None, target: str = Target.SCREEN,
                 timings: dict[str, float] | None = None):
        from weasyprint.text.fonts import FontConfiguration

        from .fetch import make_fetcher
        from .harfbuzz import warn_if_subsetting_is_slow

        warn_if_subsetting_is_slow()
        # Stage times ("html", "pdf layout", "index", "pdf write") are added to `timings`.
        self.timings = {} if timings is None else timings

        self.m = manuscript
        self.epoch = epoch
        self.variant = variant
        self.target = target
        # A print-on-demand preset (kdp, ingramspark): CMYK, the printer's margins and page count.
        self.on_demand = OnDemand.of(manuscript, Target(target)) if Target(target).on_demand else None
        self.writer = Writer(manuscript, OutputFormat.PDF)
        self.font_config = FontConfiguration()
        # The one dict WeasyPrint keeps a declared CMYK profile in: every CSS and render() gets it.
        self.color_profiles: dict = {}
        self.fetcher = make_fetcher(manuscript, convert_image=self.on_demand.image if self.on_demand else None)
        styles = Path(manuscript.styles_dir)
        self.stylesheets = [self._css(string=fonts.font_face_css())]
        self.stylesheets += [self._css(filename=styles / name) for name in ("base.css", "print.css")]
        self.stylesheets.append(self._css(string=self._book_css()))
        if self.on_demand:
            self.stylesheets.append(self._css(string=self.on_demand.css(manuscript)))
        # Run on WeasyPrint's PDF after the page labels, in order: fn(document, pdf).
        self.finishers: list[Callable] = self.on_demand.finishers() if self.on_demand else []

    def _css(self, **kw):
        from weasyprint import CSS

        return CSS(font_config=self.font_config, url_fetcher=self.fetcher, color_profiles=self.color_profiles, **kw)

    def _book_css(self) -> str:
        m = self.m.metadata
        title = m.title.replace("\\", "\\\\").replace('"', '\\"')
        size, g = m.trim.size.css, GEOMETRY[m.trim]
        bleed = "@page { bleed: 0.125in; marks: crop cross; }" if self.target == Target.PRINT else ""
        return (f"@page {{ size: {size}; margin: {g.top}in {g.outer}in {g.bottom}in {g.inner}in; }}\n"
                f"@page :left {{ margin-left: {g.outer}in; margin-right: {g.inner}in; }}\n"
                f"@page :right {{ margin-left: {g.inner}in; margin-right: {g.outer}in; }}\n{bleed}\n"
                f"html {{ font-family: {fonts.font_stack()}; string-set: book-title \"{title}\";"
                f" font-size: {g.size}pt; line-height: {g.leading}pt; }}\n"
                # Title page and imprint fill the text block, so their parts can sit at its foot.
                f"section.titlepage, section.imprint {{ height: {g.text_height - 0.05:.2f}in; }}\n")

    def _document(self, body: str, matter: str = "main") -> str:
        m = self.m.metadata
        head = "".join(
            f'<meta name="{name}" content="{value}"/>' for name, value in (
                ("author", ", ".join(p.name for p in m.creators)), ("description", m.description),
                ("keywords", ", ".join(m.subjects)), ("generator", "samizdat"),
                ("dcterms.created", datetime.fromtimestamp(self.epoch, timezone.utc).isoformat()),
                ("dcterms.modified", datetime.fromtimestamp(self.epoch, timezone.utc).isoformat()),
            )
        ).replace("&", "&amp;")
        return document(m.title, m.language, body, (), extra_head=head, body_class=f"{matter}-matter")

    def _layout(self, body: str, extra_css: str = "", matter: str = "main"):
        from weasyprint import HTML

        html = self._document(body, matter)
        sheets = self.stylesheets + ([self._css(string=extra_css)] if extra_css else [])
        return HTML(string=html, base_url=self.m.book_dir + "/", url_fetcher=self.fetcher).render(
            stylesheets=sheets, font_config=self.font_config, pdf_tags=True, color_profiles=self.color_profiles,
        )

    def _blank_page(self):
        return self._layout("", "@page { @bottom-center { content: none } }").pages[0]

    # -- parts -------------------------------------------------------------------------

    def _split(self) -> tuple[list[Section], list[Section], Section | None]:
        sections = [s for s in self.m.sections if SECTION_RENDERERS[s.kind] is not None]
        first_body = next(i for i, s in enumerate(sections) if s.kind == SectionKind.CHAPTER)
        index = next((s for s in sections if s.kind == SectionKind.INDEX), None)
        if index is not None and sections[-1] is not index:
            raise SamizdatError(index.loc.path if index.loc else None, index.loc.line if index.loc else None,
                                "the index must come last in 'contents'")
        front = sections[:first_body]
        body = [s for s in sections[first_body:] if s is not index]
        return front, body, index

    def render_section(self, section: Section, **context) -> str:
        self.writer.in_introduction = section.kind == SectionKind.INTRODUCTION
        return SECTION_RENDERERS[section.kind](self, section, context)

    # -- the whole ---------------------------------------------------------------------

    def _timed(self, stage: str, start: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - start
        return now

    def contents_entries(self, front: list[Section], body: list[Section], index: Section | None,
                         body_page: dict[str, int], index_start: int) -> list[TocEntry]:
        """The printed contents: body sections at their first page, the index where it will open."""
        toc = []
        for s in front + body + ([index] if index else []):
            if s.kind in (SectionKind.TITLEPAGE, SectionKind.CONTENTS):
                continue
            label = None
            if s in body:
                label = str(body_page[s.id] + 1)
            elif s is index:
                label = str(index_start)
            toc.append(TocEntry(s.title, s.id, label))
        return toc

    def build(self) -> tuple[bytes, PageMap]:
        try:
            whole, page_map = self.layout()
            start = time.perf_counter()
            if self.on_demand:
                self.on_demand.prepare(whole)
            with page_references_cached():
                # A printer's file carries no structure tags: its links are gone, and nothing reads them.
                pdf = whole.write_pdf(pdf_variant=PDF_VARIANT if self.on_demand else self.variant,
                                      pdf_tags=self.on_demand is None, uncompressed_pdf=False,
                                      finisher=self._finisher(page_map))
            self._timed("pdf write", start)
        finally:
            gc.unfreeze()
        return pdf, page_map

    def _finisher(self, page_map: PageMap):
        def finish(document, pdf) -> None:
            add_page_labels(pdf, page_map)
            for finisher in self.finishers:
                finisher(document, pdf)
        return finish

    def page_map(self) -> PageMap:
        """Only the page map: the book laid out, nothing written."""
        try:
            return self.layout()[1]
        finally:
            gc.unfreeze()

    def layout(self):
        """The whole book laid out (a WeasyPrint Document) and its page map; callers unfreeze the collector."""
        start = time.perf_counter()
        front, body, index = self._split()
        body_html = "\n".join(self.render_section(s) for s in body)
        start = self._timed("html", start)
        body_doc = self._layout(body_html)
        # The body's boxes live until the PDF is written: set them aside so the
        # collector does not walk them again through every later layout
        # (`build` and `page_map` unfreeze them).
        gc.collect()
        gc.freeze()
        start = self._timed("pdf layout", start)
        n_body = len(body_doc.pages)
        body_blank = n_body % 2  # the index opens on a recto
        index_start = n_body + body_blank + 1

        body_page = {s.id: _first_page(body_doc, s.id) for s in body}
        toc = self.contents_entries(front, body, index, body_page, index_start)
        front_html = "\n".join(self.render_section(s, toc=toc) for s in front)
        start = self._timed("html", start)
        front_doc = self._layout(front_html, matter="front")
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
        start = self._timed("pdf layout", start)
        if index is not None:
            index_doc = self._layout_index(index, index_locators(self.m, page_map), index_start)
            offset = len(pages)
            page_map.labels += [str(index_start + i) for i in range(len(index_doc.pages))]
            read_anchors(index_doc, offset, page_map)
            page_map.starts += read_page_starts(index_doc)
            pages += index_doc.pages
            self._timed("index", start)
        added = self.on_demand.pages_to_add(len(pages)) if self.on_demand else 0
        if added:  # blank pages at the end, never inside the text: the printer's page count
            blank = blank or self._blank_page()
            arabic = len(page_map.labels) - page_map.front_pages
            page_map.labels += [str(arabic + i + 1) for i in range(added)]
            page_map.starts += [None] * added
            pages += [blank] * added
        # One document of all pages: links from the front matter and the index
        # resolve to anchors on the body's pages, bookmarks follow page order.
        whole = body_doc.copy(pages)
        m = self.m.metadata
        whole.metadata.title = m.title + (f": {m.subtitle}" if m.subtitle else "")
        whole.metadata.lang = m.language
        return whole, page_map

    def plain_html(self, page_map: PageMap) -> str:
        """The whole book as one HTML document, as `build` sets it (a reference for the benchmark)."""
        front, body, index = self._split()
        body_page = {s.id: page_map.anchors[s.id] - page_map.front_pages for s in body}
        index_start = int(page_map.label(index.id)) if index is not None else 0
        toc = self.contents_entries(front, body, index, body_page, index_start)
        parts = [self.render_section(s, toc=toc) for s in front] + [self.render_section(s) for s in body]
        if index is not None:
            parts.append(self.render_section(index, locators=index_locators(self.m, page_map)))
        return self._document("\n".join(parts))

    def css_text(self) -> str:
        """The stylesheets `build` uses, as one text (a reference for the benchmark)."""
        styles = Path(self.m.styles_dir)
        return "\n".join([fonts.font_face_css()] + [(styles / n).read_text(encoding="utf-8") for n in ("base.css", "print.css")]
                         + [self._book_css()])

    def _layout_index(self, index: Section, locators: dict, first_page: int):
        """The index, set a little closer when that saves its last page.

        A last page with a few runover lines does not pass. The closer setting
        gains only a few per cent of the index's height, so the second try is
        made only when the last page holds no more than that share of entries:
        in a long book the index is long and a blind second try would cost.
        """
        html = self.render_section(index, locators=locators)
        start = f"@page :first {{ counter-reset: page {first_page}; }}"
        doc = self._layout(html, start, matter="back")
        if len(doc.pages) > 1 and _share_on_last_page(doc, ids.INDEX_PREFIX) <= INDEX_CLOSER_GAIN:
            closer = self._layout(html, start + INDEX_CLOSER, matter="back")
            if len(closer.pages) < len(doc.pages):
                return closer
        return doc


def _share_on_last_page(doc, prefix: str) -> float:
    """The share of the anchors starting with `prefix` that fall on the document's last page."""
    counts = [sum(1 for a in page.anchors if a.startswith(prefix)) for page in doc.pages]
    return counts[-1] / max(1, sum(counts))


def _first_page(doc, anchor: str) -> int:
    for i, page in enumerate(doc.pages):
        if anchor in page.anchors:
            return i
    raise KeyError(anchor)


