"""Names and glossary terms found in the text: each occurrence of a registered form tagged.

Forms are matched against the text as the reader sees it, after
typography, in reading order: the n-th occurrence of an entry gets the
anchor `ids.name_ref(entry, n)`, which the index and the page map use.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Callable

from ..model import (
    INDEXED_KINDS, Block, GlossaryEntry, GlossRef, Inline, Manuscript, NameEntry, NameRef, Paragraph, SectionKind,
    Text, ids,
)
from ..model.walk import map_text
from .passes import map_blocks


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
        return NameRef(entry_id, match.group(), ids.name_ref(entry_id, self.counts[entry_id]))


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


def tag_glossary(m: Manuscript) -> Manuscript:
    """Link the first occurrence of each glossary term in the author's text."""
    tagger = GlossaryTagger(m.glossary)
    return map_blocks(m, lambda blocks: tuple(replace(b, inlines=map_text(b.inlines, tagger)) for b in blocks),
                      kinds=frozenset((SectionKind.CHAPTER,)), notes=False)


def tag_names(m: Manuscript) -> Manuscript:
    """Tag every occurrence of a registered name in the introduction, the chapters and their notes."""
    tagger = NameTagger(m.names)
    return map_blocks(m, lambda blocks: _tag_paragraphs(blocks, tagger), kinds=INDEXED_KINDS)


def _tag_paragraphs(blocks: tuple[Block, ...], tagger: NameTagger) -> tuple[Block, ...]:
    # Headings are left untagged: an index points at the running text.
    return tuple(replace(b, inlines=map_text(b.inlines, tagger)) if isinstance(b, Paragraph) else b for b in blocks)
