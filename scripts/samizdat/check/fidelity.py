"""The fidelity audit: the author's text in the built files is the seed plus the recorded emendations.

The expected text is computed here, apart from assembly: each seed as
received (the model keeps the received texts) with its emendations applied
as plain string replacements, then typeset with the book's typography rules. The found text is read back from the built PDF
(pypdf) and EPUB (the chapter documents' XHTML). Only what layout
introduces is normalised away: line breaks and spacing, hyphenation at line
ends (U+2010), soft hyphens, ligatures, word joiners and hair spaces, note
markers, and in the PDF the running heads, folios and footnotes (set in
other sizes than the text). Both sides become tokens (words and single
punctuation marks) and are compared in order; every difference is a problem.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from ..assemble.typography import typeset
from ..errors import SamizdatError
from ..model import Manuscript, SectionKind
from .registry import FAIL, PASS, Outputs, check

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
PARAGRAPH = "¶"  # a token that marks a paragraph break where the output shows one
CONTEXT = 6  # tokens of context shown on each side of a difference


@dataclass(frozen=True)
class AuditProblem:
    """One difference between the expected and the built text."""

    output: str  # "pdf" | "epub"
    where: str  # page label or document and paragraph
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.output} {self.where}: expected “{self.expected}”, found “{self.found}”"


@dataclass(frozen=True)
class Token:
    text: str
    where: str = ""


# --- expected -------------------------------------------------------------------


def expected_chapters(manuscript: Manuscript) -> list[tuple[str, list[str]]]:
    """Each chapter as (title, paragraphs): the seed as received with emendations applied, typeset."""
    chapters = []
    for seed in manuscript.received:
        text = seed.text
        for em in (e for e in manuscript.emendations if e.seed == seed.name):
            at = -1
            for _ in range(em.occurrence or 1):
                at = text.find(em.original, at + 1)
                if at < 0:
                    raise SamizdatError(em.loc.path, em.loc.line, f"emendation '{em.id}': original text not found in {em.seed}")
            text = text[:at] + em.reading + text[at + len(em.original):]
        blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
        chapters.append((typeset(blocks[0]), [typeset(b) for b in blocks[1:]]))
    return chapters


# --- normalising ------------------------------------------------------------------


def join_layout_lines(text: str) -> str:
    """Undo line breaking: drop hyphens WeasyPrint added at line ends (U+2010) and soft hyphens."""
    text = re.sub(r"\u2010[ \t]*\n\s*", "", text)
    return text.replace("\u00ad", "").replace("\n", " ")


def tokens(text: str, where: str = "") -> list[Token]:
    """Words and single punctuation marks; spacing, ligatures and invisible marks do not count."""
    text = unicodedata.normalize("NFKC", text).replace("\u2060", "").replace("\u200a", "")
    return [Token(t, where) for t in re.findall(r"\w+|[^\w\s]", text)]


def readable(toks: list[Token]) -> str:
    out = ""
    for t in toks:
        if out and not (re.fullmatch(r"[,.;:!?’”)\]…]", t.text) or out[-1] in "“‘([" or t.text == "’" or out[-1] == "’"):
            out += " "
        out += t.text
    return out


# --- found: EPUB ------------------------------------------------------------------


def epub_chapter_tokens(epub_path: Path) -> tuple[list[Token], list[str]]:
    """The chapter documents' paragraphs (note references left out), and their titles."""
    from lxml import etree

    found: list[Token] = []
    titles: list[str] = []
    with zipfile.ZipFile(epub_path) as z:
        names = _spine(z)
        for name in names:
            root = etree.fromstring(z.read(name))
            for section in root.iter(XHTML + "section"):
                if "chapter" not in (section.get(EPUB_TYPE) or "").split():
                    continue
                heading = next(section.iter(XHTML + "h2", XHTML + "h1"), None)
                titles.append(_text(heading) if heading is not None else "")
                for n, p in enumerate(section.iter(XHTML + "p"), start=1):
                    found += tokens(_text(p), f"{Path(name).name} paragraph {n}")
                    found.append(Token(PARAGRAPH, f"{Path(name).name} paragraph {n}"))
    return found, titles


def _spine(z: zipfile.ZipFile) -> list[str]:
    """The XHTML documents in reading order, from the package document's spine."""
    from lxml import etree

    container = etree.fromstring(z.read("META-INF/container.xml"))
    opf_path = next(el.get("full-path") for el in container.iter() if el.get("full-path"))
    opf = etree.fromstring(z.read(opf_path))
    ns = "{http://www.idpf.org/2007/opf}"
    base = str(Path(opf_path).parent)
    items = {i.get("id"): i.get("href") for i in opf.iter(ns + "item")}
    return [str(Path(base) / items[ref.get("idref")]) if base != "." else items[ref.get("idref")]
            for ref in opf.iter(ns + "itemref")]


def _text(el) -> str:
    """Text content, leaving out note references (their numbers are not the author's)."""
    out: list[str] = []

    def visit(node) -> None:
        classes = (node.get("class") or "").split()
        if "noteref" in classes or "doc-noteref" in (node.get("role") or ""):
            out.append(node.tail or "")
            return
        out.append(node.text or "")
        for child in node:
            visit(child)
        out.append(node.tail or "")

    visit(el)
    out[-1] = ""  # the element's own tail is outside it
    return "".join(out)


# --- found: PDF -------------------------------------------------------------------


def pdf_chapter_tokens(pdf_path: Path, titles: list[str],
                       marks: list[tuple[str, int]] | None = None) -> tuple[list[Token], list[str]]:
    """The text set in the body size on the chapters' pages, and the problems finding them.

    Each section begins at its bookmark, or at `marks` (title, page) where
    the PDF has none by design (a printer's interior)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    labels = reader.page_labels
    marks = _bookmarks(reader) if marks is None else marks
    wanted = [_fold(t) for t in titles]
    pages: list[int] = []
    missing = []
    for title in wanted:
        at = next((i for i, (t, _) in enumerate(marks) if _fold(t) == title), None)
        if at is None:
            missing.append(title)
            continue
        start = marks[at][1]
        end = marks[at + 1][1] if at + 1 < len(marks) else len(reader.pages)
        pages += range(start, end)
    fragments: list[tuple[int, float, float, str]] = []
    for index in pages:
        def visit(text, cm, tm, font, size, index=index):
            if text:
                fragments.append((index, abs(size * (tm[3] or 1) * (cm[3] or 1)), tm[5] * cm[3] + cm[5], text))
        reader.pages[index].extract_text(visitor_text=visit)
    sizes = Counter()
    for _, size, _, text in fragments:
        sizes[round(size, 1)] += len(text.strip())
    if not sizes:
        return [], missing
    body = sizes.most_common(1)[0][0]
    found: list[Token] = []
    for index in pages:
        lines: list[str] = []
        last_y = None
        for page, size, y, text in fragments:
            if page != index or abs(size - body) > 0.3:
                continue
            if not text.strip():
                lines.append(" ")
                continue
            if last_y is not None and abs(y - last_y) > 0.5:
                lines.append("\n")
            lines.append(text)
            last_y = y
        page_text = join_layout_lines("".join(lines))
        found += tokens(page_text, f"p. {labels[index]}")
    return _join_across_pages(found), missing


def _join_across_pages(found: list[Token]) -> list[Token]:
    """A word hyphenated at the foot of a page ends in U+2010 there; rejoin it with the next page."""
    out: list[Token] = []
    i = 0
    while i < len(found):
        t = found[i]
        if t.text == "\u2010" and out and i + 1 < len(found) and out[-1].text.isalnum():
            out[-1] = Token(out[-1].text + found[i + 1].text, out[-1].where)
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _bookmarks(reader) -> list[tuple[str, int]]:
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return out


def _fold(text: str) -> str:
    return " ".join(t.text for t in tokens(text))


# --- comparing --------------------------------------------------------------------


def compare(output: str, expected: list[Token], found: list[Token]) -> list[AuditProblem]:
    problems = []
    matcher = SequenceMatcher(None, [t.text for t in expected], [t.text for t in found], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        where = found[j1].where if j1 < len(found) else (found[-1].where if found else "end")
        before = max(0, i1 - CONTEXT)
        problems.append(AuditProblem(
            output, where,
            readable(expected[before:i2 + CONTEXT]),
            readable(found[max(0, j1 - (i1 - before)):j2 + CONTEXT]),
        ))
    return problems


def section_marks(manuscript: Manuscript, anchors: dict[str, int]) -> list[tuple[str, int]]:
    """(title, first page) of every printed section, from the page map: chapters by their seed's title."""
    titles = {seed.name: title for seed, (title, _) in zip(manuscript.received, expected_chapters(manuscript))}
    marks = [(titles.get(s.source, "") if s.kind == SectionKind.CHAPTER else "", anchors[s.id])
             for s in manuscript.sections if s.id in anchors]
    return sorted(marks, key=lambda mark: mark[1])


def audit_outputs(manuscript: Manuscript, pdf_path: str | Path | None, epub_path: str | Path | None,
                  anchors: dict[str, int] | None = None) -> list[AuditProblem]:
    """Compare the author's text in the built PDF and EPUB with the emended seeds; [] when faithful.

    `anchors` (the page map's), for a PDF without bookmarks: where each section begins."""
    chapters = expected_chapters(manuscript)
    problems: list[AuditProblem] = []
    if epub_path is not None:
        expected: list[Token] = []
        for _, paragraphs in chapters:
            for p in paragraphs:
                expected += tokens(p) + [Token(PARAGRAPH)]
        found, titles = epub_chapter_tokens(Path(epub_path))
        problems += compare("epub", expected, found)
        for want, got in zip([t for t, _ in chapters], titles):
            if _fold(want) != _fold(got):
                problems.append(AuditProblem("epub", "chapter title", want, got))
        if len(titles) != len(chapters):
            problems.append(AuditProblem("epub", "chapters", f"{len(chapters)} chapters", f"{len(titles)}"))
    if pdf_path is not None:
        expected = [t for _, paragraphs in chapters for p in paragraphs for t in tokens(p)]
        marks = section_marks(manuscript, anchors) if anchors is not None else None
        found, missing = pdf_chapter_tokens(Path(pdf_path), [t for t, _ in chapters], marks)
        problems += [AuditProblem("pdf", "bookmarks", f"a chapter titled “{m}”", "none") for m in missing]
        problems += compare("pdf", expected, found)
    return problems


@check("fidelity", "the text of both outputs is the seeds plus the recorded emendations")
def fidelity_check(outputs: Outputs):
    # A printer's interior has no bookmarks: its sections are found from the page map.
    problems = audit_outputs(outputs.manuscript, outputs.pdf, outputs.epub,
                             outputs.anchors if outputs.on_demand else None)
    if problems:
        return FAIL, f"{len(problems)} problem(s)", [str(p) for p in problems]
    return PASS, "the outputs hold the seeds’ words and the recorded emendations only", []
