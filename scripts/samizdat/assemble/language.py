"""Foreign words: runs of another script are marked with their language.

Words in another script (the Chinese title, a Russian source) are wrapped
in Foreign nodes (see model.scripts); names can carry a language of their
own in names.yaml (`lang: es`).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Foreign, Inline, Manuscript, Text
from ..model.scripts import split_scripts
from ..model.walk import map_text
from .passes import map_blocks


def tag_foreign(text: str) -> tuple[Inline, ...]:
    """A Text run -> Text and Foreign runs (for assemble's map_text, skipping Foreign)."""
    return tuple(Text(piece) if lang is None else Foreign(lang, (Text(piece),)) for piece, lang in split_scripts(text))


def tag_languages(m: Manuscript) -> Manuscript:
    """Mark runs of Chinese or Cyrillic script, everywhere, with their language."""
    return map_blocks(m, lambda blocks: tuple(replace(b, inlines=map_text(b.inlines, tag_foreign, skip=(Foreign,)))
                                              for b in blocks))
