"""The print-on-demand printers' published figures, and the geometry of a full-wrap cover.

One table, read by the renderer (which makes the files) and by the preflight
(which checks them), so the two cannot disagree. Lengths are inches.

Sources: KDP's paperback help (submission guidelines, cover calculator,
margins by page count); IngramSpark's file creation guide (CMYK, PDF/X-1a,
240 % total ink, 0.5 in margins, spine text from 48 pages). IngramSpark
publishes no paper caliper: its spine comes from its cover template
generator, so without `print: {spine: ...}` in book.yaml the KDP rate stands
in as an estimate and the build says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Paper, PrintProfile, Target

BLEED = 0.125             # every printer here: 1/8 in beyond the trim on the cover's outer edges
SAFE = 0.125              # nothing but background this close to the trim, or to a fold on a panel
SPINE_TEXT_SAFE = 0.0625  # spine text stays 1/16 in clear of each fold (the fold wanders that much)
BARCODE_SIZE = (2.0, 1.2)  # the area kept for the barcode, lower right of the back
BARCODE_INSET = 0.25      # its distance from the spine fold and from the bottom trim

# KDP: spine = pages x the paper's thickness.
KDP_SPINE_RATE = {Paper.WHITE: 0.002252, Paper.CREAM: 0.0025}
# KDP: the least inside margin for a page count: (last page count of the row, margin).
KDP_GUTTER = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))


@dataclass(frozen=True)
class PrinterRules:
    """What one printer asks of the interior and the cover."""

    target: Target
    name: str
    ink_limit: float                 # total ink, per cent, no colour may exceed
    pdfx: str | None                 # the PDF/X conformance required ("PDF/X-1a"), or None
    min_margin: float                # nothing printed nearer the trim (KDP: outside, top and bottom)
    gutter: tuple[tuple[int, float], ...] | None  # inside margin by page count (KDP), else min_margin
    pages: tuple[int, int] | None    # the page counts printed
    even_pages: bool                 # the interior must have an even page count
    spine_text_from: int             # pages: below this the spine stays blank
    bookmarks_allowed: bool
    spine_published: bool            # the printer publishes a spine formula (else: an estimate)
    profile: PrintProfile = PrintProfile.GRACOL

    def inside_margin(self, pages: int) -> float:
        """The least inside margin for this page count."""
        if self.gutter is None:
            return self.min_margin
        for last, margin in self.gutter:
            if pages <= last:
                return margin
        return self.gutter[-1][1]

    def spine(self, pages: int, paper: Paper, given: float | None = None) -> float:
        """The spine's width: the book's own figure (from the printer's template) wins."""
        if given is not None:
            return given
        return round(pages * KDP_SPINE_RATE[paper], 4)

    def spine_text(self, pages: int) -> bool:
        return pages >= self.spine_text_from


PRINTERS: dict[Target, PrinterRules] = {
    Target.KDP: PrinterRules(
        Target.KDP, "Amazon KDP", ink_limit=300.0, pdfx=None, min_margin=0.25, gutter=KDP_GUTTER,
        pages=(24, 828), even_pages=False, spine_text_from=79, bookmarks_allowed=False, spine_published=True),
    Target.INGRAMSPARK: PrinterRules(
        Target.INGRAMSPARK, "IngramSpark", ink_limit=240.0, pdfx="PDF/X-1a", min_margin=0.5, gutter=None,
        pages=None, even_pages=True, spine_text_from=48, bookmarks_allowed=True, spine_published=False),
}


@dataclass(frozen=True)
class Box:
    """A rectangle in inches, from the top left corner of the cover's trim, y downwards."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float | None = None) -> "Box":
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)


@dataclass(frozen=True)
class CoverGeometry:
    """A full-wrap cover: back, spine and front side by side, bleed all round.

    The trim box is (2 x panel width + spine) x panel height; the file is the
    bleed box, BLEED larger on every side.
    """

    panel_w: float
    panel_h: float
    spine: float
    bleed: float = BLEED

    @property
    def width(self) -> float:
        return 2 * self.panel_w + self.spine

    @property
    def media(self) -> tuple[float, float]:
        return self.width + 2 * self.bleed, self.panel_h + 2 * self.bleed

    @property
    def back(self) -> Box:
        return Box(0, 0, self.panel_w, self.panel_h)

    @property
    def spine_box(self) -> Box:
        return Box(self.panel_w, 0, self.spine, self.panel_h)

    @property
    def front(self) -> Box:
        return Box(self.panel_w + self.spine, 0, self.panel_w, self.panel_h)

    @property
    def folds(self) -> tuple[float, float]:
        return self.panel_w, self.panel_w + self.spine

    # Where anything but the background may stand.
    @property
    def back_live(self) -> Box:
        return self.back.inset(SAFE)

    @property
    def front_live(self) -> Box:
        return self.front.inset(SAFE)

    @property
    def spine_live(self) -> Box:
        return Box(self.panel_w + SPINE_TEXT_SAFE, SAFE, self.spine - 2 * SPINE_TEXT_SAFE, self.panel_h - 2 * SAFE)

    @property
    def barcode(self) -> Box:
        w, h = BARCODE_SIZE
        return Box(self.panel_w - BARCODE_INSET - w, self.panel_h - BARCODE_INSET - h, w, h)


def cover_geometry(trim_size, rules: PrinterRules, pages: int, paper: Paper, spine: float | None) -> CoverGeometry:
    """The cover for an interior of `pages` pages at `trim_size` (a TrimSize)."""
    return CoverGeometry(trim_size.width, trim_size.height, rules.spine(pages, paper, spine))
