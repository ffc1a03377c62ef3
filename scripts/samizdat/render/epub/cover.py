"""The EPUB's cover: a PNG drawn at build time from the book's metadata.

Title, author, instalment and publisher, set in the book's own typeface
(the static EB Garamond faces from `fonts`). The same metadata and the same
fonts always give the same bytes: Pillow writes no time or other varying
chunk into a PNG, and text is laid out by FreeType alone (basic layout, so
the result does not depend on whether libraqm is present).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ...model import Metadata
from .. import fonts

WIDTH, HEIGHT = 1600, 2400  # 2:3, above the 1400 x 2100 that shops and readers ask for
MARGIN = 150
PAPER = (38, 34, 31)        # near-black warm grey: reads as a cover, not a page
INK = (236, 228, 212)       # off-white for the words
ACCENT = (178, 58, 44)      # the one red rule

COVER_IMAGE = "images/cover.png"
COVER_PAGE = "cover.xhtml"


@dataclass(frozen=True)
class CoverText:
    """The words on the cover, in reading order; also the image's alt text."""

    title: str
    author: str
    instalment: str
    publisher: str

    def alt(self) -> str:
        parts = [f"Cover: {self.title}", f"by {self.author}" if self.author else "", self.instalment,
                 f"published by {self.publisher}" if self.publisher else ""]
        return ", ".join(p for p in parts if p) + "."


def cover_text(m: Metadata) -> CoverText:
    author = ", ".join(p.name for p in m.creators if p.role == "aut")
    instalment = f"Instalment {m.series_position}" if m.series and m.series_position else ""
    return CoverText(m.title, author, instalment, m.publisher)


def _face(weight: int, style: str = "normal") -> Path:
    for face in fonts.faces():
        if face.weight == weight and face.style == style:
            return face.path
    raise LookupError(f"no {style} face of weight {weight}")


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Greedy line breaking on spaces, so every line fits `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, path: Path, size: int, width: int, max_lines: int):
    """The largest size <= `size` at which `text` fits in `max_lines` lines of `width`."""
    from PIL import ImageFont

    while True:
        font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
        lines = _wrap(draw, text, font, width)
        if (len(lines) <= max_lines and all(draw.textlength(l, font=font) <= width for l in lines)) or size <= 24:
            return font, lines
        size -= 4


def _centred(draw, lines: list[str], font, top: int, leading: float, fill) -> int:
    """Draw lines centred on the page from `top`; returns the y below the last line."""
    step = round(font.size * leading)
    for i, line in enumerate(lines):
        draw.text((WIDTH // 2, top + i * step), line, font=font, fill=fill, anchor="ma")
    return top + len(lines) * step


def render_cover(m: Metadata) -> bytes:
    """The cover as PNG bytes, WIDTH x HEIGHT."""
    from PIL import Image, ImageDraw, ImageFont

    text = cover_text(m)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    measure = WIDTH - 2 * MARGIN

    # A thin frame, as on a pamphlet.
    inset = MARGIN // 2
    draw.rectangle((inset, inset, WIDTH - inset, HEIGHT - inset), outline=INK, width=3)

    y = 600
    if text.author:
        font = ImageFont.truetype(str(_face(600)), 78, layout_engine=ImageFont.Layout.BASIC)
        y = _centred(draw, [text.author.upper()], font, 480, 1.2, INK)
    font, lines = _fit(draw, text.title, _face(600), 150, measure, 5)
    y = _centred(draw, lines, font, max(y + 170, 700), 1.12, INK)
    draw.rectangle((WIDTH // 2 - 160, y + 60, WIDTH // 2 + 160, y + 68), fill=ACCENT)
    if text.instalment:
        font = ImageFont.truetype(str(_face(400, "italic")), 84, layout_engine=ImageFont.Layout.BASIC)
        _centred(draw, [text.instalment], font, y + 150, 1.2, INK)
    if text.publisher:
        font = ImageFont.truetype(str(_face(400)), 64, layout_engine=ImageFont.Layout.BASIC)
        _centred(draw, [text.publisher], font, HEIGHT - MARGIN - 160, 1.2, INK)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


def render_cover_page(m: Metadata, language: str, stylesheets: list[str]) -> str:
    """The cover's XHTML page: the image, full height, with the cover's words as alt text."""
    from ..html.writer import attrs, document

    body = (f'<section{attrs(id="cover", class_="cover", epub_type="cover", aria_label="Cover")}>\n'
            f'<img{attrs(src=COVER_IMAGE, alt=cover_text(m).alt(), role="doc-cover", class_="cover-image")}/>\n'
            "</section>")
    return document("Cover", language, body, stylesheets, body_class="cover-page")
