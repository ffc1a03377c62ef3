"""Read and validate a book directory; return plain, checked data.

Every problem a user can cause is raised as SamizdatError(path, line, msg).
The YAML machinery is in `yamlfile`, the index registry in `registry`.
"""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit


from .errors import SamizdatError
from .registry import load_names
from .yamlfile import Fields, as_list, check_unique, inside, kind_of, read_text, read_yaml
from .model import (
    Emendation,
    GlossaryEntry,
    NameEntry,
    Note,
    Person,
    SourceRef,
    Metadata,
)

NAMESPACE = uuid.UUID("6f1c2b1e-5a8d-4c4e-9a51-1d0c2f6b7a10")  # samizdat's own namespace
SECTION_KINDS = ("titlepage", "contents", "introduction", "instalment", "apparatus", "notes", "glossary", "sources", "index")
CONFIDENCE = ("high", "medium", "low")
TRIMS = ("6x9", "a4", "letter")


# --- the book -----------------------------------------------------------------


@dataclass(frozen=True)
class ContentItem:
    kind: str
    title: str
    path: Path | None  # introduction file or seed file
    line: int | None


@dataclass(frozen=True)
class BookInput:
    book_dir: Path
    metadata: Metadata
    contents: tuple[ContentItem, ...]
    texts: dict[Path, str]  # seed and Markdown files, read once
    names: tuple[NameEntry, ...]
    emendations: tuple[Emendation, ...]
    notes: tuple[Note, ...]
    glossary: tuple[GlossaryEntry, ...]
    sources: tuple[SourceRef, ...]
    inputs: tuple[Path, ...]  # every file read, for incremental builds


def load_book(book_dir: str | Path) -> BookInput:
    book_dir = Path(book_dir)
    book_yaml = book_dir / "book.yaml"
    if not book_dir.is_dir():
        raise SamizdatError(book_dir, None, "not a book directory")
    data = read_yaml(book_yaml)
    metadata, seeds_dir, raw_contents = _load_metadata(book_yaml, data, book_dir)
    contents, texts = _load_contents(book_yaml, raw_contents, book_dir, seeds_dir)
    optional = {name: book_dir / name for name in ("names.yaml", "emendations.yaml", "notes.yaml", "glossary.yaml", "sources.yaml")}
    names = load_names(optional["names.yaml"]) if optional["names.yaml"].exists() else ()
    emendations = load_emendations(optional["emendations.yaml"]) if optional["emendations.yaml"].exists() else ()
    notes = load_notes(optional["notes.yaml"]) if optional["notes.yaml"].exists() else ()
    glossary = load_glossary(optional["glossary.yaml"]) if optional["glossary.yaml"].exists() else ()
    sources = load_sources(optional["sources.yaml"]) if optional["sources.yaml"].exists() else ()
    inputs = (book_yaml, *texts, *(p for p in optional.values() if p.exists()))
    return BookInput(book_dir, metadata, contents, texts, names, emendations, notes, glossary, sources, tuple(inputs))


BOOK_REQUIRED = ("id", "title", "language", "authors", "contents")
BOOK_OPTIONAL = (
    "slug", "subtitle", "identifier", "contributors", "publisher", "date", "rights",
    "description", "subjects", "series", "source", "trim", "seeds_dir",
)


def _load_metadata(path: Path, data: Any, book_dir: Path) -> tuple[Metadata, Path, Any]:
    f = Fields(path, data, "book.yaml", BOOK_REQUIRED, BOOK_OPTIONAL)
    book_id = f.id("id")
    creators = tuple(_person(path, p) for p in as_list(path, data["authors"], "'authors'"))
    if not creators:
        raise SamizdatError(path, f.line_of("authors"), "'authors' must name at least one person")
    contributors = tuple(_person(path, p) for p in as_list(path, data.get("contributors"), "'contributors'"))
    series_title, series_position = "", 0
    if "series" in data:
        s = Fields(path, data["series"], "'series'", ("title", "position"))
        series_title, series_position = s.str("title"), s.int("position") or 0
    seeds_dir_text = f.str("seeds_dir", "seeds")
    # Seeds are the one input that may live beside the book directory: they
    # are received texts, kept apart from the edition and never edited.
    seeds_dir = (book_dir / seeds_dir_text).resolve()
    metadata = Metadata(
        id=book_id,
        slug=f.id("slug") if "slug" in data else book_id,
        title=f.str("title"),
        subtitle=f.str("subtitle", ""),
        language=f.str("language"),
        identifier=f.str("identifier", f"urn:uuid:{uuid.uuid5(NAMESPACE, book_id)}"),
        creators=creators,
        contributors=contributors,
        publisher=f.str("publisher", ""),
        date=f.str("date", ""),
        rights=f.str("rights", ""),
        description=f.str("description", ""),
        subjects=f.strs("subjects"),
        series=series_title,
        series_position=series_position,
        source=f.str("source", ""),
        trim=f.choice("trim", TRIMS, "6x9"),
    )
    return metadata, seeds_dir, data["contents"]


def _person(path: Path, data: Any) -> Person:
    f = Fields(path, data, "a person", ("name",), ("role", "file_as", "note"))
    name = f.str("name")
    return Person(name=name, role=f.str("role", "aut"), file_as=f.str("file_as", name), note=f.str("note", ""))


DEFAULT_TITLES = {
    "titlepage": "Title page", "contents": "Contents", "introduction": "Introduction",
    "apparatus": "A note on the text", "notes": "Notes", "glossary": "Glossary",
    "sources": "Sources", "index": "Index of names",
}


def _load_contents(path: Path, raw: Any, book_dir: Path, seeds_dir: Path) -> tuple[tuple[ContentItem, ...], dict[Path, str]]:
    items: list[ContentItem] = []
    texts: dict[Path, str] = {}
    for entry in as_list(path, raw, "'contents'"):
        line = getattr(entry, "line", getattr(raw, "line", None))
        if isinstance(entry, str):
            kind, value, title = entry, None, None
        elif isinstance(entry, dict):
            kind = next(iter(entry), None)
            f = Fields(path, entry, "a contents entry", (kind,), ("title",))
            value, title = f.str(kind), f.str("title", "") or None
        else:
            raise SamizdatError(path, line, f"a contents entry must be a name or a mapping, not {kind_of(entry)}")
        if kind not in SECTION_KINDS:
            hint = difflib.get_close_matches(str(kind), SECTION_KINDS, n=1)
            raise SamizdatError(path, line, f"unknown contents entry '{kind}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        file_path = None
        if kind == "introduction":
            if value is None:
                raise SamizdatError(path, line, "'introduction' needs a Markdown file: introduction: introduction.md")
            file_path = inside(book_dir, value, path, line)
        elif kind == "apparatus" and value is not None:
            # Optional Markdown: the edition's decisions that are not emendations.
            file_path = inside(book_dir, value, path, line)
        elif kind == "instalment":
            if value is None or "/" in value or "\\" in value or value.startswith("."):
                raise SamizdatError(path, line, f"'instalment' names a file in {seeds_dir.name}/, without a path: '{value}'")
            file_path = seeds_dir / value
            if not file_path.is_file():
                raise SamizdatError(path, line, f"seed '{value}' not found in {seeds_dir}")
        elif value is not None:
            raise SamizdatError(path, line, f"'{kind}' takes no file")
        if file_path is not None:
            if file_path not in texts:
                text = read_text(file_path)
                if not text.strip():
                    raise SamizdatError(file_path, None, "empty file")
                texts[file_path] = text
        items.append(ContentItem(kind, title or DEFAULT_TITLES.get(kind, ""), file_path, line))
    if not any(item.kind == "instalment" for item in items):
        raise SamizdatError(path, getattr(raw, "line", None), "'contents' lists no instalment")
    check_unique(path, [(i.kind, i.line) for i in items if i.kind not in ("instalment", "introduction")], "contents entry")
    check_unique(path, [(str(i.path), i.line) for i in items if i.path], "contents file")
    return tuple(items), texts


# --- registry and apparatus ---------------------------------------------------


def load_emendations(path: Path) -> tuple[Emendation, ...]:
    entries = []
    for raw in as_list(path, read_yaml(path), "emendations.yaml"):
        f = Fields(path, raw, "an emendation", ("id", "seed", "original", "reading", "reason", "confidence", "source"), ("occurrence",))
        original = f.str("original")
        if not original:
            raise SamizdatError(path, f.line_of("original"), "'original' is empty")
        entries.append(Emendation(
            id=f.id(), seed=f.str("seed"), original=original, reading=f.str("reading"), reason=f.str("reason"),
            confidence=f.choice("confidence", CONFIDENCE), sources=f.strs("source"), occurrence=f.int("occurrence"), loc=f.loc(),
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
