"""The editor's apparatus: emendations, notes, glossary and sources, each from its YAML file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ..errors import SamizdatError
from ..model import Confidence, Emendation, GlossaryEntry, Note, SourceRef
from .yamlfile import Fields, as_list, check_unique, read_yaml


def load_emendations(path: Path) -> tuple[Emendation, ...]:
    entries = []
    for raw in as_list(path, read_yaml(path), "emendations.yaml"):
        f = Fields(path, raw, "an emendation", ("id", "seed", "original", "reading", "reason", "confidence", "source"), ("occurrence",))
        original = f.str("original")
        if not original:
            raise SamizdatError(path, f.line_of("original"), "'original' is empty")
        entries.append(Emendation(
            id=f.id(), seed=f.str("seed"), original=original, reading=f.str("reading"), reason=f.str("reason"),
            confidence=f.choice("confidence", Confidence), sources=f.strs("source"), occurrence=f.int("occurrence"), loc=f.loc(),
        ))
    check_unique(path, [(e.id, e.loc.line) for e in entries], "id")
    return tuple(entries)


def load_notes(path: Path) -> tuple[Note, ...]:
    notes = []
    for raw in as_list(path, read_yaml(path), "notes.yaml"):
        f = Fields(path, raw, "a note", ("id", "anchor", "text"), ("sources",))
        a = Fields(path, raw["anchor"], "'anchor'", ("file", "phrase"), ("occurrence",))
        notes.append(Note(
            id=f.id(), file=a.str("file"), phrase=a.str("phrase"), occurrence=a.int("occurrence"),
            text=f.str("text").strip(), sources=f.strs("sources"), loc=f.loc(),
        ))
    check_unique(path, [(n.id, n.loc.line) for n in notes], "id")
    return tuple(notes)


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    entries = []
    for raw in as_list(path, read_yaml(path), "glossary.yaml"):
        f = Fields(path, raw, "a glossary entry", ("term", "standard", "explanation"), ("id", "forms", "confidence"))
        term = f.str("term")
        entry_id = f.id() if "id" in raw else "g-" + "".join(c if c.isalnum() else "-" for c in term.casefold()).strip("-")
        entries.append(GlossaryEntry(
            id=entry_id, term=term, forms=f.strs("forms"), standard=f.str("standard"),
            explanation=f.str("explanation").strip(), confidence=f.str("confidence", ""), loc=f.loc(),
        ))
    check_unique(path, [(e.id, e.loc.line) for e in entries], "glossary id")
    return tuple(entries)


def load_sources(path: Path) -> tuple[SourceRef, ...]:
    refs = []
    for raw in as_list(path, read_yaml(path), "sources.yaml"):
        f = Fields(path, raw, "a source", ("key", "short"), ("author", "title", "publisher", "year", "url", "site", "note"))
        url = f.str("url") if raw.get("url") else None
        if url and (tracking := _tracking_parameters(url)):
            raise SamizdatError(path, f.line_of("url"), f"url carries tracking parameter(s) {', '.join(tracking)}; cite the page without them")
        refs.append(SourceRef(
            key=f.str("key"), short=f.str("short"), author=f.str("author", ""), title=f.str("title", ""),
            site=f.str("site", ""), publisher=f.str("publisher", ""), year=f.str("year", ""),
            url=url, loc=f.loc(), note=f.str("note", ""),
        ))
    check_unique(path, [(r.key, r.loc.line) for r in refs], "source key")
    return tuple(refs)


# Query parameters that identify a campaign or a click, not a page.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_hsenc", "_hsmi", "igshid", "ref_src")


def _tracking_parameters(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k.lower().startswith(TRACKING_PARAMETERS)]
