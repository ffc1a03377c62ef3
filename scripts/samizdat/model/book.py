"""The book as the model holds it: registry, apparatus, metadata, sections, the Manuscript."""

from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import Confidence, Matter, NameKind, Paper, PrintProfile, SectionKind, Trim
from .nodes import Block, SourceLoc


# --- registry, notes, emendations -------------------------------------------


@dataclass(frozen=True, slots=True)
class NameEntry:
    id: str
    kind: NameKind
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
    confidence: Confidence
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
class PrintOptions:
    """book.yaml's `print:`: what a print-on-demand build needs beyond the trim."""

    paper: Paper = Paper.WHITE
    spine: float | None = None  # inches, from the printer's own cover template; None: computed
    profile: PrintProfile | None = None  # None: the target's own


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
    trim: Trim
    isbn: str = ""  # the 13 digits of a checked ISBN-13, or empty
    print_options: PrintOptions = PrintOptions()


@dataclass(frozen=True, slots=True)
class Section:
    """One unit of the reading order: one XHTML document in the EPUB."""

    id: str
    kind: SectionKind
    title: str
    blocks: tuple[Block, ...] = ()
    number: int | None = None  # a chapter's place among the chapters, from 1
    matter: Matter = Matter.BODY
    loc: SourceLoc | None = None  # its entry in book.yaml's contents
    source: str = ""  # the file its text came from: a seed, or the introduction's Markdown


@dataclass(frozen=True, slots=True)
class ReceivedText:
    """One seed file as received, never edited: its file name and its text."""

    name: str
    text: str


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
    # The seeds exactly as received, for the fidelity audit: the outputs must
    # hold these words plus the recorded emendations and nothing else.
    received: tuple[ReceivedText, ...] = ()

    def name(self, entry_id: str) -> NameEntry:
        for entry in self.names:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def notes_of(self, section_id: str) -> tuple[Note, ...]:
        """The editor's notes called from one section, in their order."""
        return tuple(n for n in self.notes if n.section_id == section_id)

    def has(self, kind: SectionKind) -> bool:
        return any(s.kind == kind for s in self.sections)
