"""The manuscript model: frozen node types, the closed lists as enums, one id scheme, one walker.

Everything downstream of `assemble` reads only the model; it knows nothing
of HTML, CSS or YAML. Import the types from here.
"""

from .book import (
    Emendation, GlossaryEntry, Manuscript, Metadata, NameEntry, Note, Person, PrintOptions, ReceivedText, Section,
    SourceRef,
)
from .kinds import (
    FRONT_KINDS, INDEXED_KINDS, Confidence, Matter, NameKind, OutputFormat, Paper, PrintProfile, SectionKind, Target, Trim,
    TrimSize,
)
from .nodes import (
    Block, Citation, Emended, Emphasis, Foreign, GlossRef, Heading, Inline, Link, NameRef, NoteRef, Paragraph,
    SourceLoc, Strong, Text,
)

__all__ = [
    "Block", "Citation", "Confidence", "Emendation", "Emended", "Emphasis", "FRONT_KINDS", "Foreign", "GlossRef",
    "GlossaryEntry", "Heading", "INDEXED_KINDS", "Inline", "Link", "Manuscript", "Matter", "Metadata", "NameEntry",
    "NameKind", "NameRef", "Note", "NoteRef", "OutputFormat", "Paper", "Paragraph", "Person", "PrintOptions", "PrintProfile",
    "ReceivedText", "Section", "SectionKind",
    "SourceLoc", "SourceRef", "Strong", "Target", "Text", "Trim", "TrimSize",
]
