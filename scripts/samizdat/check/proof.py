"""Proofs for review: PNGs of chosen PDF pages and one contact sheet of every page.

Pages are rasterised by poppler's pdftoppm (scripts/system-deps installs
poppler-utils); the sheet is tiled with Pillow, which WeasyPrint already needs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SamizdatError


def parse_pages(spec: str, count: int) -> list[int]:
    """'1-4,12' -> [1, 2, 3, 4, 12]: physical page numbers from 1, in order, without repeats."""
    pages: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise SamizdatError(None, None, f"--pages: '{part}' is not a page or a range like 1-4")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 1 <= first <= last <= count:
            raise SamizdatError(None, None, f"--pages: '{part}' is outside 1-{count}")
        pages += [n for n in range(first, last + 1) if n not in pages]
    return pages


def _pdftoppm() -> str:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SamizdatError(None, None, "pdftoppm not found: install poppler-utils (scripts/system-deps does)")
    return tool


def render_page(pdf: Path, page: int, out: Path, dpi: int) -> Path:
    subprocess.run([_pdftoppm(), "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True, capture_output=True, timeout=120)
    return out


def contact_sheet(pdf: Path, out: Path, *, columns: int = 8, dpi: int = 24, gap: int = 8) -> Path:
    """Every page, small, in reading order on one image; spreads read left to right."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="samizdat-sheet-") as tmp:
        subprocess.run([_pdftoppm(), "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True, capture_output=True, timeout=600)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        thumbs = [Image.open(f).convert("RGB") for f in files]
    if not thumbs:
        raise SamizdatError(pdf, None, "the PDF has no pages")
    w = max(t.width for t in thumbs)
    h = max(t.height for t in thumbs)
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (w + gap) + gap, rows * (h + gap) + gap), (128, 128, 128))
    for i, thumb in enumerate(thumbs):
        row, col = divmod(i, columns)
        sheet.paste(thumb, (gap + col * (w + gap), gap + row * (h + gap)))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    return out


def make_proofs(pdf: Path, out_dir: Path, pages_spec: str, *, dpi: int = 100) -> list[Path]:
    from pypdf import PdfReader

    count = len(PdfReader(str(pdf)).pages)
    pages = parse_pages(pages_spec, count)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SamizdatError(out_dir, None, f"cannot create output directory: {exc.strerror}") from None
    made = [render_page(pdf, n, out_dir / f"page-{n:03d}.png", dpi) for n in pages]
    made.append(contact_sheet(pdf, out_dir / "contact-sheet.png"))
    return made


# -- the cover, flat, with its guides ------------------------------------------------

TRIM_LINE = (230, 30, 30)     # red, solid: where the cover is cut
FOLD_LINE = (40, 120, 255)    # blue, dashed: the spine's folds, through the bleed
SAFE_LINE = (40, 200, 90)     # green, dotted: nothing but background outside these
BARCODE_LINE = (255, 150, 0)  # orange: the barcode's area


def cover_proof(cover_pdf: Path, geometry, out: Path, *, dpi: int = 60) -> Path:
    """The cover rendered through its own output intent, with trim, folds, safe lines and barcode area drawn."""
    import pikepdf
    from PIL import Image, ImageDraw

    with tempfile.TemporaryDirectory(prefix="samizdat-cover-") as tmp:
        command = [_pdftoppm(), "-r", str(dpi), "-png", "-singlefile"]
        with pikepdf.open(cover_pdf) as pdf:
            intents = pdf.Root.get("/OutputIntents", [])
            if intents and "/DestOutputProfile" in intents[0]:
                # Colour-managed: DeviceCMYK seen through the profile the printer is told to expect.
                profile = Path(tmp) / "intent.icc"
                profile.write_bytes(intents[0].DestOutputProfile.read_bytes())
                command += ["-defaultcmykprofile", str(profile)]
        subprocess.run(command + [str(cover_pdf), f"{tmp}/cover"], check=True, capture_output=True, timeout=120)
        image = Image.open(f"{tmp}/cover.png").convert("RGB")
    draw = ImageDraw.Draw(image)
    g = geometry

    def px(x: float, y: float) -> tuple[int, int]:  # trim inches -> pixels of the render, which includes the bleed
        return round((x + g.bleed) * dpi), round((y + g.bleed) * dpi)

    def rectangle(box, colour, width=1, dash=None):
        (x0, y0), (x1, y1) = px(box.x, box.y), px(box.right, box.bottom)
        if dash is None:
            draw.rectangle((x0, y0, x1, y1), outline=colour, width=width)
            return
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            dashed(a, b, colour, width, dash)

    def dashed(a, b, colour, width, dash):
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1])) or 1
        for start in range(0, length, dash[0] + dash[1]):
            f0, f1 = start / length, min(start + dash[0], length) / length
            draw.line([(a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0),
                       (a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1)], fill=colour, width=width)

    from ..model.printers import Box

    rectangle(Box(0, 0, g.width, g.panel_h), TRIM_LINE, width=2)
    for x in g.folds:
        dashed(px(x, -g.bleed), px(x, g.panel_h + g.bleed), FOLD_LINE, 2, (8, 5))
    for live in (g.back_live, g.front_live, g.spine_live):
        if live.w > 0:
            rectangle(live, SAFE_LINE, dash=(2, 3))
    rectangle(g.barcode, BARCODE_LINE, width=2)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    return out
