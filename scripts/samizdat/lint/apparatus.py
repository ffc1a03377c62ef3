"""a-: rules on the apparatus: emendations and notes whose anchor in the text is gone."""

from __future__ import annotations

from typing import Iterator

from .registry import Finding, LintContext, Rule, rule

# --- a-: the apparatus -----------------------------------------------------------------


@rule("a-001", "error", "emendation's original text is not in its seed", kind="book")
def stale_emendations(context: LintContext, r: Rule) -> Iterator[Finding]:
    """An emendation whose `original` no longer stands in the seed (as often as asked)."""
    for em in context.book.emendations:
        if em.id in context.stale:
            yield r.finding(em.loc.path, em.loc.line, f"'{em.id}': {em.original!r}")


@rule("a-002", "error", "note's anchor phrase is not in the text", kind="book")
def stale_notes(context: LintContext, r: Rule) -> Iterator[Finding]:
    """A note whose anchor phrase is not in the printed text of its file."""
    for note in context.book.notes:
        if note.id in context.stale:
            yield r.finding(note.loc.path, note.loc.line, f"'{note.id}': {note.phrase!r}")
