"""Build the Manuscript from loaded input: the first step, then an ordered list of named passes.

    manuscript_of(book)  seeds -> paragraphs with emendations; Markdown -> blocks; notes parsed
    notes-section        the endnotes' section, where contents lists none
    attach-notes         each note called after its phrase, numbered per section
    cite-sources         citations given their short references
    typography           Standard Ebooks' rules, across runs
    languages            Chinese and Russian runs marked with their language
    glossary             the first occurrence of each glossary term linked
    names                every occurrence of a registered name tagged, in reading order

Each pass takes and returns the Manuscript, over sections and notes alike.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Manuscript
from ..source import BookInput
from .citations import cite_sources
from .language import tag_languages
from .names import tag_glossary, tag_names
from .notes import attach_notes
from .passes import Pass, Passes, map_blocks
from .sections import add_notes_section, manuscript_of
from .typography import typeset_manuscript

PASSES = Passes((
    Pass("notes-section", add_notes_section),
    Pass("attach-notes", attach_notes),
    Pass("cite-sources", cite_sources),
    Pass("typography", typeset_manuscript),
    Pass("languages", tag_languages),
    Pass("glossary", tag_glossary),
    Pass("names", tag_names),
))


def assemble(book: BookInput, styles_dir: Path | str = "", passes: Passes = PASSES) -> Manuscript:
    return passes.run(manuscript_of(book, str(styles_dir)))


__all__ = ["PASSES", "Pass", "Passes", "assemble", "manuscript_of", "map_blocks"]
