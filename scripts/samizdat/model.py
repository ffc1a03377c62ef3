"""The manuscript model: a small, closed set of frozen node types.

Everything downstream of `assemble` reads only these. The model knows
nothing of HTML, CSS or YAML; each node carries where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


# --- registry, notes, emendations -------------------------------------------


@dataclass(frozen=True, slots=True)
class NameEntry:
    id: str
    kind: str  # "person" | "place" | "organisation" | "event"
    heading: str
    sort_key: str
    gloss: str
    forms: tuple[str, ...]
    see: tuple[str, ...]
    see_also: tuple[str, ...]
    loc: SourceLoc
    parent: str = ""  # for a sub-entry, the id of the entry it is printed under
    lang: str = ""  # a language of its own (BCP 47), e.g. "es" for Guardia Civil


@dataclass(frozen=True, slots=True)
class Emendation:
    id: str
    seed: str
    original: str
    reading: str
    reason: str
    confidence: str
    sources: tuple[str, ...]
    occurrence: int | None
    loc: SourceLoc


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    file: str
    phrase: str
    occurrence: int | None
    text: str  # Markdown source
    sources: tuple[str, ...]
    loc: SourceLoc
    body: tuple[Block, ...] = ()  # the parsed text, filled by assemble
    number: int = 0  # per chapter, filled by assemble
    section_id: str = ""  # the section its reference stands in


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    forms: tuple[str, ...]
    standard: str
    explanation: str
    confidence: str
    loc: SourceLoc


@dataclass(frozen=True, slots=True)
class SourceRef:
    key: str
    short: str  # how notes and the introduction cite it: "Costello and Tsarev 1993"
    author: str
    title: str
    site: str
    publisher: str
    year: str
    url: str | None
    loc: SourceLoc
    # What the reference lacks or how it was supplied, said to the reader.
    note: str = ""


# --- the book -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str  # MARC relator: aut, trl, edt, ...
    file_as: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Metadata:
    id: str
    slug: str
    title: str
    subtitle: str
    language: str
    identifier: str  # urn:uuid:...
    creators: tuple[Person, ...]
    contributors: tuple[Person, ...]
    publisher: str
    date: str
    rights: str
    description: str
    subjects: tuple[str, ...]
    series: str
    series_position: int
    source: str  # the original work and the translation chain, one line
    trim: str


@dataclass(frozen=True, slots=True)
class Section:
    """One unit of the reading order: one XHTML document in the EPUB."""

    id: str
    kind: str  # see html.SECTION_SEMANTICS for the closed list
    title: str
    blocks: tuple[Block, ...] = ()
    instalment: int | None = None
    matter: str = "body"  # "front" | "body" | "back"
    loc: SourceLoc | None = None


@dataclass(frozen=True, slots=True)
class Manuscript:
    metadata: Metadata
    sections: tuple[Section, ...]
    names: tuple[NameEntry, ...]
    emendations: tuple[Emendation, ...] = ()
    notes: tuple[Note, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    styles_dir: str = ""
    book_dir: str = ""
    inputs: tuple[str, ...] = field(default=())

    def name(self, entry_id: str) -> NameEntry:
        for entry in self.names:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)
