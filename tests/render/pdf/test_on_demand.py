"""Print on demand: the interior and the full-wrap cover for KDP and IngramSpark, as the printers ask.

On the real book (30 pages: no spine text, KDP's first gutter row) and on a
synthetic book of about 300 pages (spine text at both printers, KDP's
second gutter row), each built once per session (conftest).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from pypdf import PdfReader

from conftest import BOOK, LONG_ISBN, _build_with_epoch
from samizdat.check.printers import preflight, specs_for
from samizdat.check.registry import Outputs
from samizdat.model import Target
from samizdat.model.printers import PRINTERS
from samizdat.render.pdf.colour import OUTPUT_PROFILES

TARGETS = ("kdp", "ingramspark")
PT = 72


def outputs_of(result, target) -> Outputs:
    return Outputs(result.manuscript, result.outputs["pdf"], result.outputs.get("epub"),
                   cover=result.outputs["cover"], target=target)


def failures(result, target) -> dict[str, list[str]]:
    pages = len(pikepdf.open(result.outputs["pdf"]).pages)
    out = {}
    for spec in specs_for(outputs_of(result, target), pages):
        out.update({f"{spec.kind}/{name}": problems for name, problems in preflight(spec.path, spec) if problems})
    return out


def render(pdf, dpi: int, page: int = 1, *, cmyk_profile=None) -> Image.Image:
    args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile"]
    if cmyk_profile is not None:
        args += ["-defaultcmykprofile", str(cmyk_profile)]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(args + [str(pdf), f"{tmp}/page"], capture_output=True, check=True, timeout=120)
        return Image.open(f"{tmp}/page.png").convert("RGB")


def inked_box(image: Image.Image) -> tuple[int, int, int, int]:
    return ImageOps.invert(image.convert("L").point(lambda v: 255 if v > 250 else 0)).getbbox()


# -- the files ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
def test_each_target_writes_an_interior_a_cover_and_the_epub(on_demand, target):
    outputs = on_demand[target].outputs
    assert {k: p.name for k, p in outputs.items()} == {
        "pdf": f"orlov-secret-history-{target}-interior.pdf", "cover": f"orlov-secret-history-{target}-cover.pdf",
        "epub": "orlov-secret-history.epub"}


@pytest.mark.parametrize("target", TARGETS)
def test_the_epub_is_the_screen_builds(on_demand, built, target):
    assert on_demand[target].outputs["epub"].read_bytes() == built["epub"].read_bytes()


@pytest.mark.parametrize("target", TARGETS)
def test_the_preflight_passes_on_the_real_book(on_demand, target):
    assert failures(on_demand[target], target) == {}


@pytest.mark.parametrize("target", TARGETS)
def test_the_preflight_passes_on_a_long_book(long_on_demand, target):
    assert failures(long_on_demand[target], target) == {}


def test_the_builds_are_reproducible(on_demand, tmp_path):
    again = _build_with_epoch(BOOK, tmp_path, target="kdp", formats=("pdf",))
    for key in ("pdf", "cover"):
        assert again.outputs[key].read_bytes() == on_demand["kdp"].outputs[key].read_bytes(), key


@pytest.mark.parametrize("target", TARGETS)
def test_the_output_intent_is_the_packaged_profile_with_its_condition(on_demand, target):
    profile = OUTPUT_PROFILES[PRINTERS[Target(target)].profile]
    for key in ("pdf", "cover"):
        with pikepdf.open(on_demand[target].outputs[key]) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert str(intent.S) == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "CGATS TR 006"
            assert str(intent.RegistryName) == "http://www.color.org"
            assert intent.DestOutputProfile.read_bytes() == profile.path.read_bytes()
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003" and pdf.pdf_version == "1.4"


def test_text_is_pure_black_in_the_content_stream(on_demand):
    """Independent of the preflight: WeasyPrint's own operators on a text page."""
    with pikepdf.open(on_demand["ingramspark"].outputs["pdf"]) as pdf:
        ops = [(str(op), [float(v) for v in args]) for args, op in pikepdf.parse_content_stream(pdf.pages[10])
               if str(op) in ("rg", "RG", "g", "G", "k", "K", "scn", "SCN", "sc", "SC")]
    assert not [o for o in ops if o[0] in ("rg", "RG", "g", "G")], "RGB or grey colour operators"
    assert ("scn", [0.0, 0.0, 0.0, 1.0]) in ops


# -- the interior ------------------------------------------------------------------------


def test_the_pages_are_the_screen_builds_pages(on_demand, built):
    screen = PdfReader(str(built["pdf"]))
    for target in TARGETS:
        reader = PdfReader(str(on_demand[target].outputs["pdf"]))
        assert reader.page_labels == screen.page_labels and not reader.outline
        assert reader.pages[12].extract_text() == screen.pages[12].extract_text()


def test_kdp_gutter_below_151_pages_is_the_books_own(on_demand, built):
    page = 13  # a recto of the text
    assert inked_box(render(on_demand["kdp"].outputs["pdf"], 36, page))[0] == inked_box(render(built["pdf"], 36, page))[0]


def test_kdp_gutter_grows_in_its_second_row(long_on_demand):
    """151-300 pages: KDP's least gutter is 0.5 in, 0.125 in more than below 151; IngramSpark's stays 0.5 in.
    The text block moves by that much towards the fore-edge, so nothing reflows."""
    kdp, ingram = (long_on_demand[t].outputs["pdf"] for t in TARGETS)
    pages = len(PdfReader(str(kdp)).pages)
    assert 151 <= pages <= 300
    dpi = 72
    for page, sign in ((41, 1), (42, -1)):  # a recto moves right, a verso left
        a, b = inked_box(render(kdp, dpi, page)), inked_box(render(ingram, dpi, page))
        assert (a[0] - b[0]) * sign == pytest.approx(0.125 * dpi, abs=1.5), (page, a, b)
        assert (a[2] - b[2]) * sign == pytest.approx(0.125 * dpi, abs=1.5), (page, a, b)
    assert PdfReader(str(kdp)).pages[40].extract_text() == PdfReader(str(ingram)).pages[40].extract_text()


def test_ingramspark_pads_to_an_even_count_with_blank_pages_at_the_end(long_on_demand):
    kdp, ingram = (len(PdfReader(str(long_on_demand[t].outputs["pdf"])).pages) for t in TARGETS)
    assert ingram % 2 == 0 and ingram == kdp + kdp % 2
    if ingram != kdp:
        assert inked_box(render(long_on_demand["ingramspark"].outputs["pdf"], 24, ingram)) is None


def test_the_running_heads_clear_ingramsparks_half_inch(on_demand):
    image = render(on_demand["ingramspark"].outputs["pdf"], 72, 13)
    assert inked_box(image)[1] >= 0.5 * 72


# -- the cover ---------------------------------------------------------------------------


def boxes(pdf) -> dict[str, tuple[float, ...]]:
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0].obj
        return {k: tuple(float(v) / PT for v in page[k]) for k in ("/MediaBox", "/TrimBox", "/BleedBox")}


@pytest.mark.parametrize("target", TARGETS)
def test_cover_size_is_two_panels_the_spine_and_the_bleed(on_demand, target):
    spine = 30 * 0.002252  # 30 pages of white paper
    b = boxes(on_demand[target].outputs["cover"])
    trim = b["/TrimBox"]
    assert trim[2] - trim[0] == pytest.approx(12 + spine, abs=1e-3) and trim[3] - trim[1] == pytest.approx(9)
    media = b["/MediaBox"]
    assert media[2] - media[0] == pytest.approx(12 + spine + 0.25, abs=1e-3) and media[3] - media[1] == pytest.approx(9.25)
    assert b["/BleedBox"] == pytest.approx(media)


def test_the_long_books_spine_is_wider_and_carries_title_and_author(long_on_demand, on_demand):
    for target in TARGETS:
        result = long_on_demand[target]
        pages = len(PdfReader(str(result.outputs["pdf"])).pages)
        assert result.cover.spine == pytest.approx(round(pages * 0.002252, 4))
        assert result.cover.spine > on_demand[target].cover.spine * 5
        text = PdfReader(str(result.outputs["cover"])).pages[0]
        found = []

        def visit(t, cm, tm, font, size):
            if t.strip():
                # The direction the text runs, in page space (y up): (a, b) of tm x cm.
                found.append((t, tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]))

        text.extract_text(visitor_text=visit)
        spine = [(t, a, b) for t, a, b in found if "Synthetic" in t or "Author" in t]
        assert spine, found
        # Reading from top to bottom: the text runs down the page.
        assert any(abs(a) < 1e-6 and b < 0 for t, a, b in spine if "Synthetic" in t), spine


def test_the_front_is_the_epub_covers_design(on_demand):
    """The front panel, rendered through the profile, against the EPUB's PNG at the same size."""
    result = on_demand["kdp"]
    g = result.cover
    dpi = 60
    image = render(result.outputs["cover"], dpi, cmyk_profile=OUTPUT_PROFILES[PRINTERS[Target.KDP].profile].path)
    x0, y0 = (g.bleed + g.front.x) * dpi, g.bleed * dpi  # not whole pixels: crop with resampling
    size = (round(g.panel_w * dpi), round(g.panel_h * dpi))
    front = image.transform(size, Image.Transform.EXTENT, (x0, y0, x0 + size[0], y0 + size[1]), Image.Resampling.BILINEAR)
    epub = Image.open(io.BytesIO(zipfile.ZipFile(result.outputs["epub"]).read("EPUB/images/cover.png"))).convert("RGB")
    epub = epub.resize(front.size, Image.Resampling.LANCZOS)

    def difference(dx: int, dy: int) -> float:
        return sum(ImageStat.Stat(ImageChops.difference(front, ImageChops.offset(epub, dx, dy))).mean)

    shifts = {(dx, dy): difference(dx, dy) for dx in range(-3, 4) for dy in range(-3, 4)}
    best = min(shifts, key=shifts.get)
    # The same picture, within the CMYK round trip: it lines up best within a pixel (1/60 in) of where it stands.
    assert abs(best[0]) <= 1 and abs(best[1]) <= 1, (best, shifts[best], shifts[(0, 0)])
    assert shifts[(0, 0)] < 24 and shifts[(0, 0)] < min(v for k, v in shifts.items() if max(map(abs, k)) >= 2)


def test_the_back_has_the_description_and_the_publisher(on_demand, manuscript):
    text = " ".join(PdfReader(str(on_demand["kdp"].outputs["cover"])).pages[0].extract_text().split())
    assert " ".join(manuscript.metadata.description.split())[:80] in text
    assert "samizdat" in text


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) reads the barcode back")
def test_the_isbns_barcode_scans(long_on_demand):
    result = long_on_demand["kdp"]
    g, dpi = result.cover, 300
    image = render(result.outputs["cover"], dpi)
    b = g.barcode
    crop = image.crop(tuple(round((g.bleed + v) * dpi) for v in (b.x, b.y, b.right, b.bottom)))
    buffer = io.BytesIO()
    crop.save(buffer, "PNG")
    proc = subprocess.run(["zbarimg", "-q", "--raw", "-"], input=buffer.getvalue(), capture_output=True, timeout=60)
    assert proc.stdout.decode().strip() == LONG_ISBN.replace("-", "")


def test_without_an_isbn_the_barcode_area_is_kept_clear(on_demand):
    result = on_demand["kdp"]
    g, dpi = result.cover, 60
    image = render(result.outputs["cover"], dpi)
    b = g.barcode
    crop = image.crop(tuple(round((g.bleed + v) * dpi) for v in (b.x, b.y, b.right, b.bottom)))
    assert len(crop.getcolors(crop.width * crop.height)) == 1  # the background alone
