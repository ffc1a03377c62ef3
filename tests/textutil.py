"""Reading text back out of the built files, as a reader's software would."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"


def pdf_page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [join_lines(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def pdf_body_texts(path: Path, min_size: float = 10.5) -> list[str]:
    """Each page's running text only: set at text size or larger (no notes, heads or folios), lines joined."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(path)).pages:
        parts: list[str] = []
        last_y: list[float] = []

        def visitor(text, cm, tm, font, size):
            if not text.strip() or size * tm[0] * cm[0] < min_size:
                return
            y = tm[5] * cm[3] + cm[5]
            if last_y and abs(y - last_y[0]) > 1:
                parts.append("\n")
            last_y[:] = [y]
            parts.append(text.rstrip("\n"))

        page.extract_text(visitor_text=visitor)
        out.append("".join(parts))
    return out


def pdf_running_text(path: Path) -> str:
    """The running text of the whole PDF, a word hyphenated over a page turn made whole."""
    return join_lines("\n".join(pdf_body_texts(path)))


def join_lines(text: str) -> str:
    """Undo what layout does: hyphenation at line ends (WeasyPrint uses U+2010), line breaks."""
    text = re.sub(r"[\u2010\u00ad]\n(?=\w)", "", text)
    # A hard hyphen at a line end belongs to the word ("so-\ncalled" is "so-called").
    text = re.sub(r"-\n(?=\w)", "-", text)
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def words(text: str) -> list[str]:
    """Comparable words: letters and digits only, quotes and dashes unified, case folded."""
    text = unicodedata.normalize("NFKC", text)
    # Footnote calls come out glued to the word they follow ("Affairs2").
    text = re.sub(r"(?<=[^\W\d])\d+\b", "", text)
    text = text.replace("’", "'").replace("‘", "'").replace("\u2060", "").replace("\u200a", "")
    return [w.casefold() for w in re.findall(r"[\w']+", text) if w.strip("'")]


def in_order(needle: list[str], haystack: list[str]) -> tuple[bool, int]:
    """Is `needle` a subsequence of `haystack`? Returns (ok, words matched)."""
    i = 0
    for word in haystack:
        if i < len(needle) and word == needle[i]:
            i += 1
    return i == len(needle), i


def epub_documents(path: Path) -> dict[str, etree._Element]:
    docs = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                docs[name] = etree.fromstring(z.read(name))
    return docs


def element_text(el: etree._Element, skip_classes: tuple[str, ...] = ("noteref",)) -> str:
    """Text content, leaving out note reference numbers."""
    out = []

    def visit(node):
        cls = (node.get("class") or "").split()
        if any(c in cls for c in skip_classes):
            if node.tail:
                out.append(node.tail)
            return
        if node.text:
            out.append(node.text)
        for child in node:
            visit(child)
        if node.tail:
            out.append(node.tail)

    visit(el)
    return "".join(out)


def pdf_links(path: Path):
    """Every internal link: (page index, anchor name, text shown inside the link's rectangle)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    out = []
    for index, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        if not annots:
            continue
        fragments: list[tuple[float, float, str]] = []

        def visitor(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                fragments.append((x, y, text))

        page.extract_text(visitor_text=visitor)
        for annot in annots:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            xs, ys = sorted((x0, x1)), sorted((y0, y1))
            inside = [t for x, y, t in fragments if xs[0] - 1 <= x <= xs[1] and ys[0] - 2 <= y <= ys[1] + 1]
            out.append((index, str(a["/Dest"]), "".join(inside).strip()))
    return out
