"""Build the Manuscript from loaded input: an ordered list of pure passes.

seed text -> paragraphs -> apply_emendations -> attach_notes -> cite_sources
-> typography -> tag_foreign -> tag_glossary -> tag_names. Each pass is a function of the model alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import typography
from .language import tag_foreign
from .errors import SamizdatError
from .inlines import insert_at, map_text, plain_text, walk
from .load import BookInput
from .markdown import parse_blocks
from .model import (
    Block, Citation, Emended, Emendation, Foreign, GlossaryEntry, GlossRef, Inline, Manuscript, NameEntry,
    NameRef, Note, NoteRef, Paragraph, Section, SourceLoc, SourceRef, Text,
)

FRONT_KINDS = ("titlepage", "contents", "introduction")
INDEXED_KINDS = ("introduction", "chapter")  # the index of names points into these (and their notes)


# --- seeds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of a seed file by character offsets, with its first line."""

    start: int
    end: int
    line: int


def split_seed(text: str) -> tuple[Span, list[Span]]:
    """The seed's first line is its title; paragraphs are separated by blank lines.

    A seed is plain text, never Markdown: "  1. I was appointed" stays a
    paragraph with exactly that text.
    """
    blocks: list[Span] = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        line = text.count("\n", 0, match.start()) + 1
        blocks.append(Span(match.start(), match.end(), line))
    if not blocks:
        raise SamizdatError(None, None, "empty seed")
    return blocks[0], blocks[1:]


def emendation_spans(text: str, seed_name: str, emendations: tuple[Emendation, ...]) -> list[tuple[int, int, Emendation]]:
    """Locate each emendation's original in the seed; stale or ambiguous ones are errors."""
    spans = []
    for em in emendations:
        if em.seed != seed_name:
            continue
        starts = [m.start() for m in re.finditer(re.escape(em.original), text)]
        where = f"emendation '{em.id}'"
        if not starts:
            raise SamizdatError(em.loc.path, em.loc.line, f"{where}: original text not found in {seed_name}: {em.original!r}")
        if em.occurrence is None and len(starts) > 1:
            raise SamizdatError(em.loc.path, em.loc.line, f"{where}: original occurs {len(starts)} times in {seed_name}; add 'occurrence'")
        if em.occurrence is not None and em.occurrence > len(starts):
            raise SamizdatError(em.loc.path, em.loc.line, f"{where}: occurrence {em.occurrence} asked, but the original occurs {len(starts)} time(s)")
        start = starts[(em.occurrence or 1) - 1]
        spans.append((start, start + len(em.original), em))
    spans.sort(key=lambda s: s[0])
    for (_, end, a), (start, _, b) in zip(spans, spans[1:]):
        if start < end:
            raise SamizdatError(b.loc.path, b.loc.line, f"emendation '{b.id}' overlaps '{a.id}'")
    return spans


def seed_paragraphs(text: str, path: Path, instalment: int, emendations: tuple[Emendation, ...]) -> tuple[str, list[Paragraph]]:
    """Split a seed into its title and paragraphs, with emendations applied as Emended runs."""
    title_span, spans = split_seed(text)
    title = text[title_span.start:title_span.end].strip()
    pending = emendation_spans(text, path.name, emendations)
    for start, end, em in pending:
        inside = [s for s in spans if s.start <= end and start <= s.end]
        if len(inside) != 1 or start < inside[0].start - _leading_blank(text, inside[0].start) or end > inside[0].end:
            raise SamizdatError(em.loc.path, em.loc.line, f"emendation '{em.id}' must lie within one paragraph of {path.name}")
    paragraphs = []
    for n, span in enumerate(spans, start=1):
        start = span.start - _leading_blank(text, span.start)
        runs: list[Inline] = []
        cursor = start
        for em_start, em_end, em in pending:
            if start <= em_start < span.end:
                runs.append(Text(text[cursor:em_start]))
                runs.append(Emended(em.id, em.original, (Text(em.reading),), f"em-{em.id}"))
                cursor = em_end
        runs.append(Text(text[cursor:span.end]))
        paragraphs.append(Paragraph(
            id=f"p-{instalment}-{n}", inlines=_strip_ends(tuple(r for r in runs if not (isinstance(r, Text) and not r.text))),
            loc=SourceLoc(str(path), span.line), authorial=True,
        ))
    return title, paragraphs


def _leading_blank(text: str, start: int) -> int:
    """How many spaces before `start` on its own line (indentation kept for emendations)."""
    n = 0
    while start - n > 0 and text[start - n - 1] in " \t":
        n += 1
    return n


def _strip_ends(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if runs and isinstance(runs[0], Text):
        runs = (Text(runs[0].text.lstrip()),) + runs[1:]
    if runs and isinstance(runs[-1], Text):
        runs = runs[:-1] + (Text(runs[-1].text.rstrip()),)
    return tuple(r for r in runs if not (isinstance(r, Text) and not r.text))


# --- sections -----------------------------------------------------------------


def build_sections(book: BookInput) -> tuple[list[Section], dict[str, str]]:
    """The reading order as sections, and which section each source file became."""
    sections: list[Section] = []
    files: dict[str, str] = {}
    instalment = 0
    for item in book.contents:
        loc = SourceLoc(str(book.book_dir / "book.yaml"), item.line or 0)
        if item.kind == "instalment":
            instalment += 1
            title, paragraphs = seed_paragraphs(book.texts[item.path], item.path, instalment, book.emendations)
            sections.append(Section(f"chapter-{instalment}", "chapter", title, tuple(paragraphs), instalment, "body", loc))
            files[item.path.name] = sections[-1].id
        elif item.kind == "introduction":
            blocks = parse_blocks(book.texts[item.path], str(item.path), "p-intro")
            sections.append(Section("introduction", "introduction", item.title, blocks, None, "front", loc))
            files[item.path.name] = "introduction"
        elif item.kind == "apparatus" and item.path is not None:
            blocks = parse_blocks(book.texts[item.path], str(item.path), "p-app")
            sections.append(Section("apparatus", "apparatus", item.title, blocks, None, "back", loc))
        else:
            matter = "front" if item.kind in FRONT_KINDS else "back"
            sections.append(Section(item.kind, item.kind, item.title, (), None, matter, loc))
    seeds = {p.name for p in book.texts}
    for em in book.emendations:
        if em.seed not in seeds:
            raise SamizdatError(em.loc.path, em.loc.line, f"emendation '{em.id}': seed '{em.seed}' is not in book.yaml's contents")
    return sections, files


def check_source_keys(book: BookInput) -> None:
    """Every source key a note or an emendation cites must resolve to a full reference in sources.yaml."""
    known = {s.key for s in book.sources}
    cited = [("note", n.id, n.sources, n.loc) for n in book.notes]
    cited += [("emendation", e.id, e.sources, e.loc) for e in book.emendations]
    for what, item_id, keys, loc in cited:
        for key in keys:
            if key not in known:
                raise SamizdatError(loc.path, loc.line, f"{what} '{item_id}': source '{key}' is not in sources.yaml")


# --- notes --------------------------------------------------------------------


def attach_notes(sections: list[Section], notes: tuple[Note, ...], files: dict[str, str]) -> tuple[list[Section], tuple[Note, ...]]:
    """Put a NoteRef after each note's phrase; number notes per section in reading order."""
    by_id = {s.id: s for s in sections}
    blocks = {s.id: list(s.blocks) for s in sections}
    note_section: dict[str, str] = {}
    for note in notes:
        section_id = files.get(note.file)
        if section_id is None:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': '{note.file}' is not a seed or Markdown file of the book")
        hits = [(i, m.end()) for i, block in enumerate(blocks[section_id]) if isinstance(block, Paragraph)
                for m in re.finditer(re.escape(note.phrase), plain_text(block.inlines))]
        if not hits:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': phrase not found in {note.file}: {note.phrase!r}")
        if note.occurrence is None and len(hits) > 1:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': phrase occurs {len(hits)} times in {note.file}; add 'occurrence'")
        if note.occurrence is not None and note.occurrence > len(hits):
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': occurrence {note.occurrence} asked, but the phrase occurs {len(hits)} time(s)")
        index, offset = hits[(note.occurrence or 1) - 1]
        block = blocks[section_id][index]
        inlines, _ = insert_at(block.inlines, offset, NoteRef(note.id, 0, f"nr-{note.id}"))
        blocks[section_id][index] = replace(block, inlines=inlines)
        note_section[note.id] = section_id
    numbers: dict[str, int] = {}
    out = []
    for section in sections:
        count = 0
        new_blocks = []
        for block in blocks[section.id]:
            def number(node: Inline) -> Inline:
                nonlocal count
                count += 1
                numbers[node.note_id] = count
                return replace(node, number=count)
            new_blocks.append(replace(block, inlines=_map_noterefs(block.inlines, number)))
        out.append(replace(by_id[section.id], blocks=tuple(new_blocks)))
    numbered = tuple(
        replace(n, number=numbers[n.id], section_id=note_section[n.id],
                body=parse_blocks(n.text, n.loc.path, f"note-{n.id}", n.loc.line))
        for n in notes
    )
    return out, tuple(sorted(numbered, key=lambda n: ([s.id for s in sections].index(n.section_id), n.number)))


def _map_noterefs(inlines: tuple[Inline, ...], fn) -> tuple[Inline, ...]:
    out = []
    for node in inlines:
        if isinstance(node, NoteRef):
            out.append(fn(node))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_map_noterefs(node.children, fn)))
        else:
            out.append(node)
    return tuple(out)


# --- citations ------------------------------------------------------------------


def cite_sources(blocks: tuple[Block, ...], sources: tuple[SourceRef, ...]) -> tuple[Block, ...]:
    """Give each Citation the short references of its keys; an unknown key is an error."""
    shorts = {s.key: s.short for s in sources}

    def resolve(inlines: tuple[Inline, ...], loc: SourceLoc) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Citation):
                unknown = [k for k in node.keys if k not in shorts]
                if unknown:
                    raise SamizdatError(loc.path, loc.line, f"citation of unknown source key(s) {', '.join(unknown)}; keys are those of sources.yaml")
                node = replace(node, shorts=tuple(shorts[k] for k in node.keys))
            elif hasattr(node, "children"):
                node = replace(node, children=resolve(node.children, loc))
            out.append(node)
        return tuple(out)

    return tuple(replace(b, inlines=resolve(b.inlines, b.loc)) for b in blocks)


# --- text passes ----------------------------------------------------------------


def map_blocks(blocks: tuple[Block, ...], fn, **kw) -> tuple[Block, ...]:
    return tuple(replace(b, inlines=map_text(b.inlines, fn, **kw)) for b in blocks)


def typeset_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Typography per paragraph, across its runs (see typography.typeset_inlines)."""
    return tuple(replace(b, inlines=typography.typeset_inlines(b.inlines)) for b in blocks)


def name_pattern(names: tuple[NameEntry, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex over every form, longest first, whole words only, case-sensitive.

    A form also matches its possessive ("Orlov" finds "Orlov’s", "Soviets"
    finds "Soviets’"), and the occurrence covers the possessive. A form is
    never found inside a longer word, nor as part of a hyphenated compound.
    """
    owner = {form: entry.id for entry in names for form in entry.forms}
    if not owner:
        return None, owner
    forms = sorted(owner, key=lambda f: (-len(f), f))
    return re.compile(
        r"(?<![\w’'-])(?P<form>" + "|".join(map(re.escape, forms)) + r")"
        r"(?:[’']s\b|(?<=s)[’'](?![\w’']))?(?![\w-]|[’'][a-z])"
    ), owner


def split_matches(text: str, pattern: re.Pattern[str] | None,
                  make: Callable[[re.Match[str]], Inline | None]) -> tuple[Inline, ...]:
    """Text with each match of `pattern` replaced by make(match); a match made None stays text."""
    out: list[Inline] = []
    cursor = 0
    for match in pattern.finditer(text) if pattern is not None else ():
        node = make(match)
        if node is None:
            continue
        out += [Text(text[cursor:match.start()]), node]
        cursor = match.end()
    out.append(Text(text[cursor:]))
    return tuple(n for n in out if not (isinstance(n, Text) and not n.text))


class NameTagger:
    """Turns each occurrence of a registered form into a NameRef with a unique anchor."""

    def __init__(self, names: tuple[NameEntry, ...]):
        self.pattern, self.owner = name_pattern(names)
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> tuple[Inline, ...]:
        return split_matches(text, self.pattern, self.name_ref)

    def name_ref(self, match: re.Match[str]) -> NameRef:
        entry_id = self.owner[match.group("form")]
        self.counts[entry_id] += 1
        return NameRef(entry_id, match.group(), f"n-{entry_id}-{self.counts[entry_id]}")


class GlossaryTagger:
    """Wraps the first occurrence of each glossary term's forms in a GlossRef."""

    def __init__(self, glossary: tuple[GlossaryEntry, ...]):
        self.owner = {form: g.id for g in glossary for form in g.forms}
        forms = sorted(self.owner, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)") if forms else None
        self.seen: set[str] = set()

    def __call__(self, text: str) -> tuple[Inline, ...]:
        return split_matches(text, self.pattern, self.first_occurrence)

    def first_occurrence(self, match: re.Match[str]) -> GlossRef | None:
        term = self.owner[match.group()]
        if term in self.seen:
            return None
        self.seen.add(term)
        return GlossRef(term, (Text(match.group()),))


# --- the whole ------------------------------------------------------------------


def assemble(book: BookInput, styles_dir: Path) -> Manuscript:
    check_source_keys(book)
    sections, files = build_sections(book)
    sections, notes = attach_notes(sections, book.notes, files)
    sections = [replace(s, blocks=cite_sources(s.blocks, book.sources)) for s in sections]
    notes = tuple(replace(n, body=cite_sources(n.body, book.sources)) for n in notes)
    sections = [replace(s, title=typography.typeset(s.title), blocks=typeset_blocks(s.blocks)) for s in sections]
    notes = tuple(replace(n, body=typeset_blocks(n.body)) for n in notes)
    sections = [replace(s, blocks=map_blocks(s.blocks, tag_foreign, skip=(Foreign,))) for s in sections]
    notes = tuple(replace(n, body=map_blocks(n.body, tag_foreign, skip=(Foreign,))) for n in notes)
    glossary_tagger = GlossaryTagger(book.glossary)
    sections = [replace(s, blocks=map_blocks(s.blocks, glossary_tagger)) if s.kind == "chapter" else s for s in sections]
    # Names are tagged in reading order, notes after the section they belong to,
    # so anchor numbers follow the reader.
    tagger = NameTagger(book.names)
    tagged_sections, tagged_notes = [], []
    for section in sections:
        if section.kind in INDEXED_KINDS:
            section = replace(section, blocks=_tag_paragraphs(section.blocks, tagger))
        tagged_sections.append(section)
        for note in notes:
            if note.section_id == section.id:
                tagged_notes.append(replace(note, body=_tag_paragraphs(note.body, tagger)))
    return Manuscript(
        metadata=book.metadata, sections=tuple(tagged_sections), names=book.names, emendations=book.emendations,
        notes=tuple(tagged_notes), glossary=book.glossary, sources=book.sources, styles_dir=str(styles_dir),
        book_dir=str(book.book_dir), inputs=tuple(str(p) for p in book.inputs),
    )


def _tag_paragraphs(blocks: tuple[Block, ...], tagger: NameTagger) -> tuple[Block, ...]:
    # Headings are left untagged: an index points at the running text.
    return tuple(replace(b, inlines=map_text(b.inlines, tagger)) if isinstance(b, Paragraph) else b for b in blocks)


def name_occurrences(manuscript: Manuscript) -> dict[str, list[NameRef]]:
    """Every NameRef, by entry id, in reading order (sections, then their notes)."""
    found: dict[str, list[NameRef]] = {e.id: [] for e in manuscript.names}
    for section in manuscript.sections:
        for block in section.blocks:
            for node in walk(block.inlines):
                if isinstance(node, NameRef):
                    found[node.entry_id].append(node)
        for note in manuscript.notes:
            if note.section_id == section.id:
                for block in note.body:
                    for node in walk(block.inlines):
                        if isinstance(node, NameRef):
                            found[node.entry_id].append(node)
    return found
