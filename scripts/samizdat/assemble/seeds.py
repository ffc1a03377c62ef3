"""Seeds to blocks: a received text split into its title and paragraphs, emendations applied.

A `.txt` seed is plain text, never Markdown: its first line is the title,
paragraphs are separated by blank lines, and "  1. I was appointed" stays a
paragraph with exactly that text. Each emendation's original is found in
the seed itself (so a stale or ambiguous one is an error at its own line)
and becomes an Emended run holding the edition's reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SamizdatError
from ..model import Emendation, Emended, Inline, Paragraph, SourceLoc, Text, ids


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


def seed_paragraphs(text: str, path: Path, chapter: int, emendations: tuple[Emendation, ...]) -> tuple[str, list[Paragraph]]:
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
                runs.append(Emended(em.id, em.original, (Text(em.reading),), ids.emended(em.id)))
                cursor = em_end
        runs.append(Text(text[cursor:span.end]))
        paragraphs.append(Paragraph(
            id=ids.seed_paragraph(chapter, n), inlines=_strip_ends(tuple(r for r in runs if not (isinstance(r, Text) and not r.text))),
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




def usable_emendations(texts: dict[str, str], emendations: tuple[Emendation, ...]) -> tuple[tuple[Emendation, ...], frozenset[str]]:
    """The emendations that apply cleanly, and the ids of those whose original is gone.

    For lint, which reads the text as printed even when the apparatus is
    out of date: a seed whose emendations clash (overlap, ambiguity, a span
    across paragraphs) is read as received.
    """
    stale = {em.id for em in emendations
             if texts.get(em.seed, "").count(em.original) < (em.occurrence or 1)}
    usable = []
    for name, text in texts.items():
        mine = tuple(em for em in emendations if em.seed == name and em.id not in stale)
        if not mine:
            continue
        try:
            seed_paragraphs(text, Path(name), 0, mine)
        except SamizdatError:
            continue
        usable += mine
    return tuple(usable), frozenset(stale)
