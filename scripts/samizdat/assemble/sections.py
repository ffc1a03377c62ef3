"""The first step of assembly: the book's reading order as sections of blocks.

Each entry of `contents:` becomes a Section: a seed becomes a chapter of
paragraphs (emendations applied), the introduction and the apparatus are
parsed from Markdown, generated sections (contents, index, ...) start
empty. The notes' texts are parsed here too. The passes after this one
attach, cite, typeset and tag.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import SamizdatError
from ..model import (
    FRONT_KINDS, Manuscript, Matter, ReceivedText, Section, SectionKind, SourceLoc, ids,
)
from ..source import BookInput
from .markdown import parse_blocks
from .seeds import seed_paragraphs


def manuscript_of(book: BookInput, styles_dir: str = "") -> Manuscript:
    """The Manuscript before any pass: sections of blocks in reading order, notes parsed, nothing tagged."""
    check_source_keys(book)
    sections = build_sections(book)
    notes = tuple(replace(n, body=parse_blocks(n.text, n.loc.path, ids.note_body(n.id), n.loc.line)) for n in book.notes)
    received = tuple(ReceivedText(item.path.name, book.texts[item.path])
                     for item in book.contents if item.kind == SectionKind.CHAPTER)
    return Manuscript(
        metadata=book.metadata, sections=tuple(sections), names=book.names, emendations=book.emendations,
        notes=notes, glossary=book.glossary, sources=book.sources, styles_dir=styles_dir,
        book_dir=str(book.book_dir), inputs=tuple(str(p) for p in book.inputs), received=received,
    )


def build_sections(book: BookInput) -> list[Section]:
    """The reading order as sections; each remembers the file its text came from."""
    sections: list[Section] = []
    chapters = 0
    for item in book.contents:
        loc = SourceLoc(str(book.book_dir / "book.yaml"), item.line or 0)
        if item.kind == SectionKind.CHAPTER:
            chapters += 1
            title, paragraphs = seed_paragraphs(book.texts[item.path], item.path, chapters, book.emendations)
            sections.append(Section(ids.chapter(chapters), item.kind, title, tuple(paragraphs), chapters, Matter.BODY,
                                    loc, item.path.name))
        elif item.kind == SectionKind.INTRODUCTION:
            blocks = parse_blocks(book.texts[item.path], str(item.path), "p-intro")
            sections.append(Section("introduction", item.kind, item.title, blocks, None, Matter.FRONT, loc, item.path.name))
        elif item.kind == SectionKind.APPARATUS and item.path is not None:
            blocks = parse_blocks(book.texts[item.path], str(item.path), "p-app")
            sections.append(Section("apparatus", item.kind, item.title, blocks, None, Matter.BACK, loc, item.path.name))
        else:
            matter = Matter.FRONT if item.kind in FRONT_KINDS else Matter.BACK
            sections.append(Section(item.kind.value, item.kind, item.title, (), None, matter, loc))
    seeds = {p.name for p in book.texts}
    for em in book.emendations:
        if em.seed not in seeds:
            raise SamizdatError(em.loc.path, em.loc.line, f"emendation '{em.id}': seed '{em.seed}' is not in book.yaml's contents")
    return sections


def add_notes_section(m: Manuscript) -> Manuscript:
    """A book with notes and no `notes` entry in its contents gets one after the last chapter.

    The EPUB sets the editor's notes as endnotes and needs the section; print
    sets them as footnotes and skips it.
    """
    if not m.notes or m.has(SectionKind.NOTES):
        return m
    sections = list(m.sections)
    last_chapter = max(i for i, s in enumerate(sections) if s.kind == SectionKind.CHAPTER)
    sections.insert(last_chapter + 1, Section("notes", SectionKind.NOTES, "Notes", matter=Matter.BACK))
    return replace(m, sections=tuple(sections))


def check_source_keys(book: BookInput) -> None:
    """Every source key a note or an emendation cites must resolve to a full reference in sources.yaml."""
    known = {s.key for s in book.sources}
    cited = [("note", n.id, n.sources, n.loc) for n in book.notes]
    cited += [("emendation", e.id, e.sources, e.loc) for e in book.emendations]
    for what, item_id, keys, loc in cited:
        for key in keys:
            if key not in known:
                raise SamizdatError(loc.path, loc.line, f"{what} '{item_id}': source '{key}' is not in sources.yaml")
