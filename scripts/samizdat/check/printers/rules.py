"""The preflight's rules over the file and its facts: one function each, a list of problems back.

`@rule(name, kinds, what)` registers a function `(pdf, facts, spec) -> list[str]`
for the interior, the cover or both; an empty list means the rule holds.
The rules that look at pixels are in `raster`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pikepdf

from ...model.printers import CoverGeometry, PrinterRules
from .facts import PT, Facts, family

INTERIOR, COVER = "interior", "cover"


@dataclass(frozen=True)
class Spec:
    """What one file is checked against: the printer, which file, the book's trim and the interior's page count."""

    rules: PrinterRules
    kind: str                   # INTERIOR or COVER
    trim: tuple[float, float]   # one page, inches
    pages: int                  # the interior's page count (the cover's spine follows from it)
    cover: CoverGeometry | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    kinds: tuple[str, ...]
    what: str
    fn: Callable[[pikepdf.Pdf, Facts, Spec], list[str]]


RULES: dict[str, Rule] = {}


def rule(name: str, kinds: tuple[str, ...], what: str):
    def register(fn):
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = Rule(name, kinds, what, fn)
        return fn
    return register


def first(items: list[str], n: int = 5) -> list[str]:
    return items[:n] + ([f"... and {len(items) - n} more"] if len(items) > n else [])


def box_of(page, key: str) -> tuple[float, ...] | None:
    b = page.obj.get(key)
    return tuple(float(v) for v in b) if b is not None else None


@rule("output-intent", (INTERIOR, COVER), "one PDF/X output intent, a CMYK output profile, a named condition")
def output_intent(pdf, facts, spec):
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if oi.get("/S") == "/GTS_PDFX"]
    if not intents:
        return ["no /OutputIntents with /S /GTS_PDFX"]
    problems = [f"{len(intents)} PDF/X output intents; PDF/X allows one"] if len(intents) > 1 else []
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        problems.append("the output intent has no DestOutputProfile")
    else:
        head = profile.read_bytes()[:20]
        if head[12:16] != b"prtr" or head[16:20] != b"CMYK":
            problems.append(f"DestOutputProfile is a {head[12:16]!r} {head[16:20]!r} profile, not a CMYK output profile")
        if int(profile.get("/N", 0)) != 4:
            problems.append("DestOutputProfile /N is not 4")
    if not str(intents[0].get("/OutputConditionIdentifier", "")):
        problems.append("the output intent has no OutputConditionIdentifier")
    return problems


@rule("pdfx-keys", (INTERIOR, COVER), "PDF/X identification (where the printer asks for it), /Trapped, /ID, title, dates")
def pdfx_keys(pdf, facts, spec):
    problems, info, wanted = [], pdf.docinfo, spec.rules.pdfx
    if wanted:
        version = str(info.get("/GTS_PDFXVersion", ""))
        # PDF/X-1a:2001 says "PDF/X-1:2001" in GTS_PDFXVersion and the "a" in GTS_PDFXConformance.
        declared = str(info.get("/GTS_PDFXConformance", "")) if version == "PDF/X-1:2001" else version
        if not declared.startswith(wanted):
            problems.append(f"GTS_PDFXVersion is {version or 'missing'}; {spec.rules.name} asks for {wanted}")
        if wanted.startswith("PDF/X-1a") and pdf.pdf_version > "1.4":
            problems.append(f"PDF {pdf.pdf_version}: PDF/X-1a is PDF 1.4 at most")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("/Trapped is not /True or /False")
    if "/ID" not in pdf.trailer:
        problems.append("no /ID in the trailer")
    problems += [f"no {key} in the document information" for key in ("/Title", "/CreationDate", "/ModDate")
                 if key not in info]
    return problems


def device_space(space: str) -> bool:
    return space in ("DeviceCMYK", "DeviceGray") or space in ("Indexed DeviceCMYK", "Indexed DeviceGray")


@rule("colour-spaces", (INTERIOR, COVER), "every colour, image and shading in DeviceCMYK or DeviceGray")
def colour_spaces(pdf, facts, spec):
    bad = [f"{c.where}: {c.op} in {c.space} {c.values}" for c in facts.colours if not device_space(c.space)]
    for im in facts.images:
        if not im.xobj.get("/ImageMask", False):  # a stencil mask paints the fill colour, checked above
            space = family(im.xobj.get("/ColorSpace"), None)
            if not device_space(space):
                bad.append(f"{im.where}: image {im.name[1:]} in {space}")
    for where, shading in facts.shadings:
        space = family(shading.get("/ColorSpace"), None) if shading is not None else "missing"
        if not device_space(space):
            bad.append(f"{where}: shading in {space}")
    for where, image in facts.inline_images:
        space = str(image.obj.get("/ColorSpace", image.obj.get("/CS", "")))
        if space not in ("/DeviceCMYK", "/DeviceGray", "/CMYK", "/G"):
            bad.append(f"{where}: inline image in {space}")
    return first(sorted(set(bad)))


@rule("ink-limit", (INTERIOR, COVER), "no colour or image area over the printer's total ink")
def ink_limit(pdf, facts, spec):
    limit = spec.rules.ink_limit
    bad = sorted({f"{c.where}: {c.values} = {sum(c.values) * 100:.0f}%" for c in facts.colours
                  if c.space == "DeviceCMYK" and sum(c.values) * 100 > limit + 0.5})
    for im in facts.images:
        if family(im.xobj.get("/ColorSpace"), None) != "DeviceCMYK":
            continue
        image = pikepdf.PdfImage(im.xobj).as_pil_image()  # Pillow undoes Adobe's inverted CMYK
        # A press measures coverage over an area: JPEG's ringing lifts lone pixels.
        # So 4 x 4 pixel averages are compared, as the separation intends.
        small = image.reduce(4) if min(image.size) >= 8 else image
        data = small.tobytes()
        worst = max(sum(data[i:i + 4]) for i in range(0, len(data), 4)) * 100 / 255
        if worst > limit + 0.5:
            bad.append(f"{im.where}: image {im.name[1:]} reaches {worst:.0f}% total ink")
    return [f"over {limit:.0f}% total ink:"] + first(bad) if bad else []


@rule("pure-black", (INTERIOR,), "text 100 K alone; rules and other lines K only (no four-colour black)")
def pure_black(pdf, facts, spec):
    bad = []
    for c in facts.colours:
        if c.space == "DeviceCMYK":
            cmy, k = c.values[:3], c.values[3] if len(c.values) > 3 else 0
            if c.text and (any(cmy) or abs(k - 1) > 1e-6):
                bad.append(f"{c.where}: text in {c.values}")
            elif not c.text and any(cmy) and k > 0:
                bad.append(f"{c.where}: {c.op} in four-colour black {c.values}")
        elif c.space == "DeviceGray" and c.text and c.values and c.values[0] != 0:
            bad.append(f"{c.where}: text in grey {c.values}")
    return first(sorted(set(bad)))


@rule("images", (INTERIOR, COVER), "every image at 300 dpi or more where it is placed")
def images(pdf, facts, spec):
    bad = []
    for im in facts.images:
        if im.xobj.get("/ImageMask", False):
            continue
        w, h = int(im.xobj.Width), int(im.xobj.Height)
        dpi = min(w / im.width_in if im.width_in else math.inf, h / im.height_in if im.height_in else math.inf)
        if dpi < 299.5:
            bad.append(f"{im.where}: image {im.name[1:]} at {dpi:.0f} dpi")
    return first(bad)


@rule("transparency", (INTERIOR, COVER), "no soft masks, constant alpha, blend modes or transparency groups")
def transparency(pdf, facts, spec):
    bad = []
    for where, gs in facts.gstates:
        if gs is None:
            continue
        bad += [f"{where}: ExtGState {key} {float(gs[key])}" for key in ("/CA", "/ca") if key in gs and float(gs[key]) < 1]
        if "/SMask" in gs and gs.SMask != pikepdf.Name("/None"):
            bad.append(f"{where}: ExtGState soft mask")
        if "/BM" in gs and str(gs.BM) not in ("/Normal", "/Compatible"):
            bad.append(f"{where}: blend mode {gs.BM}")
    bad += [f"{im.where}: image {im.name[1:]} has a soft mask (alpha)" for im in facts.images if "/SMask" in im.xobj]
    bad += [f"{where}: transparency group" for where, form in facts.forms
            if form.get("/Group", {}).get("/S") == "/Transparency"]
    bad += [f"page {n}: transparency group" for n, page in enumerate(pdf.pages, 1)
            if page.obj.get("/Group", {}).get("/S") == "/Transparency"]
    return first(sorted(set(bad)))


def _fonts(resources, seen):
    for _name, font in resources.get("/Font", {}).items():
        if font.objgen in seen:
            continue
        seen.add(font.objgen)
        yield font
        if font.get("/Subtype") == "/Type3" and "/Resources" in font:
            yield from _fonts(font.Resources, seen)
    for x in resources.get("/XObject", {}).values():
        if x.get("/Subtype") == "/Form" and "/Resources" in x and x.objgen not in seen:
            seen.add(x.objgen)
            yield from _fonts(x.Resources, seen)


@rule("fonts-embedded", (INTERIOR, COVER), "every font embedded (Type 3 fonts are drawn, so they count)")
def fonts_embedded(pdf, facts, spec):
    bad, seen = [], set()
    for page in pdf.pages:
        for font in _fonts(page.obj.get("/Resources", {}), seen):
            if font.get("/Subtype") == "/Type3":
                continue
            descendant = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append(f"{font.get('/BaseFont')} is not embedded")
    return first(sorted(set(bad)))


@rule("annotations", (INTERIOR, COVER), "no annotations: no links, comments or printer's marks")
def annotations(pdf, facts, spec):
    bad = [f"page {n}: {str(annotation.get('/Subtype'))[1:]} annotation"
           for n, page in enumerate(pdf.pages, 1) for annotation in page.obj.get("/Annots", [])]
    return first(bad)


@rule("no-bookmarks", (INTERIOR,), "no bookmarks (KDP)")
def no_bookmarks(pdf, facts, spec):
    if spec.rules.bookmarks_allowed:
        return []
    outlines = pdf.Root.get("/Outlines")
    return ["the document has bookmarks (/Outlines)"] if outlines is not None and "/First" in outlines else []


@rule("no-lab-resources", (INTERIOR, COVER), "no Lab, RGB or ICC-based colour space declared in any resources")
def no_lab_resources(pdf, facts, spec):
    bad, seen = [], set()

    def visit(resources, where):
        for name, space in resources.get("/ColorSpace", {}).items():
            kind = family(space, None)
            if not device_space(kind) and kind != "Pattern":
                bad.append(f"{where}: resource {name} is {kind}")
        for name, x in resources.get("/XObject", {}).items():
            if x.get("/Subtype") == "/Form" and "/Resources" in x and x.objgen not in seen:
                seen.add(x.objgen)
                visit(x.Resources, f"{where} / {name[1:]}")

    for n, page in enumerate(pdf.pages, 1):
        visit(page.obj.get("/Resources", {}), f"page {n}")
    return first(sorted(set(bad)))


@rule("forbidden", (INTERIOR, COVER), "no encryption, JavaScript, embedded files or forms")
def forbidden(pdf, facts, spec):
    bad = ["encrypted"] if pdf.is_encrypted else []
    names = pdf.Root.get("/Names", {})
    bad += [what for key, what in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "embedded files")) if key in names]
    if "/AcroForm" in pdf.Root:
        bad.append("a form (/AcroForm)")
    if "/OpenAction" in pdf.Root and isinstance(pdf.Root.OpenAction, pikepdf.Dictionary) and "/JS" in pdf.Root.OpenAction:
        bad.append("JavaScript open action")
    return bad


def _inside(a, b) -> bool:
    return a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01 and a[3] <= b[3] + 0.01


@rule("boxes", (INTERIOR, COVER), "a TrimBox on every page, within the BleedBox within the MediaBox; interior pages at the trim")
def boxes(pdf, facts, spec):
    bad = []
    for n, page in enumerate(pdf.pages, 1):
        media, trim = box_of(page, "/MediaBox"), box_of(page, "/TrimBox")
        bleed = box_of(page, "/BleedBox") or media
        if trim is None:
            bad.append(f"page {n}: no TrimBox")
            continue
        if not _inside(trim, bleed) or not _inside(bleed, media):
            bad.append(f"page {n}: boxes not nested (trim {trim}, bleed {bleed}, media {media})")
        if spec.kind == INTERIOR:
            w, h = (trim[2] - trim[0]) / PT, (trim[3] - trim[1]) / PT
            if abs(w - spec.trim[0]) > 0.005 or abs(h - spec.trim[1]) > 0.005:
                bad.append(f"page {n}: trim {w:.3f} x {h:.3f} in, not {spec.trim[0]:g} x {spec.trim[1]:g}")
            if media != trim:
                bad.append(f"page {n}: MediaBox differs from TrimBox (no bleed, no marks on this interior)")
    return first(bad)


@rule("page-count", (INTERIOR,), "a page count the printer prints (KDP 24 to 828; IngramSpark an even count)")
def page_count(pdf, facts, spec):
    n, rules = len(pdf.pages), spec.rules
    bad = []
    if rules.pages and not rules.pages[0] <= n <= rules.pages[1]:
        bad.append(f"{n} pages; {rules.name} prints {rules.pages[0]} to {rules.pages[1]}")
    if rules.even_pages and n % 2:
        bad.append(f"{n} pages; {rules.name} needs an even count")
    return bad


@rule("cover-size", (COVER,), "one page; TrimBox 2 x trim width + spine by trim height; MediaBox 0.125 in larger all round")
def cover_size(pdf, facts, spec):
    if len(pdf.pages) != 1:
        return [f"{len(pdf.pages)} pages; a cover is one page"]
    page, g = pdf.pages[0], spec.cover
    trim, media = box_of(page, "/TrimBox"), box_of(page, "/MediaBox")
    if trim is None:
        return ["no TrimBox"]
    bad = []
    tw, th = (trim[2] - trim[0]) / PT, (trim[3] - trim[1]) / PT
    mw, mh = (media[2] - media[0]) / PT, (media[3] - media[1]) / PT
    if abs(tw - g.width) > 0.002 or abs(th - g.panel_h) > 0.002:
        bad.append(f"TrimBox {tw:.4f} x {th:.4f} in; a {spec.pages}-page interior needs {g.width:.4f} x {g.panel_h:.4f}"
                   f" (spine {g.spine:.4f} in)")
    want_w, want_h = g.media
    if abs(mw - want_w) > 0.002 or abs(mh - want_h) > 0.002:
        bad.append(f"MediaBox {mw:.4f} x {mh:.4f} in; want {want_w:.4f} x {want_h:.4f}")
    bleed = box_of(page, "/BleedBox")
    if bleed is None or abs((bleed[2] - bleed[0]) / PT - want_w) > 0.002:
        bad.append("no BleedBox of the trim plus 0.125 in all round")
    return bad
