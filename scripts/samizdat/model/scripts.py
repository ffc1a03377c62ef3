"""Which writing system a run of text is in.

The book's language is declared once on each document; words in another
script (the Chinese title, a Russian source) must say their language, so
that hyphenation, font fallback and speech use the right rules. `assemble`
marks such runs in the text as Foreign nodes; the renderers mark them in
the editor's plain strings (apparatus, glossary, sources) the same way.
"""

from __future__ import annotations

import re

# (language, pattern) in order; a run of one script, with the spaces and
# punctuation inside it, becomes one Foreign node.
SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # CJK ideographs, with CJK punctuation (《》、。) and full-width forms.
    # A middle dot inside a run joins the parts of a transcribed name (约瑟夫·科辛斯基).
    ("zh", re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]*[\u3400-\u4dbf\u4e00-\u9fff]"
                      r"(?:[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]|·(?=[\u3400-\u4dbf\u4e00-\u9fff]))*")),
    ("ru", re.compile(r"[\u0400-\u04ff]+(?:[ ,\-\u00a0]+[\u0400-\u04ff]+)*")),
)
_ANY = re.compile("|".join(f"(?P<{lang}>{pattern.pattern})" for lang, pattern in SCRIPTS))


def split_scripts(text: str) -> list[tuple[str, str | None]]:
    """The text as (piece, language or None for the book's own) in order."""
    out: list[tuple[str, str | None]] = []
    cursor = 0
    for match in _ANY.finditer(text):
        if match.start() > cursor:
            out.append((text[cursor:match.start()], None))
        out.append((match.group(), match.lastgroup))
        cursor = match.end()
    if cursor < len(text):
        out.append((text[cursor:], None))
    return out
