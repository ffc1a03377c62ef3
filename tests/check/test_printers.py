"""The printer's preflight fails a file broken for each of its rules, and `samizdat check --target` says so.

The good files are the real book's (conftest `on_demand`); each broken one
is that file with one thing changed by pikepdf, as a careless tool or a
hand edit would change it.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pikepdf
import pytest
from PIL import Image

from booktools import copy_book, own_styles
from samizdat.check.printers import RULES, preflight, specs_for
from samizdat.check.printers.rules import COVER, INTERIOR
from samizdat.check.registry import Outputs

PT = 72


def specs(result, target, pages=None):
    outputs = Outputs(result.manuscript, result.outputs["pdf"], None, cover=result.outputs["cover"], target=target)
    return specs_for(outputs, pages or len(pikepdf.open(result.outputs["pdf"]).pages))


def failing(path, spec) -> dict[str, list[str]]:
    return {name: problems for name, problems in preflight(path, spec) if problems}


def draw(pdf, page: int, content: bytes, resources: dict | None = None) -> None:
    """Draw `content` on a page in its default coordinates (points from the MediaBox origin)."""
    target = pdf.pages[page]
    for kind, entries in (resources or {}).items():
        target.Resources[kind] = pikepdf.Dictionary({**dict(target.Resources.get(kind, {})), **entries})
    target.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    target.contents_add(pdf.make_stream(b"\nQ q " + content + b" Q\n"), prepend=False)


def rich_black_text(pdf):
    page = pdf.pages[12]
    page.contents_coalesce()
    data = page.Contents.read_bytes()
    assert b"0 0 0 1 scn" in data
    page.Contents.write(data.replace(b"0 0 0 1 scn", b"0.5 0.4 0.4 1 scn"))


def low_resolution_image(pdf, page: int = 12):
    image = pdf.make_stream(bytes(100), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=10, Height=10,
                            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    draw(pdf, page, b"144 0 0 144 100 200 cm /Im9 Do", {"/XObject": {"/Im9": image}})


def unembed_fonts(pdf, page: int = 12):
    for font in pdf.pages[page].Resources.Font.values():
        descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]


def link(pdf):
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/")))]))


def bookmark(pdf):
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=1))
    item = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Chapter"), Parent=outlines,
                                                Dest=[pdf.pages[12].obj, pikepdf.Name.Fit]))
    outlines.First = outlines.Last = item
    pdf.Root.Outlines = outlines


def javascript(pdf):
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array()))


def lab_resource(pdf, page: int = 12):
    pdf.pages[page].Resources.ColorSpace["/lab9"] = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])


def translucent(pdf, page: int = 12):
    state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5)
    draw(pdf, page, b"/GS9 gs 0 0 0 1 k 100 100 20 20 re f", {"/ExtGState": {"/GS9": state}})


INTERIOR_BREAKS = {  # rule: (target, how to break the good interior)
    "output-intent": ("ingramspark", lambda pdf: pdf.Root.__delitem__("/OutputIntents")),
    "pdfx-keys": ("ingramspark", lambda pdf: pdf.docinfo.__delitem__("/GTS_PDFXVersion")),
    "colour-spaces": ("ingramspark", lambda pdf: draw(pdf, 12, b"1 0 0 rg 100 100 20 20 re f")),
    "ink-limit": ("ingramspark", lambda pdf: draw(pdf, 12, b"0.9 0.9 0.9 0 k 100 100 20 20 re f")),
    "pure-black": ("kdp", rich_black_text),
    "images": ("kdp", low_resolution_image),
    "transparency": ("ingramspark", translucent),
    "fonts-embedded": ("kdp", unembed_fonts),
    "annotations": ("ingramspark", link),
    "no-bookmarks": ("kdp", bookmark),
    "no-lab-resources": ("ingramspark", lab_resource),
    "forbidden": ("kdp", javascript),
    "boxes": ("ingramspark", lambda pdf: pdf.pages[3].obj.__delitem__("/TrimBox")),
    "page-count": ("ingramspark", lambda pdf: pdf.pages.__delitem__(-1)),  # 29 pages: odd
    "margins": ("ingramspark", lambda pdf: draw(pdf, 12, b"0 0 0 1 k 20 300 10 10 re f")),  # 0.28 in from the edge
}

COVER_BREAKS = {
    "output-intent": lambda pdf: pdf.Root.__delitem__("/OutputIntents"),
    "pdfx-keys": lambda pdf: pdf.docinfo.__delitem__("/Trapped"),
    "colour-spaces": lambda pdf: draw(pdf, 0, b"0 0 1 rg 100 300 20 20 re f"),
    "ink-limit": lambda pdf: draw(pdf, 0, b"1 1 1 1 k 100 300 20 20 re f"),
    "images": lambda pdf: low_resolution_image(pdf, 0),
    "transparency": lambda pdf: translucent(pdf, 0),
    "fonts-embedded": lambda pdf: unembed_fonts(pdf, 0),
    "annotations": link,
    "no-lab-resources": lambda pdf: lab_resource(pdf, 0),
    "forbidden": javascript,
    "boxes": lambda pdf: pdf.pages[0].obj.__setitem__("/TrimBox", pikepdf.Array([-20, -20, 100, 100])),
    "cover-size": lambda pdf: pdf.pages[0].obj.__setitem__("/TrimBox", pikepdf.Array([0, 0, 860, 648])),
    # A paper-white square 0.05 in inside the bottom left corner of the trim.
    "safe-zones": lambda pdf: draw(pdf, 0, b"0 0 0 0 k 3.6 3.6 10 10 re f"),
    # A mark on the spine of a 30-page book (its spine is 0.0676 in: 432 to 436.9 pt).
    "spine-text": lambda pdf: draw(pdf, 0, b"0 0 0 0 k 433 250 3 100 re f"),
}


def test_every_rule_has_a_broken_file():
    assert set(INTERIOR_BREAKS) == {n for n, r in RULES.items() if INTERIOR in r.kinds}
    assert set(COVER_BREAKS) == {n for n, r in RULES.items() if COVER in r.kinds}


def broken(tmp_path, source, edit, name):
    out = tmp_path / f"{name}.pdf"
    with pikepdf.open(source) as pdf:
        edit(pdf)
        pdf.save(out)
    return out


@pytest.mark.parametrize("rule", sorted(INTERIOR_BREAKS))
def test_a_broken_interior_fails_its_rule(on_demand, tmp_path, rule):
    target, edit = INTERIOR_BREAKS[rule]
    interior, _ = specs(on_demand[target], target)
    assert failing(interior.path, interior) == {}
    bad = failing(broken(tmp_path, interior.path, edit, rule), interior)
    assert rule in bad, bad


def test_kdp_refuses_fewer_than_24_pages(on_demand, tmp_path):
    interior, _ = specs(on_demand["kdp"], "kdp")

    def keep_22(pdf):
        del pdf.pages[22:]
    bad = failing(broken(tmp_path, interior.path, keep_22, "short"), interior)
    assert "22 pages; Amazon KDP prints 24 to 828" in bad["page-count"]


@pytest.mark.parametrize("rule", sorted(COVER_BREAKS))
def test_a_broken_cover_fails_its_rule(on_demand, tmp_path, rule):
    _, cover = specs(on_demand["ingramspark"], "ingramspark")
    assert failing(cover.path, cover) == {}
    bad = failing(broken(tmp_path, cover.path, COVER_BREAKS[rule], rule), cover)
    assert rule in bad, bad


def test_a_cover_made_for_another_page_count_fails(on_demand):
    _, cover = specs(on_demand["kdp"], "kdp", pages=300)
    bad = failing(cover.path, cover)
    assert "cover-size" in bad and "a 300-page interior needs 12.6756 x 9.0000" in bad["cover-size"][0]


def test_the_thin_books_spine_text_rule_fails_a_long_books_cover(long_on_demand):
    """The 300-page cover, with its spine text, checked as if its interior had 40 pages."""
    result = long_on_demand["ingramspark"]
    _, cover = specs(result, "ingramspark")
    thin = type(cover)(cover.rules, cover.kind, cover.trim, 40, cover.cover, cover.path)
    assert "spine-text" in failing(cover.path, thin)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", *map(str, args)], capture_output=True, text=True, timeout=900)


def rows(stdout: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^(\S+)\s+(PASS|FAIL|SKIP)\b", stdout, re.M)}


@pytest.mark.slow
def test_check_target_passes_the_real_book():
    proc = cli("check", "book", "--target", "ingramspark")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = rows(proc.stdout)
    assert found["epubcheck"] == found["fidelity"] == found["preflight"] == "PASS"
    assert "index" not in found  # the printer's interior has no links to check
    assert {k for k in found if k.startswith(("interior/", "cover/"))} == (
        {f"interior/{n}" for n, r in RULES.items() if INTERIOR in r.kinds and n != "no-bookmarks"}
        | {"interior/no-bookmarks"} | {f"cover/{n}" for n, r in RULES.items() if COVER in r.kinds})
    assert set(found.values()) == {"PASS"}


@pytest.mark.slow
def test_check_target_fails_a_book_whose_styles_break_the_rules(tmp_path):
    """Translucent text and a 72 dpi picture in the book's own styles: exit 1, those rows fail.
    The picture is RGB: the build separates it into CMYK, so colour spaces still pass."""
    book = copy_book(tmp_path)
    styles = own_styles(book)
    Image.new("RGB", (72, 72), (200, 40, 40)).save(book / "ornament.png", dpi=(72, 72))
    with (styles / "print.css").open("a") as f:
        f.write("\nsection.chapter > p:first-of-type { opacity: 0.5; }\n"
                "section.chapter::after { content: url(../ornament.png); display: block; width: 1in; }\n")
    proc = cli("check", book, "--target", "kdp", "--only", "printer")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = rows(proc.stdout)
    assert found["interior/transparency"] == found["interior/images"] == "FAIL", found
    assert found["interior/colour-spaces"] == "PASS" and found["cover/safe-zones"] == "PASS", found
