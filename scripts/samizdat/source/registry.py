"""The index registry (names.yaml): persons, places, organisations and events."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SamizdatError
from ..model import NameEntry, NameKind
from .yamlfile import Fields, as_list, check_unique, read_yaml

ENTRY_KEYS = ("sort", "gloss", "forms", "see", "see_also", "sub", "lang")


def load_names(path: Path) -> tuple[NameEntry, ...]:
    """The registry: entries by kind, each with optional sub-entries (`sub:`), one level deep.

    An entry with no forms of its own is a cross-reference ("Kremlin. See
    Moscow") and must say where to look (`see`) or have sub-entries.
    """
    data = read_yaml(path)
    if data is None:
        return ()
    Fields(path, data, "names.yaml", (), tuple(kind.group for kind in NameKind))
    entries: list[NameEntry] = []
    for kind in NameKind:
        group = kind.group
        for raw in as_list(path, data.get(group), f"'{group}'"):
            f = Fields(path, raw, f"an entry of '{group}'", ("id", "heading"), ENTRY_KEYS)
            entry = _name_entry(path, f, kind, "")
            entries.append(entry)
            for sub_raw in as_list(path, raw.get("sub"), "'sub'"):
                sf = Fields(path, sub_raw, f"a sub-entry of '{entry.id}'", ("id", "heading", "forms"),
                            tuple(k for k in ENTRY_KEYS if k != "sub"))
                entries.append(_name_entry(path, sf, kind, entry.id))
    check_unique(path, [(e.id, e.loc.line) for e in entries], "id")
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


def _name_entry(path: Path, f: Fields, kind: NameKind, parent: str) -> NameEntry:
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
