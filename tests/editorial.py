"""Checks of the editorial matter against the fact sheet (facts.md) and book/claims.yaml.

Pure functions over text, so a test can feed them a doctored introduction
and watch them fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "21 August 1895", "14–15 February 1957", "13 July", "March 1988"
DATE = re.compile(rf"\b\d{{1,2}}(?:–\d{{1,2}})? (?:{MONTHS})(?: \d{{4}})?\b|\b(?:{MONTHS}) \d{{4}}\b")
# "1953", "1924–25", "1933–35"; not "$90,800" or "Part 51"
YEAR = re.compile(r"(?<![\d,$])\b1[6-9]\d\d(?:–\d{2,4})?\b|\b20\d\d(?:–\d{2,4})?\b")
# A capitalised word, with its apostrophe or hyphen parts: "Léon", "Stalin’s", "SCHWED".
CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\wÀ-ÿ]*(?:[’'-][\wÀ-ÿ]+)*")
CONFIDENCE_ORDER = {"H": 3, "M": 2, "L": 1}


# --- the fact sheet ---------------------------------------------------------------


@dataclass(frozen=True)
class FactSheet:
    items: tuple[str, ...]  # table rows, list items and paragraphs, whitespace normalised
    keys: frozenset[str]  # the source keys of its Sources list

    def items_with(self, excerpt: str) -> list[str]:
        excerpt = normalise(excerpt)
        return [item for item in self.items if excerpt in item]


def normalise(text: str) -> str:
    return " ".join(text.split())


def read_fact_sheet(path: Path) -> FactSheet:
    text = path.read_text(encoding="utf-8")
    head, sep, sources = text.partition("\n## Sources\n")
    assert sep, f"{path} has no '## Sources' section"
    keys: set[str] = set()
    for line in sources.splitlines():
        match = re.match(r"- ([A-Z]+(?:, [A-Z]+)*):", line)
        if match:
            keys.update(match.group(1).split(", "))
    items: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            items.append(normalise(" ".join(current)))
            current.clear()

    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            flush()
        elif line.startswith("|"):
            flush()
            items.append(normalise(line))
        elif line.startswith("- "):
            flush()
            current.append(line[2:])
        else:
            current.append(line)
    flush()
    return FactSheet(tuple(items), frozenset(keys))


def item_confidence(item: str) -> str | None:
    """H, M or L as the fact sheet marks this item; None where it marks nothing."""
    if item.startswith("|"):
        for cell in item.strip("|").split("|"):
            match = re.fullmatch(r"\s*([HML])\b.*", cell)
            if match:
                return match.group(1)
    match = re.search(r"\(([HML])\)", item)
    return match.group(1) if match else None


def item_keys(item: str, keys: frozenset[str]) -> set[str]:
    return {k for k in re.findall(r"\b[A-Z]{2,4}\b", item) if k in keys}


# --- claims ---------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    claim: str
    values: tuple[str, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    hedge: str


def read_claims(path: Path) -> tuple[list[Claim], tuple[str, ...]]:
    """(claims, ordinary capitalised words that name no one)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = []
    for raw in data["claims"]:
        facts = raw["fact"] if isinstance(raw["fact"], list) else [raw["fact"]]
        claims.append(Claim(raw["claim"], tuple(raw["values"]), tuple(facts), tuple(raw.get("sources") or ()),
                            raw["confidence"], raw.get("hedge", "")))
    return claims, tuple(data["not_names"])


def claim_problems(claims: list[Claim], sheet: FactSheet, paragraphs: list[str]) -> list[str]:
    """Each claim must rest on the fact sheet, cite its keys, not overstate it, and hedge where it is uncertain."""
    problems = []
    for c in claims:
        where = f"claim {c.claim!r}"
        items: list[str] = []
        for excerpt in c.facts:
            found = sheet.items_with(excerpt)
            if not found:
                problems.append(f"{where}: fact not in facts.md: {excerpt!r}")
            items += found
        for key in c.sources:
            if key not in sheet.keys:
                problems.append(f"{where}: source key {key} is not in facts.md's Sources")
            elif items and not any(key in item_keys(i, sheet.keys) for i in items):
                problems.append(f"{where}: facts.md does not give {key} for this fact")
        # A table row names the sources of its one fact; a paragraph may name several facts' sources.
        if items and not c.sources and any(i.startswith("|") and item_keys(i, sheet.keys) for i in items):
            problems.append(f"{where}: facts.md names sources for this fact; cite them")
        marks = [m for m in (item_confidence(i) for i in items) if m]
        if marks and CONFIDENCE_ORDER[c.confidence] > min(CONFIDENCE_ORDER[m] for m in marks):
            problems.append(f"{where}: confidence {c.confidence}, but facts.md gives {min(marks, key=CONFIDENCE_ORDER.get)}")
        for value in c.values:
            if not any(value in p for p in paragraphs):
                problems.append(f"{where}: value {value!r} is not in the introduction")
        if c.confidence in ("M", "L"):
            if not c.hedge:
                problems.append(f"{where}: an uncertain ({c.confidence}) claim needs a 'hedge'")
            elif not any(c.hedge in p and any(v in p for v in c.values) for p in paragraphs):
                problems.append(f"{where}: hedge {c.hedge!r} is not in a paragraph with its values")
    return problems


def unbacked(paragraphs: list[str], claims: list[Claim], not_names: tuple[str, ...]) -> list[str]:
    """Years, dates and capitalised names in the text that no claim vouches for."""
    values = {v for c in claims for v in c.values}
    words = {w for v in values for w in CAPITALISED.findall(v)} | set(not_names)
    found = []
    for text in paragraphs:
        for date in DATE.findall(text):
            if date not in values:
                found.append(f"date {date!r}")
        for year in YEAR.findall(text):
            if year not in values:
                found.append(f"year {year!r}")
        for word in CAPITALISED.findall(text):
            if word not in words and word.removesuffix("’s") not in words:
                found.append(f"name {word!r}")
    return found
