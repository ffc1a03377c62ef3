"""Reading a built PDF as a printer's preflight would: boxes, fonts, margins, folios, outline."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

PT = 72  # points an inch


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float
    text: str


def page_fragments(reader: PdfReader) -> list[list[Fragment]]:
    """Every piece of text on each page, with where it stands (PDF points, origin bottom left)."""
    out = []
    for page in reader.pages:
        frags: list[Fragment] = []

        def visitor(text, cm, tm, font, size, frags=frags):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                frags.append(Fragment(x, y, text))

        page.extract_text(visitor_text=visitor)
        out.append(frags)
    return out


@dataclass(frozen=True)
class PageZones:
    """The text of one page split by where it stands: running head, text block, foot (folio)."""

    head: str
    body: str
    foot: str


def page_zones(reader: PdfReader, top: float, bottom: float) -> list[PageZones]:
    """`top`, `bottom`: the page's top and bottom margins in inches (the trim's geometry)."""
    out = []
    for page, frags in zip(reader.pages, page_fragments(reader)):
        height = float(page.trimbox.height)
        y0 = float(page.trimbox.bottom)
        head = [f.text for f in frags if f.y - y0 > height - top * PT]
        foot = [f.text for f in frags if f.y - y0 < bottom * PT]
        body = [f.text for f in frags if bottom * PT <= f.y - y0 <= height - top * PT]
        out.append(PageZones(_clean(head), _clean(body), _clean(foot)))
    return out


def _clean(texts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(texts)).strip()


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # without the subset tag
    subset: bool
    embedded: bool
    program: bytes


def embedded_fonts(reader: PdfReader) -> dict[str, EmbeddedFont]:
    """Every font the pages use, by its PDF base name."""
    out: dict[str, EmbeddedFont] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/")
            if base in out:
                continue
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            key = next((k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor), None)
            program = descriptor[key].get_object().get_data() if key else b""
            subset = bool(re.match(r"^[A-Z]{6}\+", base))
            out[base] = EmbeddedFont(base.split("+", 1)[-1], subset, key is not None, program)
    return out


def skewed_or_stroked_text(reader: PdfReader) -> list[tuple[int, str]]:
    """Text drawn slanted (a shear in the text matrix) or stroked: the marks of synthetic italic and bold."""
    from pypdf.generic import ContentStream

    found = []
    for index, page in enumerate(reader.pages):
        content = ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator == b"Tm" and (abs(float(operands[1])) > 1e-6 or abs(float(operands[2])) > 1e-6):
                found.append((index, f"Tm {[float(o) for o in operands]}"))
            elif operator == b"Tr" and int(operands[0]) in (1, 2, 5, 6):
                found.append((index, f"Tr {int(operands[0])}"))
    return found


def printable_characters(text: str) -> set[str]:
    """Characters that need a glyph: not spaces, controls or format characters."""
    return {c for c in text if unicodedata.category(c)[0] not in ("Z", "C")}


def cmap_of(program: bytes | Path) -> set[str]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program) if isinstance(program, bytes) else program, lazy=True)
    return {chr(code) for code in (font.getBestCmap() or {})}


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The bookmarks, flattened: (title, page index)."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return out


def contents_entries(page_text: str) -> list[tuple[str, str]]:
    """(title, printed page) from the text of a contents page set with dot leaders."""
    out = []
    for line in page_text.splitlines():
        m = re.match(r"^(.*?)[\s.]*\.\s*([0-9]+|[ivxlcdm]+)\s*$", line.strip())
        if m and m.group(1):
            out.append((m.group(1).strip(), m.group(2)))
    return out
