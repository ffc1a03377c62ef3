"""The text lint reads: every paragraph as the edition prints it, before typography.

The seeds with the recorded emendations applied (so a fault the edition
already corrects is not reported again), the introduction and the notes,
assembled by assembly's own first step. Emendations whose original is gone
are left out, and reported by a-001; notes whose phrase is gone by a-002.
"""

from __future__ import annotations

from dataclasses import replace

from ..assemble import manuscript_of
from ..assemble.seeds import usable_emendations
from ..model import INDEXED_KINDS, Emphasis, Paragraph, SectionKind
from ..model.walk import plain_text
from ..source import BookInput
from .registry import TextUnit


def gather(book: BookInput) -> tuple[tuple[TextUnit, ...], frozenset[str]]:
    """Every paragraph as printed, and the ids of emendations and notes whose anchor is gone."""
    usable, stale_emendations = usable_emendations({p.name: t for p, t in book.texts.items()}, book.emendations)
    manuscript = manuscript_of(replace(book, emendations=usable))
    units: list[TextUnit] = []
    by_file: dict[str, list[TextUnit]] = {}
    for section in manuscript.sections:
        if section.kind not in INDEXED_KINDS:
            continue
        found = [_unit(b, section.kind == SectionKind.CHAPTER) for b in section.blocks if isinstance(b, Paragraph)]
        by_file[section.source] = found
        units += found
    for note in manuscript.notes:
        units += [_unit(b, False) for b in note.body if isinstance(b, Paragraph)]
    stale = set(stale_emendations)
    for note in book.notes:
        if not any(note.phrase in u.text.replace("\n", " ") for u in by_file.get(note.file, ())):
            stale.add(note.id)
    return tuple(units), frozenset(stale)


def _unit(paragraph: Paragraph, authorial: bool) -> TextUnit:
    spans: list[tuple[int, int]] = []
    offset = 0
    for node in paragraph.inlines:
        text = plain_text((node,))
        if isinstance(node, Emphasis):
            spans.append((offset, offset + len(text)))
        offset += len(text)
    return TextUnit(paragraph.loc.path, paragraph.loc.line, plain_text(paragraph.inlines), authorial, tuple(spans))
