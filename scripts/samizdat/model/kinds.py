"""The closed lists of the model, as enums.

Each is a `StrEnum`, so a kind prints as the word a book directory uses
(`chapter`, `person`) and compares equal to it; a word that is not on a
list is caught where the book is read, with the list in the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SectionKind(StrEnum):
    """One unit of the reading order; every renderer has a table keyed by these."""

    TITLEPAGE = "titlepage"        # half title, title page and imprint
    CONTENTS = "contents"
    INTRODUCTION = "introduction"  # the editor's, in the front matter
    CHAPTER = "chapter"            # the author's text, one seed each
    APPARATUS = "apparatus"        # "A note on the text": every emendation
    NOTES = "notes"                # the editor's endnotes (EPUB; print has footnotes)
    GLOSSARY = "glossary"
    SOURCES = "sources"
    INDEX = "index"


class Matter(StrEnum):
    FRONT = "front"
    BODY = "body"
    BACK = "back"


# Sections before the first chapter; the rest is body or back matter.
FRONT_KINDS = frozenset((SectionKind.TITLEPAGE, SectionKind.CONTENTS, SectionKind.INTRODUCTION))
# The index of names points into these (and the notes anchored in them).
INDEXED_KINDS = frozenset((SectionKind.INTRODUCTION, SectionKind.CHAPTER))


class NameKind(StrEnum):
    """What an index entry names; each is a part of the index."""

    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"
    EVENT = "event"

    @property
    def group(self) -> str:
        """The key of names.yaml that lists entries of this kind."""
        return {"person": "persons", "place": "places", "organisation": "organisations", "event": "events"}[self.value]

    @property
    def index_heading(self) -> str:
        """The heading of this kind's part of the index."""
        return {"person": "Persons", "place": "Places", "organisation": "Organisations", "event": "Events"}[self.value]


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class TrimSize:
    width: float  # inches
    height: float
    css: str  # as CSS `size:` says it

    @property
    def points(self) -> tuple[float, float]:
        return (self.width * 72, self.height * 72)


class Trim(StrEnum):
    """The printed page size; the one table of trims (render/pdf sets margins per trim)."""

    SIX_BY_NINE = "6x9"
    A4 = "a4"
    LETTER = "letter"

    @property
    def size(self) -> TrimSize:
        return TRIM_SIZES[self]

    @property
    def words(self) -> str:
        """As a reader would say it: "6 × 9 in"."""
        return {"6x9": "6 × 9 in", "a4": "a4", "letter": "letter"}[self.value]


TRIM_SIZES = {
    Trim.SIX_BY_NINE: TrimSize(6, 9, "6in 9in"),
    Trim.A4: TrimSize(210 / 25.4, 297 / 25.4, "210mm 297mm"),
    Trim.LETTER: TrimSize(8.5, 11, "8.5in 11in"),
}


class OutputFormat(StrEnum):
    PDF = "pdf"
    EPUB = "epub"


class Target(StrEnum):
    """What the PDF is for."""

    SCREEN = "screen"            # trim size, links live
    PRINT = "print"              # bleed and crop marks for a printer
    KDP = "kdp"                  # Amazon KDP paperback: CMYK interior and full-wrap cover
    INGRAMSPARK = "ingramspark"  # IngramSpark paperback: PDF/X-1a interior and full-wrap cover

    @property
    def on_demand(self) -> bool:
        """A print-on-demand preset: an interior and a cover, in CMYK, for one printer."""
        return self in (Target.KDP, Target.INGRAMSPARK)


class Paper(StrEnum):
    """The interior's paper stock, which sets the spine's width."""

    WHITE = "white"
    CREAM = "cream"


class PrintProfile(StrEnum):
    """The printing condition the CMYK output intent names (an ICC profile packaged in data/icc)."""

    GRACOL = "gracol"    # GRACoL 2006 coated (CGATS TR 006): North American presses
    FOGRA39 = "fogra39"  # ISO 12647-2 coated (FOGRA39): European presses
