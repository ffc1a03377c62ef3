"""The index of names: one part per kind, letter groups, entries, sub-entries, cross-references.

Page numbers come in as data (`Locator`s from the PDF's page map), so the
same code serves print (ranges, each end a link) and the EPUB (each page a
link to the place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from ...model import Manuscript, NameEntry, NameKind, Section, ids
from ...model.walk import name_occurrences
from ..pagemap import PageMap
from .writer import Writer, attrs, esc, esc_lang, section_open


@dataclass(frozen=True)
class Locator:
    """One place a name stands: its printed page label (if known) and its anchor.

    `page` is the physical page (its order in the book); roman and arabic
    labels sort by it.
    """

    label: str
    anchor: str
    page: int = 0


def index_locators(manuscript: Manuscript, page_map: PageMap | None) -> dict[str, list[Locator]]:
    """Each entry's occurrences as (page label, anchor), in reading order."""
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


@dataclass(frozen=True)
class PageRef:
    """One printed locator: a page, or a run of consecutive pages, each end a link."""

    first: Locator
    last: Locator | None = None  # the run's last page, if it spans more than one


def page_refs(locators: list[Locator], *, ranges: bool) -> list[PageRef]:
    """Pages once each (the first occurrence on each), in page order; consecutive pages of
    the same numbering (roman or arabic) joined into runs when `ranges`."""
    first_on_page: dict[int, Locator] = {}
    for loc in sorted(locators, key=lambda loc: loc.page):
        first_on_page.setdefault(loc.page, loc)
    pages = [first_on_page[p] for p in sorted(first_on_page)]
    if not ranges:
        return [PageRef(loc) for loc in pages]
    runs: list[list[Locator]] = []
    for loc in pages:
        if runs and loc.page == runs[-1][-1].page + 1 and loc.label.isdigit() == runs[-1][-1].label.isdigit():
            runs[-1].append(loc)
        else:
            runs.append([loc])
    return [PageRef(run[0], run[-1] if len(run) > 1 else None) for run in runs]


def page_ranges(locators: list[Locator]) -> list[tuple[str, str]]:
    """[(printed text, anchor of its first page)]: pages once each, consecutive pages joined."""
    return [(ref.first.label + (f"–{ref.last.label}" if ref.last else ""), ref.first.anchor)
            for ref in page_refs(locators, ranges=True)]


def sort_key(entry: NameEntry) -> str:
    return re.sub(r"[^\w ]", "", entry.sort_key)


def full_heading(entry: NameEntry, by_id: dict[str, NameEntry]) -> str:
    """How a cross-reference names an entry: a sub-entry under its entry ("Moscow: Kremlin")."""
    if entry.parent:
        return f"{by_id[entry.parent].heading}: {entry.heading}"
    return entry.heading


INDEX_HEADNOTE = {
    "pdf": ("Persons, places, organisations and events named in the introduction, the author’s text and the "
            "notes. Roman numerals refer to the introduction. Sub-entries stand under their entry; "
            "<em>See</em> leads to the entry used, <em>See also</em> to related ones."),
    "epub": ("Persons, places, organisations and events named in the introduction, the author’s text and the "
             "notes. The numbers are the page numbers of the print edition; each leads to the place in this "
             "book. Roman numerals refer to the introduction."),
}


def render_index(w: Writer, section: Section, locators: dict[str, list[Locator]], *, ranges: bool) -> str:
    """The index of names: one part per kind, letter groups, entries with sub-entries and cross-references.

    Marked up with the EPUB Indexes vocabulary (index-group, index-entry,
    index-term, index-locator, index-xref-*); print uses page ranges.
    """
    m = w.manuscript
    by_id = {e.id: e for e in m.names}
    subs: dict[str, list[NameEntry]] = {}
    for e in m.names:
        if e.parent:
            subs.setdefault(e.parent, []).append(e)
    out = [section_open(section),
           f'<p class="index-headnote" epub:type="index-headnotes">{INDEX_HEADNOTE[w.target]}</p>']
    for kind in NameKind:
        entries = sorted((e for e in m.names if e.kind == kind and not e.parent), key=lambda e: (sort_key(e), e.id))
        if not entries:
            continue
        part = ids.index_part(kind)
        out.append(f'<section{attrs(id=part, class_="index-kind", aria_labelledby=ids.section_title(part))}>\n'
                   f'<h3{attrs(id=ids.section_title(part))}>{kind.index_heading}</h3>')
        for letter, group in groupby(entries, key=lambda e: sort_key(e)[:1].upper()):
            group_id = ids.index_group(part, letter)
            out.append(f'<section{attrs(id=group_id, class_="index-group", epub_type="index-group")}>\n'
                       f'<h4 class="index-letter">{esc(letter)}</h4>\n<ul class="index-entries" epub:type="index-entry-list">')
            for entry in group:
                children = sorted(subs.get(entry.id, []), key=lambda e: (sort_key(e), e.id))
                out.append(render_index_entry(w, entry, locators, by_id, children, ranges=ranges))
            out.append("</ul>\n</section>")
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def render_locators(w: Writer, locators: list[Locator], *, ranges: bool) -> str:
    parts = []
    for ref in page_refs(locators, ranges=ranges):
        first = f'<a{attrs(href=w.href(ref.first.anchor), epub_type="index-locator")}>{esc(ref.first.label)}</a>'
        if ref.last is None:
            parts.append(first)
        else:
            last = f'<a{attrs(href=w.href(ref.last.anchor), epub_type="index-locator")}>{esc(ref.last.label)}</a>'
            parts.append(f'<span class="ix-range" epub:type="index-locator-range">{first}–{last}</span>')
    return ", ".join(parts)


def render_index_entry(w: Writer, entry: NameEntry, locators: dict[str, list[Locator]], by_id: dict[str, NameEntry],
                       children: list[NameEntry] = (), *, ranges: bool) -> str:
    links = render_locators(w, locators.get(entry.id, []), ranges=ranges)
    lang = entry.lang or None
    term = f'<span{attrs(class_="ix-term", epub_type="index-term", lang=lang, xml_lang=lang)}>{esc(entry.heading)}</span>'
    body = term + (f'<span class="ix-locators">, {links}</span>' if links else "")
    if entry.gloss:
        body += f'. <span class="ix-gloss" epub:type="index-editor-note">{esc_lang(entry.gloss.rstrip("."))}</span>'
    for refs, word, epub_type in ((entry.see, "See", "index-xref-preferred"), (entry.see_also, "See also", "index-xref-related")):
        if refs:
            targets = "; ".join(f'<a{attrs(href=w.href(ids.index_entry(ref)), epub_type=epub_type)}>{esc(full_heading(by_id[ref], by_id))}</a>'
                                for ref in refs)
            body += f'. <span class="ix-xref"><em>{word}</em> {targets}</span>'
    if entry.gloss or entry.see or entry.see_also:
        body += "."
    if children:
        items = "\n".join(render_index_entry(w, child, locators, by_id, ranges=ranges) for child in children)
        body += f'\n<ul class="index-subentries" epub:type="index-entry-list">\n{items}\n</ul>'
    cls = "index-entry" + (" index-subentry" if entry.parent else "") + ("" if entry.forms or children else " index-xref-only")
    return f'<li{attrs(id=ids.index_entry(entry.id), class_=cls, epub_type="index-entry")}>{body}</li>'
