"""Page-break markers in the EPUB at the words where the printed pages begin.

The PDF's page map says, for each physical page, the element its text
begins in and how many characters of that element (whitespace and layout
hyphens not counted) came before. The same count in the EPUB's XHTML finds
the same character; the marker goes before the word it belongs to, so a
page that begins in the middle of a hyphenated word is marked before that
word. Markers carry no text: the words of the book are unchanged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lxml import etree

from ...model import ids
from ..html.writer import EPUB_NS, XHTML_NS
from ..pagemap import BLOCK_TAGS, PageMap, PageStart, counted

# PDF element ids that the EPUB names differently (its contents are the nav document).
EPUB_ALIASES = {"contents": "toc", "contents-title": "toc-title"}
NOT_COUNTED_CLASSES = ("noteref",)
# Elements a span may stand in directly (not lists, tables, definition lists).
PHRASING_PARENTS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "div", "section",
                              "nav", "blockquote", "td", "th", "figcaption", "caption", "aside", "body"))  # note numbers: footnote calls in print, not counted there either


@dataclass(frozen=True)
class PageMark:
    """One marker to insert: page `label` in EPUB file `file`, at `start`."""

    label: str
    file: str
    start: PageStart | None  # None: at the end of the file's last marked element

    @property
    def anchor(self) -> str:
        return ids.page(self.label)


def plan_page_marks(page_map: PageMap, ids_by_file: dict[str, set[str]]) -> list[PageMark]:
    """A marker for every printed page, in page order.

    A page with no text of its own (a blank verso) or whose first element
    the EPUB lacks (the half title) is marked where the next page begins;
    trailing ones at the end of the last page marked.
    """
    where = {i: f for f, ids in ids_by_file.items() for i in ids}
    resolved: list[tuple[str, PageStart] | None] = []
    for start in page_map.starts + [None] * (len(page_map.labels) - len(page_map.starts)):
        if start is not None:
            element = EPUB_ALIASES.get(start.element, start.element) if start.element not in where else start.element
            if element in where:
                resolved.append((where[element], PageStart(element, start.offset, start.probe)))
                continue
        resolved.append(None)
    marks: list[PageMark] = []
    following: tuple[str, PageStart] | None = None
    for i in range(len(resolved) - 1, -1, -1):
        following = resolved[i] or following
        if following is not None:
            marks.append(PageMark(page_map.labels[i], following[0], following[1]))
        else:
            last = next((r for r in reversed(resolved) if r is not None), None)
            if last is not None:
                marks.append(PageMark(page_map.labels[i], last[0], PageStart(last[1].element, -1, "")))
    return marks[::-1]


def insert_page_marks(xhtml: str, marks: list[PageMark]) -> str:
    """The document with a pagebreak span at each mark, in the order given."""
    if not marks:
        return xhtml
    root = etree.fromstring(xhtml.encode("utf-8"))
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    for mark in marks:
        element = ids[mark.start.element]
        _insert(element, _marker(mark), mark.start)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8").decode("utf-8") + "\n"


def _marker(mark: PageMark) -> etree._Element:
    span = etree.Element(f"{{{XHTML_NS}}}span", nsmap=None)
    span.set(f"{{{EPUB_NS}}}type", "pagebreak")
    span.set("role", "doc-pagebreak")
    span.set("id", mark.anchor)
    span.set("aria-label", mark.label)
    return span


def _local(tag) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _positions(element: etree._Element) -> list[tuple[etree._Element, str, int]]:
    """(node, 'text' | 'tail', index) of each counted character of `element`, in reading order."""
    out: list[tuple[etree._Element, str, int]] = []

    def add(node: etree._Element, where: str) -> None:
        text = getattr(node, where) or ""
        for i, c in enumerate(text):
            if counted(c):
                out.append((node, where, i))

    def visit(node: etree._Element, top: bool) -> None:
        skip = not top and isinstance(node.tag, str) and (
            (node.get("id") and _local(node.tag) in BLOCK_TAGS)
            or any(c in (node.get("class") or "").split() for c in NOT_COUNTED_CLASSES)
            or node.get(f"{{{EPUB_NS}}}type") == "pagebreak")
        if isinstance(node.tag, str) and not skip:
            add(node, "text")
            for child in node:
                visit(child, False)
        if not top:
            add(node, "tail")

    visit(element, True)
    return out


def _insert(element: etree._Element, span: etree._Element, start: PageStart) -> None:
    positions = _positions(element)
    if not positions:  # no text of its own in the EPUB: at its start, where a span may stand
        if _local(element.tag) in PHRASING_PARENTS or element.getparent() is None:
            span.tail, element.text = element.text, None
            element.insert(0, span)
        else:
            element.addprevious(span)
        return
    chars = "".join(getattr(n, w)[i] for n, w, i in positions)
    at = _find(chars, start)
    if at >= len(positions):  # after the element's last character
        node, where, index = positions[-1]
        index += 1
    else:
        node, where, index = positions[at]
        text = getattr(node, where)
        while index > 0 and _inside_word(text[index - 1], text[index]):  # to the start of the word
            index -= 1
    text = getattr(node, where)
    if where == "text" and index == 0 and node is not element:
        # The page begins with a link or another inline element: the marker
        # stands before it (and before any element it opens), never inside.
        while node.getparent() is not element and not node.getparent().text and node.getparent().index(node) == 0:
            node = node.getparent()
        node.addprevious(span)
        return
    span.tail = text[index:] or None
    setattr(node, where, text[:index] or None)
    if where == "text":
        node.insert(0, span)
    else:
        parent = node.getparent()
        parent.insert(parent.index(node) + 1, span)


def _inside_word(before: str, after: str) -> bool:
    """Could a line not break between these two characters, but for hyphenation?

    Letters and digits run together; after a hyphen or a slash, and between
    Chinese characters, a line may break, so a page may begin there exactly.
    """
    wide = ("W", "F")
    return (before.isalnum() and after.isalnum()
            and unicodedata.east_asian_width(before) not in wide and unicodedata.east_asian_width(after) not in wide)


def _find(chars: str, start: PageStart) -> int:
    """The counted-character index the page begins at.

    The offset, unless the page's first characters stand elsewhere nearby:
    generated passages (the apparatus, the index) may word a locator
    differently in the two formats, the text before the page start too.
    """
    if start.offset < 0:
        return len(chars)
    if not start.probe or chars.startswith(start.probe, start.offset):
        return min(start.offset, len(chars))
    hits, at = [], chars.find(start.probe)
    while at >= 0:
        hits.append(at)
        at = chars.find(start.probe, at + 1)
    if hits:
        return min(hits, key=lambda h: abs(h - start.offset))
    return min(start.offset, len(chars))
