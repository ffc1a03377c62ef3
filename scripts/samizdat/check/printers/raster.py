"""The rules that look at pixels: margins, the cover's safe zones, the spine.

They render the file with poppler's pdftoppm (scripts/system-deps installs
poppler-utils) and so see what prints, whatever drew it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...model.printers import SAFE, SPINE_TEXT_SAFE
from .facts import PT
from .rules import COVER, INTERIOR, box_of, first, rule

MARGIN_DPI = 36   # a margin is checked to 1/36 in
COVER_DPI = 72
PAPER_WHITE = 250  # grey level above which a pixel is unprinted paper


def render(path: Path, dpi: int, *, gray: bool = False) -> list:
    """Every page as a Pillow image of its MediaBox."""
    from PIL import Image

    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RuntimeError("pdftoppm not found: install poppler-utils (scripts/system-deps does)")
    with tempfile.TemporaryDirectory(prefix="samizdat-preflight-") as tmp:
        subprocess.run([tool, "-r", str(dpi), "-gray" if gray else "-png", str(path), f"{tmp}/p"], check=True,
                       capture_output=True, timeout=600)
        files = sorted(Path(tmp).iterdir(), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
        return [Image.open(f).copy() for f in files]


@rule("margins", (INTERIOR,), "nothing printed nearer the trim than the printer's margins (KDP: its gutter for the page count)")
def margins(pdf, facts, spec):
    from PIL import ImageOps

    rules, n = spec.rules, len(pdf.pages)
    inner, outer = rules.inside_margin(n), rules.min_margin
    bad = []
    for i, image in enumerate(render(Path(pdf.filename), MARGIN_DPI, gray=True), 1):
        inked = ImageOps.invert(image.point(lambda v: 255 if v > PAPER_WHITE else 0)).getbbox()
        if inked is None:
            continue
        w, h = image.size
        left, right = inked[0] / MARGIN_DPI, (w - inked[2]) / MARGIN_DPI
        top, bottom = inked[1] / MARGIN_DPI, (h - inked[3]) / MARGIN_DPI
        binding, fore = (left, right) if i % 2 else (right, left)  # page 1 is a recto, bound on its left
        for what, got, need in (("inside", binding, inner), ("outside", fore, outer), ("top", top, outer),
                                ("bottom", bottom, outer)):
            if got + 0.5 / MARGIN_DPI < need:
                bad.append(f"page {i}: {what} margin {got:.2f} in, less than {need} in")
    return first(bad)


def _cover_raster(pdf, facts, spec):
    """The cover at COVER_DPI, and a function from trim inches to its pixels."""
    if "cover" not in facts.cache:
        image = render(Path(pdf.filename), COVER_DPI)[0].convert("RGB")
        media = box_of(pdf.pages[0], "/MediaBox")
        # poppler paints a last, partial pixel column or row half-white: keep whole pixels only.
        size = (int((media[2] - media[0]) / PT * COVER_DPI), int((media[3] - media[1]) / PT * COVER_DPI))
        facts.cache["cover"] = image.crop((0, 0, min(size[0], image.width), min(size[1], image.height)))
    bleed = spec.cover.bleed
    return facts.cache["cover"], lambda inches: round((inches + bleed) * COVER_DPI)


def _background(image) -> tuple[int, int, int]:
    """The most common colour of the bleed at the left edge."""
    strip = image.crop((0, 0, 3, image.height))
    return max(strip.getcolors(strip.width * strip.height), key=lambda c: c[0])[1]


def _foreign(image, box, background, tolerance: int = 12) -> int:
    """How many pixels in `box` (pixels) are not the background."""
    box = (max(0, box[0]), max(0, box[1]), min(image.width, box[2]), min(image.height, box[3]))
    if box[2] <= box[0] or box[3] <= box[1]:
        return 0
    crop = image.crop(box)
    return sum(count for count, colour in crop.getcolors(crop.width * crop.height) or []
               if max(abs(a - b) for a, b in zip(colour, background)) > tolerance)


@rule("safe-zones", (COVER,), "only background within 0.125 in of the trim and of the folds (spine text: 1/16 in)")
def safe_zones(pdf, facts, spec):
    image, px = _cover_raster(pdf, facts, spec)
    background = _background(image)
    g = spec.cover
    b, w, h = g.bleed, g.width, g.panel_h
    fold1, fold2 = g.folds
    middle = (fold1 + fold2) / 2
    bands = {
        "left edge": (px(-b), px(-b), px(SAFE), px(h + b)),
        "right edge": (px(w - SAFE), px(-b), px(w + b), px(h + b)),
        "top edge": (px(-b), px(-b), px(w + b), px(SAFE)),
        "bottom edge": (px(-b), px(h - SAFE), px(w + b), px(h + b)),
        "back fold": (px(fold1 - SAFE), 0, px(min(fold1 + SPINE_TEXT_SAFE, middle)), image.height),
        "front fold": (px(max(fold2 - SPINE_TEXT_SAFE, middle)), 0, px(fold2 + SAFE), image.height),
    }
    bad = []
    for name, band in bands.items():
        n = _foreign(image, band, background)
        if n > 2:  # a pixel or two of anti-aliasing at a band's edge is not content
            bad.append(f"{n} pixels other than the background within the safe band at the {name}")
    return bad


@rule("spine-text", (COVER,), "the spine blank below the printer's page count for spine text (KDP 79, IngramSpark 48)")
def spine_text(pdf, facts, spec):
    if spec.rules.spine_text(spec.pages):
        return []
    image, px = _cover_raster(pdf, facts, spec)
    fold1, fold2 = spec.cover.folds
    n = _foreign(image, (px(fold1), 0, max(px(fold1) + 1, px(fold2)), image.height), _background(image))
    if n > 2:
        return [f"{n} pixels other than the background on the spine of a {spec.pages}-page book"
                f" ({spec.rules.name}: spine text from {spec.rules.spine_text_from} pages)"]
    return []
