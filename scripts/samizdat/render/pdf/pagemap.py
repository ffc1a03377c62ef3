"""The page map read off a laid-out WeasyPrint document: anchors and where each page begins."""

from __future__ import annotations

from typing import Iterator

from ..pagemap import BLOCK_TAGS, PageMap, PageStart, PROBE_CHARS, counted


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
