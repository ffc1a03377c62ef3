"""t-: rules on the text itself (typography and slips)."""

from __future__ import annotations

import re
from typing import Iterator

from .registry import Hit, TextUnit, rule

# --- t-: the text -------------------------------------------------------------------

# "had had" and "that that" are English; a doubled word elsewhere is a slip.
DOUBLES_ALLOWED = {"had", "that"}
WORD = r"[^\W\d_][\w’'-]*"


@rule("t-001", "warning", "doubled word")
def doubled_word(unit: TextUnit) -> Iterator[Hit]:
    """The same word twice in a row ("the the")."""
    for m in re.finditer(rf"(?<![\w’'-])({WORD})\s+(\1)(?![\w’'-])", unit.text, re.IGNORECASE):
        if m.group(1).casefold() not in DOUBLES_ALLOWED:
            yield Hit(m.start(2), f"'{m.group(1)} {m.group(2)}'")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence ends at . ! or ? and what closes after it."""
    for m in re.finditer(r"[^.!?]+(?:[.!?]+[”’\")]*|$)", text):
        stripped = m.group().lstrip()
        if stripped:
            yield m.start() + len(m.group()) - len(stripped), stripped


def _words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[\w’'-]+", text)]


@rule("t-002", "error", "repeated sentence")
def repeated_sentence(unit: TextUnit) -> Iterator[Hit]:
    """A sentence followed at once by the same words ("She could be executed. She could be executed")."""
    found = list(sentences(unit.text))
    for (_, first), (offset, second) in zip(found, found[1:]):
        a, b = _words(first), _words(second)
        # The end of one sentence (three words or more) opening the next.
        for k in range(min(len(a), len(b)), 2, -1):
            if a[-k:] == b[:k]:
                yield Hit(offset, f"'{' '.join(second.split()[:k]).rstrip(',;:.')}' twice")
                break


@rule("t-003", "error", "unbalanced quotation marks")
def unbalanced_quotes(unit: TextUnit) -> Iterator[Hit]:
    """Opening and closing double quotes do not pair up within a paragraph."""
    depth = 0
    for i, ch in enumerate(unit.text):
        if ch == "“":
            if depth:
                yield Hit(i, "“ opened inside an open quotation")
                return
            depth = 1
        elif ch == "”":
            if not depth:
                yield Hit(i, "” closes no open quotation")
                return
            depth = 0
    if depth:
        yield Hit(unit.text.rfind("“"), "“ is never closed")
    if unit.text.count('"') % 2:
        yield Hit(unit.text.find('"'), 'an odd number of straight " marks')


@rule("t-004", "warning", "straight quote left in the text")
def straight_quotes(unit: TextUnit) -> Iterator[Hit]:
    """A straight ' or " where the text otherwise uses curly quotes and apostrophes."""
    for m in re.finditer(r"[^\s\"']*[\"'][^\s\"']*", unit.text):
        yield Hit(m.start(), m.group())


@rule("t-005", "warning", "double space")
def double_space(unit: TextUnit) -> Iterator[Hit]:
    """Two or more spaces between words."""
    for m in re.finditer(r"(?<=\S)[ \t]{2,}(?=\S)", unit.text):
        yield Hit(m.start(), f"after '{unit.text[max(0, m.start() - 20):m.start()].split()[-1]}'")


@rule("t-006", "warning", "space before punctuation")
def space_before_punctuation(unit: TextUnit) -> Iterator[Hit]:
    """A space before , . ; : ! ? or a closing bracket."""
    for m in re.finditer(r"(?<=\S)[ \t]+([,.;:!?)\]])", unit.text):
        yield Hit(m.start(), f"' {m.group(1)}'")


ABBREVIATIONS = {"e.g", "i.e", "etc", "cf", "vs", "viz", "pp", "no", "vol", "ed", "eds", "trans", "ca", "c"}


@rule("t-007", "warning", "sentence fragment: lower-case word after a full stop")
def lower_case_after_stop(unit: TextUnit) -> Iterator[Hit]:
    """A full stop followed by a lower-case word: usually a stray stop splitting a sentence."""
    for m in re.finditer(r"(\b[\w.]+)\.[ \t\n]+([a-z][\w’'-]*)", unit.text):
        before = m.group(1).casefold()
        if before in ABBREVIATIONS or len(before) == 1 or "." in before:
            continue
        yield Hit(m.start(2), f"'{m.group(1)}. {m.group(2)}'")
