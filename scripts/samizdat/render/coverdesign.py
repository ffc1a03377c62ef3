"""The front cover's design, made once and drawn twice: the EPUB's PNG and the print cover's front panel.

`front_design()` takes every decision (the frame, the author in capitals,
the title fitted to at most five lines, the red rule, the instalment, the
publisher) in a design space of WIDTH x HEIGHT pixels, measuring text with
Pillow's FreeType metrics, and returns the result as plain items. The EPUB
draws them into a PNG (`render/epub/cover.py`); the print cover places the
same lines, broken the same way, on its front panel (`render/pdf/cover.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Metadata
from . import fonts

WIDTH, HEIGHT = 1600, 2400  # 2:3, above the 1400 x 2100 that shops and readers ask for
MARGIN = 150
PAPER = (38, 34, 31)        # near-black warm grey: reads as a cover, not a page
INK = (236, 228, 212)       # off-white for the words
ACCENT = (178, 58, 44)      # the one red rule


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


@dataclass(frozen=True)
class Lines:
    """Lines of text centred on the cover: `top` is the first line's ascender, `step` baseline to baseline."""

    lines: tuple[str, ...]
    weight: int
    style: str
    size: int
    top: int
    step: int
    colour: tuple[int, int, int] = INK


@dataclass(frozen=True)
class Rect:
    """A filled rectangle, or with `stroke` an outline that wide (inside its edges, as Pillow draws it)."""

    x0: int
    y0: int
    x1: int
    y1: int
    colour: tuple[int, int, int]
    stroke: int = 0


def face(weight: int, style: str = "normal") -> Path:
    for f in fonts.faces():
        if f.family == fonts.FAMILY and f.weight == weight and f.style == style:
            return f.path
    raise LookupError(f"no {style} face of weight {weight}")


def font(weight: int, style: str, size: int):
    """The face at a pixel size, laid out by FreeType alone (the same with or without libraqm)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(face(weight, style)), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(draw, text: str, typeface, width: float) -> list[str]:
    """Greedy line breaking on spaces, so every line fits `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=typeface) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, size: int, width: int, max_lines: int) -> tuple[int, list[str]]:
    """The largest size <= `size` at which `text` fits in `max_lines` lines of `width`."""
    while True:
        typeface = font(600, "normal", size)
        lines = wrap(draw, text, typeface, width)
        if (len(lines) <= max_lines and all(draw.textlength(l, font=typeface) <= width for l in lines)) or size <= 24:
            return size, lines
        size -= 4


def front_design(text: CoverText) -> tuple[Lines | Rect, ...]:
    """Everything on the front, in drawing order, in the WIDTH x HEIGHT design space."""
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    measure = WIDTH - 2 * MARGIN
    # A thin frame, as on a pamphlet.
    inset = MARGIN // 2
    items: list[Lines | Rect] = [Rect(inset, inset, WIDTH - inset, HEIGHT - inset, INK, stroke=3)]
    y = 600
    if text.author:
        author = Lines((text.author.upper(),), 600, "normal", 78, 480, round(78 * 1.2))
        items.append(author)
        y = author.top + author.step
    size, lines = _fit(draw, text.title, 150, measure, 5)
    title = Lines(tuple(lines), 600, "normal", size, max(y + 170, 700), round(size * 1.12))
    items.append(title)
    y = title.top + len(lines) * title.step
    items.append(Rect(WIDTH // 2 - 160, y + 60, WIDTH // 2 + 160, y + 68, ACCENT))
    if text.instalment:
        items.append(Lines((text.instalment,), 400, "italic", 84, y + 150, round(84 * 1.2)))
    if text.publisher:
        items.append(Lines((text.publisher,), 400, "normal", 64, HEIGHT - MARGIN - 160, round(64 * 1.2)))
    return tuple(items)
