"""PDF preflight: every page the book's trim size, every font embedded."""

from __future__ import annotations

from .registry import FAIL, PASS, Outputs, check


def _fonts(reader) -> dict[str, bool]:
    """Font name -> embedded, over every page's resources (Type 3 fonts carry their glyphs)."""
    found: dict[str, bool] = {}

    def visit(resources, depth=0):
        if resources is None or depth > 5:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", font.get("/Name", "?")))
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            embedded = font.get("/Subtype") == "/Type3" or any(
                any(k in (d.get("/FontDescriptor") or {}) for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descendants)
            found[name] = found.get(name, True) and embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            visit(xobject.get("/Resources"), depth + 1)

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@check("preflight", "PDF: every page the trim size, every font embedded")
def preflight_check(outputs: Outputs):
    from pypdf import PdfReader

    reader = PdfReader(str(outputs.pdf))
    width, height = outputs.manuscript.metadata.trim.size.points
    problems = []
    for i, page in enumerate(reader.pages, start=1):
        box = page.trimbox
        w, h = float(box.width), float(box.height)
        if abs(w - width) > 1 or abs(h - height) > 1:
            problems.append(f"page {i}: trim {w:.0f}×{h:.0f} pt, expected {width:.0f}×{height:.0f} pt")
    fonts = _fonts(reader)
    problems += [f"font not embedded: {name}" for name, embedded in sorted(fonts.items()) if not embedded]
    if problems:
        return FAIL, f"{len(problems)} problem(s)", problems
    return PASS, f"{len(reader.pages)} pages at {outputs.manuscript.metadata.trim}, {len(fonts)} fonts, all embedded", []
