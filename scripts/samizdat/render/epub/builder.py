"""The model -> EPUB 3, with ebooklib, then a reproducible zip.

Each section is one XHTML document written by `html`/`matter` and added as
a plain EpubItem (EpubHtml would rewrite it and drop attributes). The nav
document (toc, landmarks, page-list) is ours. After ebooklib writes the
file, the zip is rewritten with a fixed order and fixed timestamps.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from typing import Callable

from ...model import Manuscript, OutputFormat, Section, SectionKind, ids
from ..html.apparatus import render_apparatus
from ..html.endnotes import render_endnotes
from ..html.glossary import render_glossary
from ..html.index import index_locators, render_index
from ..html.sources import render_sources
from ..html.titlepage import build_date, render_imprint, render_title_page
from ..html.writer import Writer, anchors_of, attrs, document, esc, render_text_section
from ..pagemap import PageMap
from .pagebreaks import PageMark, insert_page_marks, plan_page_marks

STYLESHEETS = ("base.css", "epub.css")
ID_ATTR = re.compile(r'\sid="([^"]+)"')
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # entries carry a fixed time; the book's date is in the OPF


def file_name(section: Section) -> str:
    return "nav.xhtml" if section.kind == SectionKind.CONTENTS else f"{section.id}.xhtml"


def anchor_files(m: Manuscript, sections: list[Section]) -> dict[str, str]:
    files: dict[str, str] = {}
    for s in sections:
        name = file_name(s)
        for anchor in anchors_of(s, m.notes):
            files[anchor] = name
        if s.kind == SectionKind.TITLEPAGE:
            files["titlepage"] = name
            files["imprint"] = "imprint.xhtml"
        elif s.kind == SectionKind.APPARATUS:
            files.update({ids.apparatus_entry(e.id): name for e in m.emendations})
        elif s.kind == SectionKind.NOTES:
            files.update({ids.note(n.id): name for n in m.notes})
        elif s.kind == SectionKind.GLOSSARY:
            files.update({g.id: name for g in m.glossary})
        elif s.kind == SectionKind.SOURCES:
            files.update({ids.source(r.key): name for r in m.sources})
        elif s.kind == SectionKind.INDEX:
            files.update({ids.index_entry(e.id): name for e in m.names})
    for note in m.notes:  # names inside endnotes live in the notes document
        for block in note.body:
            for anchor in anchors_of(Section("x", SectionKind.NOTES, "", (block,)), ()):
                files.setdefault(anchor, files.get(ids.note(note.id), ""))
    return files


# Landmarks for back matter: section kind -> epub:type.
LANDMARKS = {SectionKind.INDEX: "index", SectionKind.GLOSSARY: "glossary", SectionKind.NOTES: "endnotes",
             SectionKind.SOURCES: "bibliography"}


class EpubBuilder:
    def __init__(self, manuscript: Manuscript, epoch: int, page_map: PageMap | None = None):
        self.m = manuscript
        self.epoch = epoch
        self.page_map = page_map
        self.sections = list(manuscript.sections)
        self.writer = Writer(manuscript, OutputFormat.EPUB, anchor_files(manuscript, self.sections))

    def xhtml(self, title: str, body: str) -> str:
        return document(title, self.m.metadata.language, body, [f"css/{name}" for name in STYLESHEETS])

    def section_documents(self, section: Section) -> list[tuple[str, str, str]]:
        """(file name, title, XHTML) for each document a section becomes."""
        # In the EPUB the first mention of each name in the introduction links to the index.
        self.writer.in_introduction = section.kind == SectionKind.INTRODUCTION
        return SECTION_RENDERERS[section.kind](self, section)

    def one_document(self, section: Section, body: str) -> list[tuple[str, str, str]]:
        return [(file_name(section), section.title, self.xhtml(section.title, body))]

    def title_documents(self, section: Section) -> list[tuple[str, str, str]]:
        """The title page and the imprint, a document each."""
        w = self.writer
        return [(file_name(section), "Title page", self.xhtml(self.m.metadata.title, render_title_page(w))),
                ("imprint.xhtml", "Imprint", self.xhtml("Imprint", render_imprint(w, build_date(self.epoch))))]

    def apparatus_body(self, section: Section) -> str:
        where = {}
        if self.page_map is not None:
            where = {e.id: self.page_map.label(ids.emended(e.id)) for e in self.m.emendations}
        return render_apparatus(self.writer, section, where)

    def toc_sections(self) -> list[Section]:
        """The contents, as in the PDF (which has no endnotes: print has footnotes)."""
        return [s for s in self.sections if s.kind not in (SectionKind.TITLEPAGE, SectionKind.CONTENTS)]

    def nav(self, page_marks: list[PageMark] = ()) -> str:
        w = self.writer
        toc = self.toc_sections()
        items = "\n".join(f'<li><a{attrs(href=w.href(s.id))}>{esc(s.title)}</a></li>' for s in toc)
        # A landmark may point only at a document in the spine (EPUBCheck RSC-011); the cover always is.
        landmarks = [("cover", "cover.xhtml", "Cover")]
        landmarks += [(t, h, label) for t, h, label, kind in (
            ("titlepage", "titlepage.xhtml", "Title page", SectionKind.TITLEPAGE),
            ("toc", "nav.xhtml", "Contents", SectionKind.CONTENTS)) if self.m.has(kind)]
        first_chapter = next(s for s in self.sections if s.kind == SectionKind.CHAPTER)
        landmarks.append(("bodymatter", w.href(first_chapter.id), "Start of the text"))
        for s in self.sections:
            if s.kind in LANDMARKS:
                landmarks.append((LANDMARKS[s.kind], w.href(s.id), s.title))
        landmark_items = "\n".join(f'<li><a{attrs(epub_type=t, href=h)}>{esc(label)}</a></li>' for t, h, label in landmarks
                                   if t != "titlepage" or self.m.has(SectionKind.TITLEPAGE))
        body = (
            f'<nav{attrs(id="toc", epub_type="toc", role="doc-toc", aria_labelledby="toc-title")}>\n'
            f'<h2 id="toc-title" class="section-title">Contents</h2>\n<ol>\n{items}\n</ol>\n</nav>\n'
            f'<nav{attrs(id="landmarks", epub_type="landmarks", aria_label="Landmarks", hidden="hidden")}>\n'
            f"<ol>\n{landmark_items}\n</ol>\n</nav>"
        )
        if page_marks:
            # The printed pages, so that "page 7" means the same words in both formats.
            pages = "\n".join(f'<li><a{attrs(href=f"{m.file}#{m.anchor}")}>{esc(m.label)}</a></li>' for m in page_marks)
            body += (f'\n<nav{attrs(id="page-list", epub_type="page-list", aria_label="Pages of the print edition", hidden="hidden")}>\n'
                     f"<ol>\n{pages}\n</ol>\n</nav>")
        return self.xhtml("Contents", body)

    def print_edition(self) -> str:
        """The print edition the page-break markers come from, named in one line."""
        m = self.m.metadata
        return f"{m.title}, print edition (PDF, {m.trim.words}), {m.publisher or 'samizdat'} {m.date}".strip()

    def documents(self) -> list[tuple[str, str, str, str]]:
        """(uid, file name, title, XHTML) for every document in reading order, page-break markers in.

        The nav document is planned with the others: its contents page has
        a marker too, and its page-list must know which file each marker is in.
        """
        docs: list[tuple[str, str, str, str | None]] = []
        for section in self.sections:
            if section.kind == SectionKind.CONTENTS:
                docs.append(("nav", "nav.xhtml", section.title, None))
                continue
            for name, title, xhtml in self.section_documents(section):
                docs.append((name.removesuffix(".xhtml"), name, title, xhtml))
        if not any(uid == "nav" for uid, *_ in docs):
            docs.append(("nav", "nav.xhtml", "Contents", None))
        marks: list[PageMark] = []
        if self.page_map is not None:
            ids = {name: set(ID_ATTR.findall(xhtml or self.nav())) for _, name, _, xhtml in docs}
            marks = plan_page_marks(self.page_map, ids)
        out = []
        for uid, name, title, xhtml in docs:
            xhtml = xhtml if xhtml is not None else self.nav(marks)
            out.append((uid, name, title, insert_page_marks(xhtml, [m for m in marks if m.file == name])))
        return out

    def build(self) -> bytes:
        from ebooklib import epub

        from .cover import COVER_IMAGE, COVER_PAGE, render_cover, render_cover_page
        from .package import add_book_metadata, write_epub

        book = epub.EpubBook()
        documents = self.documents()
        nav_xhtml = next(xhtml for uid, _, _, xhtml in documents if uid == "nav")
        add_book_metadata(book, self.m.metadata, page_list='epub:type="page-list"' in nav_xhtml,
                          cover_item="cover-image")
        if self.page_map is not None:
            # The page-list's page numbers are those of this print edition.
            book.add_metadata("DC", "source", self.print_edition())
            book.add_metadata(None, "meta", self.print_edition(), {"property": "pageBreakSource"})

        styles = Path(self.m.styles_dir)
        for name in STYLESHEETS:
            book.add_item(epub.EpubItem(uid=f"css-{name[:-4]}", file_name=f"css/{name}", media_type="text/css",
                                        content=(styles / name).read_bytes()))
        cover_image = epub.EpubItem(uid="cover-image", file_name=COVER_IMAGE, media_type="image/png",
                                    content=render_cover(self.m.metadata))
        cover_image.properties = ["cover-image"]
        book.add_item(cover_image)
        cover_page = render_cover_page(self.m.metadata, self.m.metadata.language,
                                       [f"css/{name}" for name in STYLESHEETS])
        book.add_item(epub.EpubItem(uid="cover", file_name=COVER_PAGE, media_type="application/xhtml+xml",
                                    content=cover_page.encode("utf-8")))
        spine = ["cover"]
        for uid, name, _title, xhtml in documents:
            item = epub.EpubItem(uid=uid, file_name=name, media_type="application/xhtml+xml", content=xhtml.encode("utf-8"))
            if uid == "nav":
                item.properties = ["nav"]
            book.add_item(item)
            # A nav document is required even when the contents are not in the reading order.
            if uid != "nav" or self.m.has(SectionKind.CONTENTS):
                spine.append(uid)
        # toc.ncx, for EPUB 2 reading systems: the same entries as the nav's toc.
        book.toc = [epub.Link(self.writer.href(s.id), s.title, s.id) for s in self.toc_sections()]
        book.add_item(epub.EpubNcx())
        book.spine = spine
        raw = io.BytesIO()
        modified = datetime.fromtimestamp(self.epoch, timezone.utc).replace(tzinfo=None)
        write_epub(raw, book, {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": False,
                               "mtime": modified, "spine_direction": False})
        return reproducible_zip(raw.getvalue())


def reproducible_zip(data: bytes) -> bytes:
    """Same entries, mimetype first and stored, the rest in a fixed order with fixed times."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in source.namelist() if n != "mimetype"]
    order = sorted(names, key=lambda n: (not n.startswith("META-INF/"), n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        info = zipfile.ZipInfo("mimetype", ZIP_TIME)
        info.compress_type = zipfile.ZIP_STORED
        target.writestr(info, source.read("mimetype"))
        for name in order:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


# Section kind -> the EPUB documents it becomes: [(file name, title, XHTML)].
# The contents are the nav document, which `EpubBuilder.nav` writes last,
# once every other document's page-break markers are known.
SECTION_RENDERERS: dict[SectionKind, Callable[[EpubBuilder, Section], list[tuple[str, str, str]]] | None] = {
    SectionKind.TITLEPAGE: EpubBuilder.title_documents,
    SectionKind.CONTENTS: None,
    SectionKind.INTRODUCTION: lambda b, s: b.one_document(s, render_text_section(b.writer, s)),
    SectionKind.CHAPTER: lambda b, s: b.one_document(s, render_text_section(b.writer, s)),
    SectionKind.APPARATUS: lambda b, s: b.one_document(s, b.apparatus_body(s)),
    SectionKind.NOTES: lambda b, s: b.one_document(s, render_endnotes(b.writer, s)),
    SectionKind.GLOSSARY: lambda b, s: b.one_document(s, render_glossary(b.writer, s)),
    SectionKind.SOURCES: lambda b, s: b.one_document(s, render_sources(b.writer, s)),
    SectionKind.INDEX: lambda b, s: b.one_document(s, render_index(b.writer, s, index_locators(b.m, b.page_map), ranges=False)),
}
