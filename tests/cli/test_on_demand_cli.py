"""`build`, `proof` and their options for a print-on-demand target, run as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from PIL import Image

from conftest import BOOK


def cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_build_for_ingramspark_on_cream_paper_says_what_it_wrote_and_what_is_estimated(tmp_path):
    proc = cli("build", BOOK, "-o", tmp_path, "--target", "ingramspark", "--paper", "cream", "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert re.fullmatch(rf"wrote {re.escape(str(tmp_path))}/orlov-secret-history-ingramspark-interior.pdf \(\d+ KiB, 30 pages\)", lines[0])
    # 30 pages of cream at 0.0025 in: a 0.075 in spine.
    assert "-ingramspark-cover.pdf (" in lines[1] and "12.0750 x 9 in with a 0.0750 in spine" in lines[1]
    assert "IngramSpark publishes no spine formula" in proc.stderr and "print: {spine: ...}" in proc.stderr
    again = cli("build", BOOK, "-o", tmp_path, "--target", "ingramspark", "--paper", "cream", "--format", "pdf")
    assert again.returncode == 0 and again.stdout.startswith("nothing to do"), again.stdout


def test_pdf_variant_does_not_combine_with_a_printer(tmp_path):
    proc = cli("build", BOOK, "-o", tmp_path, "--target", "kdp", "--pdf-variant", "pdf/ua-1")
    assert proc.returncode == 2 and "--pdf-variant does not combine with --target kdp" in proc.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_proof_shows_the_cover_flat_with_its_guides(tmp_path):
    proc = cli("proof", BOOK, "--target", "kdp", "-o", tmp_path, "--pages", "13")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "page-013.png").is_file() and (tmp_path / "contact-sheet.png").is_file()
    image = Image.open(tmp_path / "cover.png").convert("RGB")
    dpi, bleed, spine = 60, 0.125, 30 * 0.002252
    assert abs(image.width - (12 + spine + 2 * bleed) * dpi) <= 1 and image.height == round(9.25 * dpi)
    middle = image.height // 2
    near = lambda x, y, colour: any(max(abs(a - b) for a, b in zip(image.getpixel((x + d, y)), colour)) < 40 for d in (-1, 0, 1))
    assert near(round(bleed * dpi), middle, (230, 30, 30))            # the trim, red
    assert near(round((bleed + 6) * dpi), 3, (40, 120, 255))          # the back fold, blue, out into the bleed
    assert near(round((bleed + 3.75) * dpi), round((bleed + 8) * dpi), (255, 150, 0))  # the barcode area's left side, orange
