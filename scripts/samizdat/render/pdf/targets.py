"""The print-on-demand presets: what `--target kdp` and `--target ingramspark` change in the interior.

The book is laid out as for the screen, with three differences in the
styles (every colour pure black or CMYK, the running heads clear of the
printer's margin, no bookmarks) and these after layout: blank pages at the
end where the printer needs a page count it does not have, the text block
moved towards the fore-edge as KDP's gutter grows with the page count (the
measure stays, so nothing reflows), links and bookmarks dropped, and the file
written as PDF/X-1a with the CMYK output intent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Manuscript, Target
from ...model.printers import PRINTERS, PrinterRules
from .colour import (
    OUTPUT_PROFILES, PRINT_CSS, OutputProfile, drop_links_and_bookmarks, pdfx_finisher, print_image, profile_css,
)
from .geometry import GEOMETRY

PDF_VARIANT = "pdf/x-1a"  # X-4 is not reproducible in WeasyPrint 70 (a random document id), and X-1a is asked for
HEAD_INK = 0.16           # inches from the foot of the running head's box to the top of its letters (measured)


@dataclass(frozen=True)
class OnDemand:
    """One print-on-demand target applied to one book."""

    rules: PrinterRules
    profile: OutputProfile
    first_gutter: float  # the inside margin the styles lay the book out with

    @classmethod
    def of(cls, manuscript: Manuscript, target: Target) -> "OnDemand":
        rules = PRINTERS[target]
        profile = OUTPUT_PROFILES[manuscript.metadata.print_options.profile or rules.profile]
        return cls(rules, profile, rules.inside_margin(0))

    @property
    def ink_limit(self) -> float:
        return min(self.rules.ink_limit, self.profile.ink_limit)

    def css(self, manuscript: Manuscript) -> str:
        g = GEOMETRY[manuscript.metadata.trim]
        # The head's letters stand at least the printer's margin from the top edge.
        head_padding = min(0.22, round(g.top - self.rules.min_margin - HEAD_INK - 0.02, 3))
        return (profile_css(self.profile) + PRINT_CSS
                + "h1, h2, h3, h4, h5, h6 { bookmark-level: none; }\n"
                + f"@page front:left, main:left, front:right, main:right {{ @top-center {{ padding-bottom: {head_padding}in; }} }}\n")

    def pages_to_add(self, pages: int) -> int:
        """Blank pages for the end of the book: up to the printer's least count, then to an even count if asked."""
        add = max(0, self.rules.pages[0] - pages) if self.rules.pages else 0
        if self.rules.even_pages and (pages + add) % 2:
            add += 1
        return add

    def gutter_shift(self, pages: int) -> float:
        """How far the text block moves towards the fore-edge for this page count (KDP's table)."""
        return self.rules.inside_margin(pages) - self.first_gutter

    def prepare(self, document) -> None:
        """The laid-out book made ready for the printer: no links or bookmarks, the gutter for its page count."""
        drop_links_and_bookmarks(document)
        shift_text_block(document, self.gutter_shift(len(document.pages)))

    def image(self, data: bytes) -> bytes:
        """A raster image the book's styles use, separated for this printer."""
        return print_image(data, self.profile, self.ink_limit)

    def finishers(self) -> list:
        return [pdfx_finisher(self.profile)]


def shift_text_block(document, dx: float) -> None:
    """Move everything on each page `dx` inches towards its fore-edge (right on rectos, left on versos).

    The page's boxes are already laid out; translating them changes where
    they are drawn, nothing else. A page object used twice (the one blank
    page) is moved once.
    """
    if not dx:
        return
    seen: set[int] = set()
    for i, page in enumerate(document.pages):
        if id(page) in seen:
            continue
        seen.add(id(page))
        offset = dx * 96 * (1 if i % 2 == 0 else -1)  # CSS pixels; the first page is a recto
        for box in page._page_box.children:
            box.translate(offset, 0)
