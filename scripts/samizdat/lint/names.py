"""n-: rules on names: capitalised names the registry does not know, entries the text never uses."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ..assemble.names import name_pattern
from .registry import Finding, LintContext, Rule, TextUnit, rule

# --- n-: names -------------------------------------------------------------------------

# Capitalised for reasons other than being a name.
STOP_WORDS = {
    "I", "I’m", "I’d", "I’ve", "I’ll", "A", "An", "The", "This", "That", "These", "Those",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Mr", "Mrs", "Dr",
}
# Words that open a capitalised run without belonging to the name after them.
LEADING_WORDS = {
    "A", "An", "The", "This", "That", "These", "Those", "In", "On", "At", "By", "After", "Before", "For", "From",
    "To", "With", "When", "While", "But", "And", "Or", "If", "As", "His", "Her", "Its", "Their", "Our", "My",
    "We", "He", "She", "It", "They", "There", "Here", "Of", "Under", "During", "Until", "Since", "Later", "Each",
}
CONNECTORS = r"(?:of|the|and|for|de|del|la|von|van)"
CAPITALISED = re.compile(rf"(?<![\w’'-])[A-Z][\w’'-]*(?:[ ](?:{CONNECTORS}[ ])*[A-Z][\w’'-]*)*")
SENTENCE_START = re.compile(r"(?:^|[.!?:]|[.!?:][”’\")]+)\s*[“‘\"(]?$")


def _sentence_initial(text: str, offset: int) -> bool:
    return bool(SENTENCE_START.search(text[max(0, offset - 6):offset]))


def _uncovered(text: str, covered: list[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    """Capitalised phrases, cut where a registered form stands, with connectors trimmed."""
    mask = [False] * len(text)
    for a, b in covered:
        mask[a:b] = [True] * (b - a)
    for m in CAPITALISED.finditer(text):
        start = m.start()
        for piece in re.split(r"(\x00+)", "".join("\x00" if mask[i] else text[i] for i in range(m.start(), m.end()))):
            if piece and "\x00" not in piece:
                lead = len(piece) - len(piece.lstrip(" "))
                trimmed = re.sub(rf"^(?:{CONNECTORS}\b\s*)+|(?:\s*\b{CONNECTORS})+$|[’']s$", "", piece.strip(" "))
                trimmed = trimmed.strip(" ’'-")
                if trimmed and trimmed[0].isupper():
                    yield start + lead + piece.strip(" ").find(trimmed), trimmed
            start += len(piece)


def known_pattern(context: LintContext) -> re.Pattern[str] | None:
    """Every form the book accounts for: names, glossary terms, the sources' names and titles.

    A registered form also covers its possessive ("Orlov’s"): the index
    registers possessives as forms of their own, but lint asks only whether
    the name is known.
    """
    book = context.book
    forms = {f for e in book.names for f in e.forms}
    forms |= {f for g in book.glossary for f in (g.term, *g.forms)}
    forms |= {v for s in book.sources for v in (s.key, s.short, s.author, s.title, s.site, s.publisher) if v}
    if not forms:
        return None
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<![\w’'-])(?:{alternatives})(?:[’']s)?(?![\w-])")


def _adjacent(text: str, offset: int, phrase: str, covered: list[tuple[int, int]]) -> bool:
    """Given names and patronymics beside a registered surname ("Lev Grigorievich Mironov")."""
    end = offset + len(phrase)
    return any(a == end + 1 and text[end] == " " or b == offset - 1 and text[b] == " " for a, b in covered)


@rule("n-001", "warning", "capitalised name not in the registry", kind="book")
def unregistered_names(context: LintContext, r: Rule) -> Iterator[Finding]:
    """A capitalised word or phrase that no entry of names, glossary or sources accounts for.

    Words in italics (titles of works) are left alone; so is a word that only
    ever stands at the start of a sentence.
    """
    pattern = known_pattern(context)
    found: list[tuple[TextUnit, int, str, bool]] = []
    for unit in context.units:
        covered = [m.span() for m in pattern.finditer(unit.text)] if pattern else []
        for offset, phrase in _uncovered(unit.text, covered + list(unit.titles)):
            if not _adjacent(unit.text, offset, phrase, covered):
                found.append((unit, offset, phrase, _sentence_initial(unit.text, offset)))
    mid_sentence = {phrase.split()[0] for _, _, phrase, initial in found if not initial}
    counts: Counter[str] = Counter()
    first: dict[str, tuple[TextUnit, int]] = {}
    for unit, offset, phrase, initial in found:
        words = phrase.split(" ")
        while words and (words[0] in LEADING_WORDS or (initial and words[0] not in mid_sentence)):
            # An ordinary word before the name, or one that only ever starts a sentence.
            words = words[1:]
            while words and re.fullmatch(CONNECTORS, words[0]):
                words = words[1:]
            initial = False
        rest = " ".join(words)
        offset += len(phrase) - len(rest)
        phrase = rest
        if not phrase or phrase in STOP_WORDS or len(phrase) == 1 or re.fullmatch(r"[IVXLC]+", phrase):
            continue
        counts[phrase] += 1
        first.setdefault(phrase, (unit, offset))
    for phrase, (unit, offset) in first.items():
        times = f" ({counts[phrase]} times)" if counts[phrase] > 1 else ""
        yield r.finding(unit.path, unit.line_at(offset), f"'{phrase}'{times}")


@rule("n-002", "warning", "registry entry matches nothing in the text", kind="book")
def unused_entries(context: LintContext, r: Rule) -> Iterator[Finding]:
    """An entry of names.yaml none of whose forms occurs in the text.

    A cross-reference entry ("Kremlin. See Moscow: Kremlin") has no forms
    and is not expected to match.
    """
    pattern, owner = name_pattern(context.book.names)
    used = {owner[m.group("form")] for unit in context.units for m in (pattern.finditer(unit.text) if pattern else ())}
    for entry in context.book.names:
        if entry.forms and entry.id not in used:
            yield r.finding(entry.loc.path, entry.loc.line, f"'{entry.id}' (forms: {', '.join(entry.forms)})")
