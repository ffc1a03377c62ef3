"""Where things fell in the laid-out PDF: page labels, anchors, and where each page begins.

The page map is read from WeasyPrint's laid-out pages and is the one source
of page numbers for the PDF's index and contents and for the EPUB's
page-list. A page's beginning is recorded as the element it begins in and
how many characters of that element came before it, counted without
whitespace: line breaking, hyphenation and justification change the
whitespace and add hyphens, but never the other characters, so the same
count finds the same word in the EPUB's XHTML (see `render.epub.pagebreaks`).
The PDF stage writes it (`render.pdf.pagemap` reads it off WeasyPrint's
pages); nothing here imports WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


# --- folios -----------------------------------------------------------------------


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out
