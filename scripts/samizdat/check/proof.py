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
