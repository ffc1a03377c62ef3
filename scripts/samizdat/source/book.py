"""Read and validate a book directory: book.yaml, its reading order, and the files it names.

Every problem a user can cause is raised as SamizdatError(path, line, msg).
The YAML machinery is in `yamlfile`, the index registry in `registry`, the
apparatus in `apparatus`.
"""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SamizdatError
from ..model import (
    Emendation, GlossaryEntry, Metadata, NameEntry, Note, Paper, Person, PrintOptions, PrintProfile, SectionKind, SourceRef,
    Trim,
)
from .apparatus import load_emendations, load_glossary, load_notes, load_sources
from .isbn import isbn13
from .paths import inside
from .registry import load_names
from .yamlfile import Fields, as_list, check_unique, kind_of, read_text, read_yaml

NAMESPACE = uuid.UUID("6f1c2b1e-5a8d-4c4e-9a51-1d0c2f6b7a10")  # samizdat's own namespace
# The words book.yaml's `contents:` may use. A chapter is one received text;
# `instalment` says the same for a book published in parts.
CONTENTS_WORDS = {kind.value: kind for kind in SectionKind} | {"instalment": SectionKind.CHAPTER}


# --- the book -----------------------------------------------------------------


@dataclass(frozen=True)
class ContentItem:
    kind: SectionKind
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
    "description", "subjects", "series", "source", "trim", "seeds_dir", "isbn", "print",
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
        trim=f.choice("trim", Trim, Trim.SIX_BY_NINE),
        isbn=_isbn(f) if "isbn" in data else "",
        print_options=_print_options(path, data["print"], f.line_of("print")) if "print" in data else PrintOptions(),
    )
    return metadata, seeds_dir, data["contents"]


def _isbn(f: Fields) -> str:
    try:
        return isbn13(f.str("isbn"))
    except ValueError as exc:
        raise SamizdatError(f.path, f.line_of("isbn"), str(exc)) from None


def _print_options(path: Path, data: Any, line: int | None) -> PrintOptions:
    """`print: {paper, spine, profile}`: what a print-on-demand build needs beyond the trim."""
    if not isinstance(data, dict):
        raise SamizdatError(path, line, f"'print' must be a mapping (paper, spine, profile), not {kind_of(data)}")
    f = Fields(path, data, "'print'", (), ("paper", "spine", "profile"))
    spine = data.get("spine")
    if spine is not None and (isinstance(spine, bool) or not isinstance(spine, (int, float)) or not 0 < spine < 4):
        raise SamizdatError(path, f.line_of("spine"), "'spine' must be the spine's width in inches, a number"
                            f" above 0 and below 4 (from the printer's cover template), not {spine!r}")
    return PrintOptions(
        paper=f.choice("paper", Paper, Paper.WHITE),
        spine=float(spine) if spine is not None else None,
        profile=f.choice("profile", PrintProfile) if "profile" in data else None,
    )


def _person(path: Path, data: Any) -> Person:
    f = Fields(path, data, "a person", ("name",), ("role", "file_as", "note"))
    name = f.str("name")
    return Person(name=name, role=f.str("role", "aut"), file_as=f.str("file_as", name), note=f.str("note", ""))


DEFAULT_TITLES = {
    SectionKind.TITLEPAGE: "Title page", SectionKind.CONTENTS: "Contents", SectionKind.INTRODUCTION: "Introduction",
    SectionKind.APPARATUS: "A note on the text", SectionKind.NOTES: "Notes", SectionKind.GLOSSARY: "Glossary",
    SectionKind.SOURCES: "Sources", SectionKind.INDEX: "Index of names",
}


def _load_contents(path: Path, raw: Any, book_dir: Path, seeds_dir: Path) -> tuple[tuple[ContentItem, ...], dict[Path, str]]:
    items: list[ContentItem] = []
    texts: dict[Path, str] = {}
    item_lines = getattr(raw, "item_lines", [])
    for n, entry in enumerate(as_list(path, raw, "'contents'")):
        line = getattr(entry, "line", item_lines[n] if n < len(item_lines) else getattr(raw, "line", None))
        if isinstance(entry, str):
            word, value, title = entry, None, None
        elif isinstance(entry, dict):
            word = next(iter(entry), None)
            f = Fields(path, entry, "a contents entry", (word,), ("title",))
            value, title = f.str(word), f.str("title", "") or None
        else:
            raise SamizdatError(path, line, f"a contents entry must be a name or a mapping, not {kind_of(entry)}")
        kind = CONTENTS_WORDS.get(str(word))
        if kind is None:
            hint = difflib.get_close_matches(str(word), CONTENTS_WORDS, n=1)
            raise SamizdatError(path, line, f"unknown contents entry '{word}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        file_path = None
        if kind == SectionKind.INTRODUCTION:
            if value is None:
                raise SamizdatError(path, line, "'introduction' needs a Markdown file: introduction: introduction.md")
            file_path = inside(book_dir, value, path, line)
        elif kind == SectionKind.APPARATUS and value is not None:
            # Optional Markdown: the edition's decisions that are not emendations.
            file_path = inside(book_dir, value, path, line)
        elif kind == SectionKind.CHAPTER:
            if value is None or "/" in value or "\\" in value or value.startswith("."):
                raise SamizdatError(path, line, f"'{word}' names a file in {seeds_dir.name}/, without a path: '{value}'")
            file_path = seeds_dir / value
            if not file_path.is_file():
                raise SamizdatError(path, line, f"seed '{value}' not found in {seeds_dir}")
        elif value is not None:
            raise SamizdatError(path, line, f"'{word}' takes no file")
        if file_path is not None:
            if file_path not in texts:
                text = read_text(file_path)
                if not text.strip():
                    raise SamizdatError(file_path, None, "empty file")
                texts[file_path] = text
        items.append(ContentItem(kind, title or DEFAULT_TITLES.get(kind, ""), file_path, line))
    if not any(item.kind == SectionKind.CHAPTER for item in items):
        raise SamizdatError(path, getattr(raw, "line", None), "'contents' lists no instalment")
    check_unique(path, [(i.kind, i.line) for i in items if i.kind not in (SectionKind.CHAPTER, SectionKind.INTRODUCTION)], "contents entry")
    check_unique(path, [(str(i.path), i.line) for i in items if i.path], "contents file")
    return tuple(items), texts
