"""Each trim's page: margins, type size and leading."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Trim


@dataclass(frozen=True)
class Geometry:
    """A trim's margins in inches, type size and leading in points; its size is the trim's own.

    The text block is set for about 65 characters a line of EB Garamond
    (measured: 16.8 characters an inch at 11 pt); the gutter (inner margin)
    is the wider side margin, so the binding does not eat the text.
    """

    trim: Trim
    top: float
    bottom: float
    inner: float
    outer: float
    size: float
    leading: float

    @property
    def width(self) -> float:
        return self.trim.size.width

    @property
    def height(self) -> float:
        return self.trim.size.height

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


GEOMETRY = {
    Trim.SIX_BY_NINE: Geometry(Trim.SIX_BY_NINE, 0.8, 0.95, 0.95, 0.85, 11.5, 15),
    Trim.A4: Geometry(Trim.A4, 1.1, 1.35, 1.95, 1.72, 12.5, 16.5),
    Trim.LETTER: Geometry(Trim.LETTER, 1.05, 1.3, 2.05, 1.85, 12.5, 16.5),
}
