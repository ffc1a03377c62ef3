"""The nodes of the text: inline runs and blocks, a small closed set of frozen types.

Everything downstream of `assemble` reads only these. The model knows
nothing of HTML, CSS or YAML; each block carries where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLoc:
    path: str
    line: int


# --- inline runs -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Foreign:
    """Words in another language, so hyphenation and speech use its rules."""

    lang: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class NameRef:
    """An occurrence of a registered name; `anchor` is its unique element id."""

    entry_id: str
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Emended:
    """Words the edition prints in place of the seed's `original`."""

    emendation_id: str
    original: str
    children: tuple[Inline, ...]
    anchor: str


@dataclass(frozen=True, slots=True)
class NoteRef:
    note_id: str
    number: int
    anchor: str


@dataclass(frozen=True, slots=True)
class GlossRef:
    """A term the glossary explains; linked at its first occurrence."""

    term_id: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference to works in the Sources, by key (`[@CT; @VO]` in Markdown).

    A node of its own, not Text, so that passes over the running text (the
    name tagger above all) never read a short reference such as "Yagoda
    entry" as a mention of the person. `shorts` is filled by assemble.
    """

    keys: tuple[str, ...]
    shorts: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "(" + "; ".join(self.shorts or self.keys) + ")"


Inline = Text | Emphasis | Strong | Link | Foreign | NameRef | Emended | NoteRef | GlossRef | Citation


# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    inlines: tuple[Inline, ...]
    loc: SourceLoc
    # True for the author's words (checked by the fidelity audit).
    authorial: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    inlines: tuple[Inline, ...]
    loc: SourceLoc


Block = Paragraph | Heading
