"""Read and validate a book directory; return plain, checked data.

Every problem a user can cause is raised as SamizdatError(path, line, msg).
YAML is parsed with the safe loader only; nothing from a book is executed.
"""

from __future__ import annotations

import difflib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from .errors import SamizdatError
from .model import (
    Emendation,
    GlossaryEntry,
    NameEntry,
    Note,
    Person,
    SourceLoc,
    SourceRef,
    Metadata,
)

NAMESPACE = uuid.UUID("6f1c2b1e-5a8d-4c4e-9a51-1d0c2f6b7a10")  # samizdat's own namespace
NAME_KINDS = {"persons": "person", "places": "place", "organisations": "organisation", "events": "event"}
SECTION_KINDS = ("titlepage", "contents", "introduction", "instalment", "apparatus", "notes", "glossary", "sources", "index")
CONFIDENCE = ("high", "medium", "low")
TRIMS = ("6x9", "a4", "letter")


# --- YAML with line numbers -------------------------------------------------


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class LocatedList(list):
    line: int


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise SamizdatError(loader.name, key_node.start_mark.line + 1, f"duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings: "2026-11-25" means what it says, not a datetime.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    text = read_text(path)
    loader = _Loader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SamizdatError(path, line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SamizdatError(path, None, f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SamizdatError(path, None, "file not found") from None
    except OSError as exc:
        raise SamizdatError(path, None, f"cannot read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SamizdatError(path, line, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}") from None
    bad = NOT_XML.search(text)
    if bad:
        # XHTML cannot hold these, and neither page nor screen can show them.
        line = text.count("\n", 0, bad.start()) + 1
        offset = len(text[:bad.start()].encode("utf-8"))
        raise SamizdatError(path, line, f"control character U+{ord(bad.group()):04X} at byte offset {offset} cannot be printed")
    return text


# Characters XML 1.0 does not allow (tab, line feed and carriage return are fine).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --- validation helpers -----------------------------------------------------


class Fields:
    """Typed access to one YAML mapping, with errors that point at it."""

    def __init__(self, path: Path, mapping: Any, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()):
        line = getattr(mapping, "line", None)
        if not isinstance(mapping, dict):
            raise SamizdatError(path, line, f"{what} must be a mapping, not {_kind(mapping)}")
        self.path, self.map, self.what = path, mapping, what
        known = required + optional
        for key in mapping:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known keys: {', '.join(known)})"
                raise SamizdatError(path, self.line_of(key), f"unknown key '{key}' in {what}{suggestion}")
        for key in required:
            if key not in mapping:
                raise SamizdatError(path, self.line, f"missing required key '{key}' in {what}")

    @property
    def line(self) -> int | None:
        return getattr(self.map, "line", None)

    def line_of(self, key: str) -> int | None:
        return getattr(self.map, "key_lines", {}).get(key, self.line)

    def loc(self) -> SourceLoc:
        return SourceLoc(str(self.path), self.line or 0)

    def str(self, key: str, default: str | None = None) -> str:
        value = self.map.get(key, default)
        if value is None and default is not None:
            value = default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be text, not {_kind(value)}")
        return value

    def int(self, key: str, default: int | None = None) -> int | None:
        value = self.map.get(key, default)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be a whole number from 1, not {value!r}")

    def strs(self, key: str) -> tuple[str, ...]:
        value = self.map.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be a list of text")
        return tuple(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.str(key, default)
        if value not in choices:
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be one of {', '.join(choices)}, not '{value}'")
        return value

    def id(self, key: str = "id") -> str:
        value = self.str(key)
        if not value or not all(c.isascii() and (c.isalnum() or c == "-") for c in value) or not value[0].isalpha():
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be letters, digits and hyphens, starting with a letter: '{value}'")
        return value


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "empty"}.get(type(value), type(value).__name__)


def _list(path: Path, data: Any, what: str) -> list:
    if data is None:
        return []
    if not isinstance(data, list):
        raise SamizdatError(path, getattr(data, "line", 1), f"{what} must be a list")
    return data


def _unique(path: Path, items: list[tuple[str, int | None]], what: str) -> None:
    seen: dict[str, int | None] = {}
    for key, line in items:
        if key in seen:
            raise SamizdatError(path, line, f"duplicate {what} '{key}' (first at line {seen[key]})")
        seen[key] = line


def inside(book_dir: Path, path_text: str, path: Path, line: int | None) -> Path:
    """Resolve a path named in book.yaml; it may not leave the book directory."""
    target = (book_dir / path_text).resolve()
    if not target.is_relative_to(book_dir.resolve()):
        raise SamizdatError(path, line, f"path '{path_text}' escapes the book directory")
    return target


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
    creators = tuple(_person(path, p) for p in _list(path, data["authors"], "'authors'"))
    if not creators:
        raise SamizdatError(path, f.line_of("authors"), "'authors' must name at least one person")
    contributors = tuple(_person(path, p) for p in _list(path, data.get("contributors"), "'contributors'"))
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
    for entry in _list(path, raw, "'contents'"):
        line = getattr(entry, "line", getattr(raw, "line", None))
        if isinstance(entry, str):
            kind, value, title = entry, None, None
        elif isinstance(entry, dict):
            kind = next(iter(entry), None)
            f = Fields(path, entry, "a contents entry", (kind,), ("title",))
            value, title = f.str(kind), f.str("title", "") or None
        else:
            raise SamizdatError(path, line, f"a contents entry must be a name or a mapping, not {_kind(entry)}")
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
    _unique(path, [(i.kind, i.line) for i in items if i.kind not in ("instalment", "introduction")], "contents entry")
    _unique(path, [(str(i.path), i.line) for i in items if i.path], "contents file")
    return tuple(items), texts


# --- registry and apparatus ---------------------------------------------------


ENTRY_KEYS = ("sort", "gloss", "forms", "see", "see_also", "sub", "lang")


def load_names(path: Path) -> tuple[NameEntry, ...]:
    """The registry: entries by kind, each with optional sub-entries (`sub:`), one level deep.

    An entry with no forms of its own is a cross-reference ("Kremlin. See
    Moscow") and must say where to look (`see`) or have sub-entries.
    """
    data = read_yaml(path)
    if data is None:
        return ()
    Fields(path, data, "names.yaml", (), tuple(NAME_KINDS))
    entries: list[NameEntry] = []
    for group, kind in NAME_KINDS.items():
        for raw in _list(path, data.get(group), f"'{group}'"):
            f = Fields(path, raw, f"an entry of '{group}'", ("id", "heading"), ENTRY_KEYS)
            entry = _name_entry(path, f, kind, "")
            entries.append(entry)
            for sub_raw in _list(path, raw.get("sub"), "'sub'"):
                sf = Fields(path, sub_raw, f"a sub-entry of '{entry.id}'", ("id", "heading", "forms"),
                            tuple(k for k in ENTRY_KEYS if k != "sub"))
                entries.append(_name_entry(path, sf, kind, entry.id))
    _unique(path, [(e.id, e.loc.line) for e in entries], "id")
    _check_forms(path, entries)
    by_id = {e.id: e for e in entries}
    for entry in entries:
        for ref in entry.see + entry.see_also:
            if ref not in by_id:
                raise SamizdatError(path, entry.loc.line, f"'{entry.id}' refers to unknown entry '{ref}'")
            if ref == entry.id:
                raise SamizdatError(path, entry.loc.line, f"'{entry.id}' refers to itself")
            if not (by_id[ref].forms or any(e.parent == ref for e in entries)):
                raise SamizdatError(path, entry.loc.line, f"'{entry.id}' refers to '{ref}', which is itself only a cross-reference")
    return tuple(entries)


def _name_entry(path: Path, f: Fields, kind: str, parent: str) -> NameEntry:
    forms = f.strs("forms")
    for form in forms:
        if not form or form != form.strip() or "  " in form:
            raise SamizdatError(path, f.line_of("forms"), f"form {form!r} must be words separated by single spaces")
    has_subs = bool(f.map.get("sub"))
    if not forms and not f.strs("see") and not has_subs:
        raise SamizdatError(path, f.line_of("forms") if "forms" in f.map else f.line,
                            "an entry needs 'forms' (the words that refer to it), or 'see' if it is only a cross-reference")
    heading = f.str("heading")
    return NameEntry(
        id=f.id(), kind=kind, heading=heading, sort_key=f.str("sort", heading).casefold(), gloss=f.str("gloss", ""),
        forms=forms, see=f.strs("see"), see_also=f.strs("see_also"), loc=f.loc(), parent=parent,
        lang=_language_tag(path, f, "lang"),
    )


def _check_forms(path: Path, entries: list[NameEntry]) -> None:
    """No words may be claimable by two entries.

    Matching takes the longest form and adds possessives itself, so besides
    one form in two entries, "X’s" in one entry and "X" in another would
    leave "X’s" in the text to either.
    """
    owners: dict[str, NameEntry] = {}
    for entry in entries:
        for form in entry.forms:
            if form in owners and owners[form].id != entry.id:
                raise SamizdatError(path, entry.loc.line, f"form '{form}' is claimed by '{owners[form].id}' and '{entry.id}'")
            owners[form] = entry
    for form, entry in owners.items():
        for apostrophe in ("’", "'"):
            if form.endswith(apostrophe + "s"):
                base = owners.get(form[:-2])
                if base is not None and base.id != entry.id:
                    raise SamizdatError(path, entry.loc.line, f"form '{form}' of '{entry.id}' is the possessive of "
                                                              f"'{form[:-2]}' of '{base.id}': the text’s '{form}' could be either")


def _language_tag(path: Path, f: "Fields", key: str) -> str:
    value = f.str(key, "")
    if value and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise SamizdatError(path, f.line_of(key), f"'{key}' must be a language tag such as 'es' or 'zh-Hans', not '{value}'")
    return value


def load_emendations(path: Path) -> tuple[Emendation, ...]:
    entries = []
    for raw in _list(path, read_yaml(path), "emendations.yaml"):
        f = Fields(path, raw, "an emendation", ("id", "seed", "original", "reading", "reason", "confidence", "source"), ("occurrence",))
        original = f.str("original")
        if not original:
            raise SamizdatError(path, f.line_of("original"), "'original' is empty")
        entries.append(Emendation(
            id=f.id(), seed=f.str("seed"), original=original, reading=f.str("reading"), reason=f.str("reason"),
            confidence=f.choice("confidence", CONFIDENCE), sources=f.strs("source"), occurrence=f.int("occurrence"), loc=f.loc(),
        ))
    _unique(path, [(e.id, e.loc.line) for e in entries], "id")
    return tuple(entries)


def load_notes(path: Path) -> tuple[Note, ...]:
    notes = []
    for raw in _list(path, read_yaml(path), "notes.yaml"):
        f = Fields(path, raw, "a note", ("id", "anchor", "text"), ("sources",))
        a = Fields(path, raw["anchor"], "'anchor'", ("file", "phrase"), ("occurrence",))
        notes.append(Note(
            id=f.id(), file=a.str("file"), phrase=a.str("phrase"), occurrence=a.int("occurrence"),
            text=f.str("text").strip(), sources=f.strs("sources"), loc=f.loc(),
        ))
    _unique(path, [(n.id, n.loc.line) for n in notes], "id")
    return tuple(notes)


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    entries = []
    for raw in _list(path, read_yaml(path), "glossary.yaml"):
        f = Fields(path, raw, "a glossary entry", ("term", "standard", "explanation"), ("id", "forms", "confidence"))
        term = f.str("term")
        entry_id = f.id() if "id" in raw else "g-" + "".join(c if c.isalnum() else "-" for c in term.casefold()).strip("-")
        entries.append(GlossaryEntry(
            id=entry_id, term=term, forms=f.strs("forms"), standard=f.str("standard"),
            explanation=f.str("explanation").strip(), confidence=f.str("confidence", ""), loc=f.loc(),
        ))
    _unique(path, [(e.id, e.loc.line) for e in entries], "glossary id")
    return tuple(entries)


def load_sources(path: Path) -> tuple[SourceRef, ...]:
    refs = []
    for raw in _list(path, read_yaml(path), "sources.yaml"):
        f = Fields(path, raw, "a source", ("key", "short"), ("author", "title", "publisher", "year", "url", "site", "note"))
        url = f.str("url") if raw.get("url") else None
        if url and (tracking := _tracking_parameters(url)):
            raise SamizdatError(path, f.line_of("url"), f"url carries tracking parameter(s) {', '.join(tracking)}; cite the page without them")
        refs.append(SourceRef(
            key=f.str("key"), short=f.str("short"), author=f.str("author", ""), title=f.str("title", ""),
            site=f.str("site", ""), publisher=f.str("publisher", ""), year=f.str("year", ""),
            url=url, loc=f.loc(), note=f.str("note", ""),
        ))
    _unique(path, [(r.key, r.loc.line) for r in refs], "source key")
    return tuple(refs)


# Query parameters that identify a campaign or a click, not a page.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_hsenc", "_hsmi", "igshid", "ref_src")


def _tracking_parameters(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k.lower().startswith(TRACKING_PARAMETERS)]
