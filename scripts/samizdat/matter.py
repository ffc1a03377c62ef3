"""Generated sections: title pages, contents, apparatus, notes, glossary, sources, index.

Each renderer takes the Writer (for target and links) and returns the
section's XHTML body. Page numbers come in as data (`Locator`s from the
PDF's page map), so the same code serves print and screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from . import __version__
from .html import Writer, attrs, esc, esc_lang, section_open, source_anchor
from .model import Emendation, Manuscript, NameEntry, Section, SourceRef

KIND_TITLES = {"person": "Persons", "place": "Places", "organisation": "Organisations", "event": "Events"}


@dataclass(frozen=True)
class Locator:
    """One place a name stands: its printed page label (if known) and its anchor.

    `page` is the physical page (its order in the book); roman and arabic
    labels sort by it.
    """

    label: str
    anchor: str
    page: int = 0


@dataclass(frozen=True)
class TocEntry:
    title: str
    anchor: str
    label: str | None  # the printed page, when known before this document is laid out
    level: int = 1


# --- title pages ----------------------------------------------------------------


def creators_line(manuscript: Manuscript) -> str:
    return ", ".join(p.name for p in manuscript.metadata.creators if p.role == "aut")


def render_half_title(w: Writer) -> str:
    m = w.manuscript.metadata
    return f'<section{attrs(id="half-title", class_="half-title", epub_type="halftitlepage", aria_label="Half title")}>\n<p class="half-title-text">{esc(m.title)}</p>\n</section>'


ROLE_WORDS = {"trl": "Translated by", "edt": "Edited by", "ill": "Illustrated by", "ctb": "With contributions by"}


def render_title_page(w: Writer) -> str:
    """Title, subtitle, author; the translation chain by role; the publisher at the foot."""
    m = w.manuscript.metadata
    parts = [f'<section{attrs(id="titlepage", class_="titlepage", epub_type="titlepage", aria_label="Title page")}>',
             f'<h1 class="title">{esc(m.title)}</h1>']
    if m.subtitle:
        parts.append(f'<p class="subtitle">{esc(m.subtitle)}</p>')
    parts.append(f'<p class="author">{esc(creators_line(w.manuscript))}</p>')
    if m.series and m.series != m.title:  # a series named as the book would only repeat the title
        parts.append(f'<p class="series">{esc(m.series)}, instalment {m.series_position}</p>')
    for role, group in groupby(m.contributors, key=lambda p: p.role):
        names = "<br/>".join(esc_lang(p.name) for p in group)
        label = ROLE_WORDS.get(role)
        parts.append('<p class="chain">' + (f'<span class="role">{esc(label)}</span><br/>' if label else "") + names + "</p>")
    if m.publisher:
        parts.append(f'<p class="publisher">{esc(m.publisher)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def render_imprint(w: Writer, build_date: str) -> str:
    """The copyright page: the work, its source and translation chain, rights, this edition and its build."""
    m = w.manuscript.metadata
    lines = [f'<section{attrs(id="imprint", class_="imprint", epub_type="copyright-page", aria_label="Imprint")}>',
             '<div class="imprint-body">']
    lines.append(f"<p><cite>{esc(m.title)}</cite>{(': ' + esc(m.subtitle)) if m.subtitle else ''}, by {esc(creators_line(w.manuscript))}.</p>")
    if m.source:
        lines.append(f"<p>{esc_lang(m.source)}</p>")
    for person in m.contributors:
        if person.note:
            lines.append(f"<p>{esc_lang(person.note)}</p>")
    if m.rights:
        lines.append(f"<p>{esc(m.rights)}</p>")
    edition = f"This edition: {esc(m.publisher)}, {esc(m.date)}." if m.publisher else ""
    lines.append(f"<p>{edition} Built {esc(build_date)} with samizdat {esc(__version__)}.</p>")
    lines.append(f'<p class="identifier">{esc(m.identifier)}</p>')
    lines.append("</div>\n</section>")
    return "\n".join(lines)


# --- contents -------------------------------------------------------------------


def render_contents(w: Writer, section: Section, entries: list[TocEntry]) -> str:
    items = []
    for e in entries:
        page = f'<span class="toc-page">{esc(e.label)}</span>' if e.label is not None else ""
        cls = "toc-entry" + (" toc-counter" if e.label is None else "")
        items.append(f'<li{attrs(class_=cls)}><a{attrs(href=w.href(e.anchor))}>{esc(e.title)}</a>{page}</li>')
    return section_open(section.id, "contents", section.title) + '\n<ol class="toc">\n' + "\n".join(items) + "\n</ol>\n</section>"


# --- apparatus --------------------------------------------------------------------


CONFIDENCE_WORDS = {"high": "high", "medium": "medium", "low": "low"}


def render_apparatus(w: Writer, section: Section, where: dict[str, str]) -> str:
    """`where`: emendation id -> printed page label, where known (the EPUB's, from the page map).

    In the PDF the apparatus is laid out with the chapters, so each entry
    prints its page with CSS `target-counter` on an `a.page-ref`.
    """
    m = w.manuscript
    out = [section_open(section.id, "apparatus", section.title)]
    out.append(
        "<p>This edition prints the words of the received text. Where that text is plainly faulty it is "
        "corrected, and every correction is listed here: where it stands, what the received text reads, "
        "what this edition prints, and why. Nothing else in the author’s text has been changed; "
        "doubtful passages are left as they stand and discussed in the notes.</p>"
    )
    if section.blocks:
        out.append(w.blocks(section.blocks))
    sources = {s.key: s for s in m.sources}
    out.append('<ol class="apparatus-list">')
    for em in m.emendations:
        anchor = f"em-{em.id}"
        label = where.get(em.id)
        place = f"p. {esc(label)}" if label else "in the text"
        if label is None and w.target == "pdf":
            # Laid out with the chapters, before the page map exists: the page
            # is print.css's target-counter on a.page-ref.
            out.append(
                f'<li{attrs(id="app-" + em.id, class_="apparatus-entry")}>'
                f'<a{attrs(class_="app-where page-ref", href=w.href(anchor))}></a> '
                + _apparatus_body(w, em, sources) + "</li>"
            )
            continue
        out.append(
            f'<li{attrs(id="app-" + em.id, class_="apparatus-entry")}>'
            f'<a{attrs(class_="app-where", href=w.href(anchor))}>{place}</a> '
            + _apparatus_body(w, em, sources) + "</li>"
        )
    out.append("</ol>\n</section>")
    return "\n".join(out)


def _apparatus_body(w: Writer, em: Emendation, sources: dict[str, SourceRef]) -> str:
    cited = "; ".join(f'<a{attrs(href=w.href(source_anchor(k)))}>{esc(sources[k].short)}</a>' for k in em.sources)
    return (
        f'<span class="app-original">{esc(em.original.strip())}</span> '
        f'<span class="app-arrow" aria-label="emended to">→</span> '
        f'<span class="app-reading">{esc(em.reading)}</span> '
        # The reason starts a line of its own (base.css), so no stop is added
        # after a reading that may end in a comma.
        f'<span class="app-reason">{esc_lang(em.reason.strip())} '
        f'<span class="app-confidence">Confidence: {CONFIDENCE_WORDS[em.confidence]}.</span>'
        + (f' <span class="app-sources">({cited})</span>' if cited else "")
        + "</span>"
    )


# --- endnotes (EPUB) ---------------------------------------------------------------


def render_endnotes(w: Writer, section: Section) -> str:
    m = w.manuscript
    out = [section_open(section.id, "notes", section.title)]
    titles = {s.id: s.title for s in m.sections}
    for section_id, group in groupby(m.notes, key=lambda n: n.section_id):
        out.append(f"<h3>{esc(titles[section_id])}</h3>\n<ol class=\"endnotes\">")
        for note in group:
            body = "".join(f"<p>{w.inlines(b.inlines)}</p>" for b in note.body)
            back = f'\u00a0<a{attrs(href=w.href("nr-" + note.id), class_="backlink", role="doc-backlink", aria_label="Back to the text")}>↩︎</a>'
            body = body[:-4] + back + "</p>" if body.endswith("</p>") else body + back
            # No epub:type on the note itself: "endnote" is deprecated; the
            # section's "endnotes" and the links' "noteref" carry the meaning.
            out.append(f'<li{attrs(id="note-" + note.id, value=str(note.number))}>{body}</li>')
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


# --- glossary and sources ---------------------------------------------------------


def render_glossary(w: Writer, section: Section) -> str:
    out = [section_open(section.id, "glossary", section.title), '<dl class="glossary-list">']
    for g in sorted(w.manuscript.glossary, key=lambda g: g.term.casefold()):
        forms = ", ".join(f"“{esc(f)}”" for f in g.forms)
        said = f' <span class="gloss-forms">The text says: {forms}.</span>' if forms else ""
        out.append(f'<dt{attrs(id=g.id, epub_type="glossterm")}>{esc(g.term)}</dt>'
                   f'<dd epub:type="glossdef"><span class="gloss-standard">{esc_lang(g.standard)}.</span> {esc_lang(g.explanation)}{said}</dd>')
    out.append("</dl>\n</section>")
    return "\n".join(out)


def render_sources(w: Writer, section: Section) -> str:
    out = [section_open(section.id, "sources", section.title)]
    out.append(
        "<p>The works behind the introduction, the notes, the corrections and the index, in full. The introduction "
        "and the notes cite them by the short reference printed first. A title in square brackets describes a work "
        "whose own title is not recorded; what a reference lacks is said after it.</p>"
    )
    out.append('<ul class="sources-list">')
    for s in sorted(w.manuscript.sources, key=source_sort_key):
        out.append(f'<li{attrs(id=source_anchor(s.key), class_="source")}><span class="source-short">{esc(s.short)}:</span> {full_reference(s)}</li>')
    out.append("</ul>\n</section>")
    return "\n".join(out)


def source_sort_key(s: SourceRef) -> str:
    # Readers come here from a short reference, so the list is in their order.
    return s.short.casefold()


def full_reference(s: SourceRef) -> str:
    """Author. Title. Site or publisher, year. Address. Note: each part only when recorded."""
    parts = []
    if s.author:
        parts.append(esc(s.author))
    if s.title.startswith("["):
        parts.append(esc_lang(s.title))  # supplied by the editor: not the work's own title
    elif s.url and not s.title.startswith("《"):
        parts.append(f"“{esc_lang(s.title)}”")
    elif s.url:
        parts.append(esc_lang(s.title))  # already in Chinese title marks
    elif s.title:
        parts.append(f"<cite>{esc(s.title)}</cite>")
    imprint = ", ".join(esc(x) for x in (s.site, s.publisher, s.year) if x)
    if imprint:
        parts.append(imprint)
    if s.url:
        parts.append(f'<a{attrs(href=s.url, class_="url")}>{esc(s.url)}</a>')
    text = ". ".join(p.rstrip(".") if not p.endswith("”") else p for p in parts) + "."
    if s.note:
        text += f' <span class="source-note">{esc(s.note)}</span>'
    return text


# --- index ------------------------------------------------------------------------


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
    out = [section_open(section.id, "index", section.title),
           f'<p class="index-headnote" epub:type="index-headnotes">{INDEX_HEADNOTE[w.target]}</p>']
    for kind, kind_title in KIND_TITLES.items():
        entries = sorted((e for e in m.names if e.kind == kind and not e.parent), key=lambda e: (sort_key(e), e.id))
        if not entries:
            continue
        part = f"index-{kind}"
        out.append(f'<section{attrs(id=part, class_="index-kind", aria_labelledby=part + "-title")}>\n'
                   f'<h3{attrs(id=part + "-title")}>{kind_title}</h3>')
        for letter, group in groupby(entries, key=lambda e: sort_key(e)[:1].upper()):
            group_id = f"{part}-{letter.lower()}" if letter.isascii() and letter.isalnum() else None
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
            targets = "; ".join(f'<a{attrs(href=w.href("ix-" + ref), epub_type=epub_type)}>{esc(full_heading(by_id[ref], by_id))}</a>'
                                for ref in refs)
            body += f'. <span class="ix-xref"><em>{word}</em> {targets}</span>'
    if entry.gloss or entry.see or entry.see_also:
        body += "."
    if children:
        items = "\n".join(render_index_entry(w, child, locators, by_id, ranges=ranges) for child in children)
        body += f'\n<ul class="index-subentries" epub:type="index-entry-list">\n{items}\n</ul>'
    cls = "index-entry" + (" index-subentry" if entry.parent else "") + ("" if entry.forms or children else " index-xref-only")
    return f'<li{attrs(id="ix-" + entry.id, class_=cls, epub_type="index-entry")}>{body}</li>'
