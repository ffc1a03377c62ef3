"""The Sources: every work the introduction and the notes cite, in full."""

from __future__ import annotations

from ...model import Section, SourceRef, ids
from .writer import Writer, attrs, esc, esc_lang, section_open


def render_sources(w: Writer, section: Section) -> str:
    out = [section_open(section)]
    out.append(
        "<p>The works behind the introduction, the notes, the corrections and the index, in full. The introduction "
        "and the notes cite them by the short reference printed first. A title in square brackets describes a work "
        "whose own title is not recorded; what a reference lacks is said after it.</p>"
    )
    out.append('<ul class="sources-list">')
    for s in sorted(w.manuscript.sources, key=source_sort_key):
        out.append(f'<li{attrs(id=ids.source(s.key), class_="source")}><span class="source-short">{esc(s.short)}:</span> {full_reference(s)}</li>')
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
