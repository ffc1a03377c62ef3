"""The packaged CMYK profiles and what goes through them: design colours, images, the ink limit."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from conftest import ROOT
from samizdat.model import PrintProfile, Target
from samizdat.render.pdf.colour import ICC_DIR, OUTPUT_PROFILES, Separation, print_image

# What scripts/make-icc-profiles writes (ArgyllCMS 2.3.1, icc-profiles-free 2.0.1); see data/icc/NOTICE.
PROFILE_SHA256 = {
    "GRACoL-TR006-240.icc": "e6870a09966ba6299b6b036d93ea506303d91fc9ad4527502332494fc92bf923",
    "FOGRA39-300.icc": "c0c7ba77664b017cd4f1a4057d2dae05fafa366c559747c1c12a3c6941bc6089",
}


def test_the_committed_profiles_are_those_the_script_makes():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(ICC_DIR.glob("*.icc"))}
    assert found == PROFILE_SHA256


@pytest.mark.parametrize("which", list(PrintProfile))
def test_each_profile_says_what_it_is_built_from_and_that_it_is_altered(which):
    profile = ImageCms.getOpenProfile(str(OUTPUT_PROFILES[which].path))
    copyright = ImageCms.getProfileCopyright(profile)
    assert "icc-profiles-free" in copyright and "Zlib" in copyright and "altered" in copyright
    assert f"{OUTPUT_PROFILES[which].ink_limit:.0f}% total ink" in ImageCms.getProfileDescription(profile)
    assert profile.profile.xcolor_space.strip() == "CMYK" and profile.profile.device_class == "prtr"
    notice = (ICC_DIR / "NOTICE").read_text()
    assert OUTPUT_PROFILES[which].path.name in notice and "ALTERED" in notice


RGB_CUBE = [(r, g, b) for r in range(0, 256, 51) for g in range(0, 256, 51) for b in range(0, 256, 51)]


@pytest.mark.parametrize("which, limit", [(PrintProfile.GRACOL, 240), (PrintProfile.FOGRA39, 240),
                                          (PrintProfile.FOGRA39, 300)])
def test_design_colours_stay_within_the_ink_limit(which, limit):
    separation = Separation(OUTPUT_PROFILES[which], limit)
    worst = max(sum(separation.cmyk(rgb)) * 100 for rgb in RGB_CUBE)
    assert limit - 15 < worst <= limit + 0.1
    assert separation.cmyk((255, 255, 255)) == (0, 0, 0, 0)


def png(mode: str, colour) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (64, 64), colour).save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def test_an_rgb_image_becomes_a_cmyk_jpeg_within_the_limit():
    profile = OUTPUT_PROFILES[PrintProfile.FOGRA39]  # a 300 % separation, clamped to IngramSpark's 240 %
    data = print_image(png("RGB", (0, 0, 0)), profile, 240)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.mode == "CMYK" and image.info["dpi"] == (300, 300)
    # Pillow reads Adobe CMYK JPEGs inverted back; the total of the darkest pixel stays under the limit.
    data = image.tobytes()
    assert max(sum(data[i:i + 4]) for i in range(0, len(data), 4)) * 100 / 255 <= 240


def test_grey_and_transparent_images():
    grey = Image.open(io.BytesIO(print_image(png("L", 128), OUTPUT_PROFILES[PrintProfile.GRACOL], 240)))
    assert grey.mode == "L"  # black ink alone
    clear = Image.open(io.BytesIO(print_image(png("RGBA", (255, 0, 0, 0)), OUTPUT_PROFILES[PrintProfile.GRACOL], 240)))
    assert clear.mode == "CMYK" and sum(clear.getpixel((1, 1))) < 8  # flattened on white paper: no ink


def test_both_targets_default_to_gracol():
    from samizdat.model.printers import PRINTERS

    assert {PRINTERS[t].profile for t in (Target.KDP, Target.INGRAMSPARK)} == {PrintProfile.GRACOL}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("colprof") is None or not Path("/usr/share/color/icc/TR006.ti3").is_file(),
                    reason="ArgyllCMS and icc-profiles-free are needed only to remake the profiles")
def test_the_script_remakes_the_profiles_byte_for_byte(tmp_path):
    if not os.environ.get("SAMIZDAT_REMAKE_PROFILES"):
        pytest.skip("remaking the profiles takes about 3 minutes of CPU: set SAMIZDAT_REMAKE_PROFILES=1")
    subprocess.run([str(ROOT / "scripts" / "make-icc-profiles"), str(tmp_path)], check=True, capture_output=True, timeout=1200)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("*.icc")} == PROFILE_SHA256
