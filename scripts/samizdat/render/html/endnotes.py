"""The editor's notes gathered at the end (the EPUB's; print sets them as footnotes)."""

from __future__ import annotations

from itertools import groupby

from ...model import Section, ids
from .writer import Writer, attrs, esc, section_open


def render_endnotes(w: Writer, section: Section) -> str:
    m = w.manuscript
    out = [section_open(section)]
    titles = {s.id: s.title for s in m.sections}
    for section_id, group in groupby(m.notes, key=lambda n: n.section_id):
        out.append(f"<h3>{esc(titles[section_id])}</h3>\n<ol class=\"endnotes\">")
        for note in group:
            body = "".join(f"<p>{w.inlines(b.inlines)}</p>" for b in note.body)
            back = f'\u00a0<a{attrs(href=w.href(ids.note_ref(note.id)), class_="backlink", role="doc-backlink", aria_label="Back to the text")}>↩︎</a>'
            body = body[:-4] + back + "</p>" if body.endswith("</p>") else body + back
            # No epub:type on the note itself: "endnote" is deprecated; the
            # section's "endnotes" and the links' "noteref" carry the meaning.
            out.append(f'<li{attrs(id=ids.note(note.id), value=str(note.number))}>{body}</li>')
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)
