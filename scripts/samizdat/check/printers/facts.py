"""What the preflight's rules read: one walk over every page's content, recording plain facts.

`collect(pdf)` parses each page's content stream with pikepdf, recursing
into Form XObjects (with their matrices and resources), tiling patterns and
annotation appearances, and tracks the graphics state (q/Q, cm, colour
spaces and colours). It records each colour used and whether it painted
text or a path, each image with its placed size, each ExtGState, form and
shading. The rules then look only at these facts (and at the file).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pikepdf

PT = 72.0
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}


@dataclass
class ColourUse:
    page: int
    where: str          # "page 3", "page 3 / x0"
    op: str             # the painting operator or "text"
    space: str          # resolved family: DeviceCMYK, DeviceGray, DeviceRGB, Lab, ICCBased, ...
    values: tuple[float, ...]
    text: bool


@dataclass
class ImageUse:
    page: int
    where: str
    name: str
    xobj: pikepdf.Object
    width_in: float
    height_in: float


@dataclass
class Facts:
    colours: list[ColourUse] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)
    gstates: list[tuple[str, pikepdf.Object]] = field(default_factory=list)
    forms: list[tuple[str, pikepdf.Object]] = field(default_factory=list)
    shadings: list[tuple[str, pikepdf.Object]] = field(default_factory=list)
    inline_images: list[tuple[str, object]] = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # what a rule made that another may use (a rendering)


def _mul(a, b):
    """Matrix product a x b of PDF 6-tuples (a applied first)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def family(cs, resources) -> str:
    """The family of a colour space operand or object: 'DeviceCMYK', 'ICCBased', ..."""
    if isinstance(cs, pikepdf.Name):
        name = str(cs)[1:]
        if name in ("DeviceCMYK", "DeviceGray", "DeviceRGB", "Pattern"):
            return name
        named = resources.get("/ColorSpace", {}).get(str(cs)) if resources is not None else None
        return family(named, None) if named is not None else f"undefined {name}"
    if isinstance(cs, pikepdf.Array) and len(cs):
        head = str(cs[0])[1:]
        if head == "Indexed":
            return f"Indexed {family(cs[1], resources)}"
        if head in ("Separation", "DeviceN"):
            return f"{head} {family(cs[2], resources)}"
        return head
    return "none"


def collect(pdf: pikepdf.Pdf) -> Facts:
    facts = Facts()
    for n, page in enumerate(pdf.pages, 1):
        _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), n, f"page {n}", (1, 0, 0, 1, 0, 0), facts, set())
        for annot in page.obj.get("/Annots", []):
            ap = annot.get("/AP", {}).get("/N")
            if isinstance(ap, pikepdf.Stream):
                _walk(ap, ap.get("/Resources", pikepdf.Dictionary()), n, f"page {n} / annotation", (1, 0, 0, 1, 0, 0), facts, set())
    return facts


def _walk(stream, resources, page, where, ctm, facts: Facts, seen: set):
    fill = ("DeviceGray", (0.0,))
    stroke = ("DeviceGray", (0.0,))
    stack = []
    for instr in pikepdf.parse_content_stream(stream):
        op = str(instr.operator)
        args = list(instr.operands)
        if op == "INLINE IMAGE":
            facts.inline_images.append((where, instr.iimage))
            continue
        if op == "q":
            stack.append((ctm, fill, stroke))
        elif op == "Q" and stack:
            ctm, fill, stroke = stack.pop()
        elif op == "cm":
            ctm = _mul(tuple(float(v) for v in args), ctm)
        elif op in ("g", "G", "rg", "RG", "k", "K"):
            space = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
            value = (space, tuple(float(v) for v in args))
            if op.islower():
                fill = value
            else:
                stroke = value
        elif op in ("cs", "CS"):
            fam = family(args[0], resources)
            default = {"DeviceCMYK": (0.0, 0.0, 0.0, 1.0), "DeviceRGB": (0.0, 0.0, 0.0)}.get(fam, (0.0,))
            if op == "cs":
                fill = (fam, default)
            else:
                stroke = (fam, default)
        elif op in ("sc", "scn", "SC", "SCN"):
            nums = tuple(float(v) for v in args if isinstance(v, (int, float)) or hasattr(v, "__float__"))
            if op.islower():
                fill = (fill[0], nums)
            else:
                stroke = (stroke[0], nums)
        elif op in TEXT_OPS:
            facts.colours.append(ColourUse(page, where, "text", fill[0], fill[1], True))
        elif op in PAINT_FILL or op in PAINT_STROKE:
            if op in PAINT_FILL:
                facts.colours.append(ColourUse(page, where, op, fill[0], fill[1], False))
            if op in PAINT_STROKE:
                facts.colours.append(ColourUse(page, where, op, stroke[0], stroke[1], False))
        elif op == "sh":
            sh = resources.get("/Shading", {}).get(str(args[0]))
            facts.shadings.append((where, sh))
        elif op == "gs":
            gs = resources.get("/ExtGState", {}).get(str(args[0]))
            facts.gstates.append((where, gs))
        elif op == "Do":
            name = str(args[0])
            x = resources.get("/XObject", {}).get(name)
            if x is None:
                continue
            if x.get("/Subtype") == "/Image":
                # The unit square mapped by the CTM: its sides are the placed size.
                w = math.hypot(ctm[0], ctm[1]) / PT
                h = math.hypot(ctm[2], ctm[3]) / PT
                facts.images.append(ImageUse(page, where, name, x, w, h))
            elif x.get("/Subtype") == "/Form":
                facts.forms.append((f"{where} / {name[1:]}", x))
                key = (x.objgen, ctm)
                if key in seen:
                    continue
                seen.add(key)
                m = tuple(float(v) for v in x.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                _walk(x, x.get("/Resources", resources), page, f"{where} / {name[1:]}", _mul(m, ctm), facts, seen)
    # Patterns: tiling patterns have content; shading patterns a shading.
    for pname, pat in resources.get("/Pattern", {}).items():
        if pat.get("/PatternType") == 1 and (pat.objgen, ctm) not in seen:
            seen.add((pat.objgen, ctm))
            _walk(pat, pat.get("/Resources", resources), page, f"{where} / pattern {pname[1:]}", ctm, facts, seen)
        elif pat.get("/PatternType") == 2:
            facts.shadings.append((f"{where} / pattern {pname[1:]}", pat.get("/Shading")))
