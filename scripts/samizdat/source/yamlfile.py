"""YAML and text files read with line numbers, and typed access with errors that point at them.

YAML is parsed with the safe loader only; nothing from a book is executed.
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import SamizdatError
from ..model import SourceLoc

E = TypeVar("E", bound=StrEnum)

# --- YAML with line numbers -------------------------------------------------


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class LocatedList(list):
    """A YAML sequence that remembers its line and the line of each item (plain text items have none of their own)."""

    line: int
    item_lines: list[int]


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
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
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
            raise SamizdatError(path, line, f"{what} must be a mapping, not {kind_of(mapping)}")
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
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be text, not {kind_of(value)}")
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

    def choice(self, key: str, choices: type[E], default: E | None = None) -> E:
        """A value from a closed list (an enum of the model)."""
        value = self.str(key, None if default is None else str(default))
        try:
            return choices(value)
        except ValueError:
            words = ", ".join(c.value for c in choices)
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be one of {words}, not '{value}'") from None

    def id(self, key: str = "id") -> str:
        value = self.str(key)
        if not value or not all(c.isascii() and (c.isalnum() or c == "-") for c in value) or not value[0].isalpha():
            raise SamizdatError(self.path, self.line_of(key), f"'{key}' must be letters, digits and hyphens, starting with a letter: '{value}'")
        return value


def kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "empty"}.get(type(value), type(value).__name__)


def as_list(path: Path, data: Any, what: str) -> list:
    if data is None:
        return []
    if not isinstance(data, list):
        raise SamizdatError(path, getattr(data, "line", 1), f"{what} must be a list")
    return data


def check_unique(path: Path, items: list[tuple[str, int | None]], what: str) -> None:
    seen: dict[str, int | None] = {}
    for key, line in items:
        if key in seen:
            raise SamizdatError(path, line, f"duplicate {what} '{key}' (first at line {seen[key]})")
        seen[key] = line

