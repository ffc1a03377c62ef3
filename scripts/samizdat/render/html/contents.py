"""The printed contents: each section with its page."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Section
from .writer import Writer, attrs, esc, section_open


@dataclass(frozen=True)
class TocEntry:
    title: str
    anchor: str
    label: str | None  # the printed page, when known before this document is laid out
    level: int = 1


def render_contents(w: Writer, section: Section, entries: list[TocEntry]) -> str:
    items = []
    for e in entries:
        page = f'<span class="toc-page">{esc(e.label)}</span>' if e.label is not None else ""
        cls = "toc-entry" + (" toc-counter" if e.label is None else "")
        items.append(f'<li{attrs(class_=cls)}><a{attrs(href=w.href(e.anchor))}>{esc(e.title)}</a>{page}</li>')
    return section_open(section) + '\n<ol class="toc">\n' + "\n".join(items) + "\n</ol>\n</section>"
