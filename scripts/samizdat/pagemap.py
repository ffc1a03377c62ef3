"""Where things fell in the laid-out PDF: page labels, anchors, and where each page begins.

The page map is read from WeasyPrint's laid-out pages and is the one source
of page numbers for the PDF's index and contents and for the EPUB's
page-list. A page's beginning is recorded as the element it begins in and
how many characters of that element came before it, counted without
whitespace: line breaking, hyphenation and justification change the
whitespace and add hyphens, but never the other characters, so the same
count finds the same word in the EPUB's XHTML (see `pagebreaks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterator

from .matter import Locator

if TYPE_CHECKING:
    from .model import Manuscript

# Elements a page start is measured from: block elements with an id. Text
# inside a nested block with its own id counts for that block only.
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "nav", "ol", "p", "section",
    "table", "td", "th", "ul",
))
# Hyphens that layout adds at a line end, and soft hyphens: not the author's characters.
LAYOUT_CHARS = frozenset("\u2010\u00ad")
PROBE_CHARS = 24  # how much of a page's first text is kept to find it again


def counted(text: str) -> str:
    """The characters a page-start offset counts: no whitespace, no layout hyphens."""
    return "".join(c for c in text if not c.isspace() and c not in LAYOUT_CHARS)


@dataclass(frozen=True)
class PageStart:
    """Where a physical page begins: `offset` counted characters into element `element`.

    `probe` is the page's first counted characters, to find the place again
    where the EPUB words a generated passage differently from the PDF.
    """

    element: str
    offset: int
    probe: str


@dataclass
class PageMap:
    """Where things fell: the printed label of each physical page, and each anchor's page."""

    labels: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # anchor id -> physical page index
    front_pages: int = 0  # physical pages in roman (front matter and its closing blank)
    # Per physical page, where its text begins; None for a page without text (a blank).
    starts: list[PageStart | None] = field(default_factory=list)

    def label(self, anchor: str) -> str:
        return self.labels[self.anchors[anchor]]

    def to_json(self) -> dict:
        return {
            "labels": self.labels, "anchors": self.anchors, "front_pages": self.front_pages,
            "starts": [None if s is None else {"element": s.element, "offset": s.offset, "probe": s.probe}
                       for s in self.starts],
        }

    @classmethod
    def from_json(cls, data: dict) -> "PageMap":
        starts = [None if s is None else PageStart(str(s["element"]), int(s["offset"]), str(s["probe"]))
                  for s in data.get("starts", [])]
        return cls(list(data["labels"]), dict(data["anchors"]), int(data["front_pages"]), starts)


# --- reading a laid-out WeasyPrint document ------------------------------------


def read_anchors(doc, offset: int, page_map: PageMap) -> None:
    """Each anchor's physical page: the first page it appears on, `offset` pages in."""
    for i, page in enumerate(doc.pages):
        for anchor in page.anchors:
            page_map.anchors.setdefault(anchor, offset + i)


def read_page_starts(doc) -> list[PageStart | None]:
    """Where each page of `doc` begins, from the first text of its main flow.

    Running heads and folios (margin boxes) and footnotes (the footnote
    area) are not the main flow: a page whose flow begins mid-paragraph
    begins there even if a footnote continued from the page before.
    Generated text (footnote calls, list markers, leaders) is not counted.
    """
    seen: dict[str, int] = {}  # block id -> counted characters laid out so far
    starts: list[PageStart | None] = []
    for page in doc.pages:
        root = page._page_box.children[0]  # the root element's box; margin boxes and footnotes follow it
        start: PageStart | None = None
        probe: list[str] = []
        for text, block in _flow_text(root):
            chars = counted(text)
            if not chars:
                continue
            if start is None:
                start = PageStart(block, seen.get(block, 0), "")
            if block == start.element and sum(map(len, probe)) < PROBE_CHARS:
                probe.append(chars)
            seen[block] = seen.get(block, 0) + len(chars)
        if start is not None:
            start = PageStart(start.element, start.offset, "".join(probe)[:PROBE_CHARS])
        starts.append(start)
    return starts


def _flow_text(box, block: str | None = None) -> Iterator[tuple[str, str]]:
    """(text, id of the nearest enclosing block with an id) for each text box, in order."""
    from weasyprint.formatting_structure import boxes

    if "::" in (box.element_tag or ""):
        return  # generated content: not the book's text
    element = box.element
    if (element is not None and not isinstance(box, boxes.TextBox) and element.get("id")
            and str(element.tag).rsplit("}", 1)[-1] in BLOCK_TAGS):
        block = element.get("id")
    if isinstance(box, boxes.TextBox):
        if block is not None:
            yield box.text, block
        return
    for child in getattr(box, "children", None) or ():
        yield from _flow_text(child, block)


# --- what the index and the EPUB read from it (kept here, free of WeasyPrint) ----


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def build_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def index_locators(manuscript: Manuscript, page_map: PageMap | None) -> dict[str, list[Locator]]:
    """Each entry's occurrences as (page label, anchor), in reading order."""
    from .assemble import name_occurrences

    out: dict[str, list[Locator]] = {}
    for entry_id, refs in name_occurrences(manuscript).items():
        locs = []
        for n, ref in enumerate(refs, start=1):
            if page_map is not None:
                locs.append(Locator(page_map.label(ref.anchor), ref.anchor, page_map.anchors[ref.anchor]))
            else:
                locs.append(Locator(str(n), ref.anchor, n))
        out[entry_id] = locs
    return out
