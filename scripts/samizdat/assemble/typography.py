"""Typography rules, applied to the model's text before rendering.

The rules follow Standard Ebooks' typography manual. Each rule is a pure
str -> str function registered by name and run in registry order. Every
rule is idempotent: the seed is already partly typeset (curly apostrophes),
and a second run must change nothing. `typeset_inlines` applies the rules
to a paragraph's whole text at once, so a quote that opens in one run and
closes in another (before an emendation, say) is still paired correctly.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Callable

from ..model import Block, Inline, Manuscript, Text
from ..model.walk import CONTAINERS, map_nodes, walk
from .passes import map_blocks

Rule = Callable[[str], str]
RULES: dict[str, Rule] = {}

WORD_JOINER = "\u2060"
HAIR_SPACE = "\u200a"
NO_BREAK_SPACE = "\u00a0"
QUOTES = "‘’“”"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Abbreviations that never end a line apart from the word they introduce.
TITLES = ("Mr.", "Mrs.", "Messrs.", "Ms.", "Dr.", "St.", "Mt.", "Prof.", "Rev.", "Gen.", "Col.", "Capt.", "Lt.",
          "Sgt.")
# Abbreviations that stay with the number they introduce (a bare "No." may end a reply).
NUMBER_ABBREVIATIONS = ("No.", "Nos.", "p.", "pp.", "vol.", "Vol.", "ch.", "fig.")
UNITS = ("km", "m", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "lb", "lbs", "oz", "ft", "yd", "mi", "mph",
         "km/h", "kHz", "MHz", "°C", "°F", "%", "per cent", "percent", "a.m.", "p.m.", "BC", "AD", "BCE", "CE")


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"typography rule '{name}' registered twice")
        RULES[name] = fn
        return fn
    return register


def typeset(text: str, rules: tuple[str, ...] | None = None) -> str:
    for name in tuple(RULES) if rules is None else rules:
        try:
            fn = RULES[name]
        except KeyError:
            raise KeyError(f"unknown typography rule '{name}'") from None
        text = fn(text)
    return text


# --- spaces ---------------------------------------------------------------------


@rule("collapse-spaces")
def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and line breaks become one space."""
    return re.sub(r"[ \t\r\n]{2,}|[\t\r\n]", " ", text)


@rule("ellipsis")
def ellipsis(text: str) -> str:
    """Three full stops (spaced or not) become …, with a hair space after a word and a space before the next."""
    text = re.sub(r"\.[ \u00a0]*\.[ \u00a0]*\.", "…", text)
    # Not after a dash: the dash rule removes spaces around it, which must not expose the ellipsis.
    text = re.sub(r"(?<=[^\s…\u200a“‘(\[—–\u2060])…", HAIR_SPACE + "…", text)
    return re.sub(r"…(?=[^\W\d_])", "… ", text)


@rule("space-before-punctuation")
def space_before_punctuation(text: str) -> str:
    """A stray space before , ; : ! ? ) or a full stop is removed ("word , word" -> "word, word")."""
    return re.sub(r"(?<=[^\s…])[ \u00a0]+(?=[,;:!?)]|\.(?![\d.]))", "", text)


# --- dashes -----------------------------------------------------------------------


@rule("number-ranges")
def number_ranges(text: str) -> str:
    """A hyphen or a spaced dash between two numbers becomes an en dash: 1924-25 -> 1924–25."""
    # Not inside a longer chain of numbers (an ISO date, 1938-07-12); a double
    # hyphen beside the numbers is a dash, not part of the chain.
    return re.sub(r"(?<![\d–])(?<!\d-)(\d{1,4})(?:-| ?– ?| - )(\d{1,4})(?![\d–]|-\d)", r"\1–\2", text)


@rule("em-dashes")
def em_dashes(text: str) -> str:
    """`--`, `---` and a spaced hyphen or en dash used as a dash become an unspaced em dash.

    A word joiner before the dash keeps it from starting a line.
    """
    text = re.sub(r"[ \u00a0]*-{2,3}[ \u00a0]*", "—", text)
    text = re.sub(r"(?<=\S) [-–] (?=\S)", "—", text)
    text = re.sub(r"[ \u00a0\u2060]*—[ \u00a0]*", "—", text)
    return re.sub(r"(?<=[^\s\u2060])—", WORD_JOINER + "—", text)


# --- quotes -----------------------------------------------------------------------


ELISIONS = r"(?:tis|twas|twere|em|cause|til)\b"


@rule("curly-quotes")
def curly_quotes(text: str) -> str:
    """Straight quotes become curly ones: apostrophes and leading elisions (’30s, ’tis) take ’.

    An opening mark follows the start of the text, a space, an opening
    bracket, a dash or another opening mark; everything else closes.
    """
    # A leading elision is an apostrophe, even where a left quote was typed.
    # A typed left quote is taken for an apostrophe only before a decade ('30s);
    # a hair space (set by quote-spacing) does not count as the word before.
    not_after_word = r"(?<![\w’])(?<![\w’]\u200a)"
    text = re.sub(not_after_word + r"(?:'(?=\d\d(?:s|’s)?\b)|‘(?=\d\d(?:s|’s)\b))", "’", text)
    text = re.sub(not_after_word + r"['‘](?=" + ELISIONS + ")", "’", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    opening = r"(?:^|(?<=[\s(\[{—–\u2060“‘\u200a]))"
    text = re.sub(opening + r'"', "“", text)
    text = re.sub(opening + r"'", "‘", text)
    return text.replace('"', "”").replace("'", "’")


@rule("quote-spacing")
def quote_spacing(text: str) -> str:
    """Adjacent quotation marks are set apart by a hair space: “‘ and ’”."""
    return re.sub(r"([‘’“”])(?=[‘’“”])", r"\1" + HAIR_SPACE, text)


# --- no-break spaces ----------------------------------------------------------------


_TITLE_RE = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, TITLES)) + r") (?=\w)")
_NUMBER_ABBR_RE = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, NUMBER_ABBREVIATIONS)) + r") (?=\d)")
_UNIT_RE = re.compile(r"(?<=\d) (?=(?:" + "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))) + r")(?![\w]))")
_DAY_MONTH_RE = re.compile(r"(?<![\d,])(\d{1,2}) (?=(?:" + "|".join(MONTHS) + r")\b)")
_MONTH_DAY_RE = re.compile(r"\b(" + "|".join(MONTHS) + r") (?=\d{1,2}(?!\d))")


@rule("no-break-spaces")
def no_break_spaces(text: str) -> str:
    """A no-break space after Mr., Dr., St. …, between a number and its unit, and between day and month."""
    text = _TITLE_RE.sub(r"\1" + NO_BREAK_SPACE, text)
    text = _NUMBER_ABBR_RE.sub(r"\1" + NO_BREAK_SPACE, text)
    text = _UNIT_RE.sub(NO_BREAK_SPACE, text)
    text = _DAY_MONTH_RE.sub(r"\1" + NO_BREAK_SPACE, text)
    return _MONTH_DAY_RE.sub(r"\1" + NO_BREAK_SPACE, text)


# --- applying the rules to runs ----------------------------------------------------------


OPAQUE = "\ufffc"  # stands for a node the reader sees but typography must not change (a citation, a name)


def text_leaves(inlines: tuple[Inline, ...]) -> list[str | None]:
    """The strings of every Text run, at any depth, in reading order; None for an opaque node.

    A node with visible text of its own that is not a Text run (a Citation
    prints "(Costello and Tsarev 1993)") is opaque: the rules must see that
    something stands there, or "1926 [citation], and" would lose its space as
    "a space before a comma". Invisible nodes (note references) are skipped.
    """
    out: list[str | None] = []
    for node in walk(inlines):
        if isinstance(node, Text):
            out.append(node.text)
        elif not isinstance(node, CONTAINERS) and getattr(node, "text", ""):
            out.append(None)
    return out


def typeset_inlines(inlines: tuple[Inline, ...], rules: tuple[str, ...] | None = None) -> tuple[Inline, ...]:
    """Typeset a paragraph's runs as one text, then give each run its part of the result.

    Rules need context across run boundaries (a quote opened before an
    emended word closes after it). The typeset text is aligned with the
    original character by character; a change that straddles a boundary
    goes to the run on its right.
    """
    leaves = text_leaves(inlines)
    if not any(leaves):
        return inlines
    parts = [OPAQUE if leaf is None else leaf.replace(OPAQUE, "") for leaf in leaves]
    original = "".join(parts)
    result = typeset(original, rules)
    if result == original:
        return inlines
    if len(parts) == 1:
        pieces = [result]
    else:
        bounds, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            bounds.append(at)
        mapped = map_offsets(original, result, bounds)
        edges = [0, *mapped, len(result)]
        pieces = [result[a:b] for a, b in zip(edges, edges[1:])]
    texts = [piece.replace(OPAQUE, "") for piece, leaf in zip(pieces, leaves) if leaf is not None]
    return _replace_leaves(inlines, iter(texts))


def map_offsets(old: str, new: str, offsets: list[int]) -> list[int]:
    """Where each offset of `old` falls in `new`, by a character alignment of the two."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    out = []
    for offset in offsets:
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal" and i1 <= offset < i2:
                out.append(j1 + offset - i1)
                break
            if tag != "equal" and i1 <= offset < i2 or (tag == "insert" and offset == i1):
                out.append(j1)
                break
        else:
            out.append(len(new))
    return out


def _replace_leaves(inlines: tuple[Inline, ...], pieces) -> tuple[Inline, ...]:
    """Each Text run, in reading order, given the next piece (an empty piece drops the run)."""
    def give(node: Inline) -> tuple[Inline, ...]:
        if not isinstance(node, Text):
            return (node,)
        text = next(pieces)
        return (Text(text),) if text else ()

    return map_nodes(inlines, give)


# --- the pass ------------------------------------------------------------------------


def typeset_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Typography per paragraph, across its runs (see typeset_inlines)."""
    return tuple(replace(b, inlines=typeset_inlines(b.inlines)) for b in blocks)


def typeset_manuscript(m: Manuscript) -> Manuscript:
    """Typography on every section title, paragraph, heading and note."""
    m = replace(m, sections=tuple(replace(s, title=typeset(s.title)) for s in m.sections))
    return map_blocks(m, typeset_blocks)
