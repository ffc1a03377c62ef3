"""A note on the text: the edition's decisions and every emendation, with its place."""

from __future__ import annotations

from ...model import Emendation, OutputFormat, Section, SourceRef, ids
from .writer import Writer, attrs, esc, esc_lang, section_open


def render_apparatus(w: Writer, section: Section, where: dict[str, str]) -> str:
    """`where`: emendation id -> printed page label, where known (the EPUB's, from the page map).

    In the PDF the apparatus is laid out with the chapters, so each entry
    prints its page with CSS `target-counter` on an `a.page-ref`.
    """
    m = w.manuscript
    out = [section_open(section)]
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
        anchor = ids.emended(em.id)
        label = where.get(em.id)
        place = f"p. {esc(label)}" if label else "in the text"
        if label is None and w.target == OutputFormat.PDF:
            # Laid out with the chapters, before the page map exists: the page
            # is print.css's target-counter on a.page-ref.
            out.append(
                f'<li{attrs(id=ids.apparatus_entry(em.id), class_="apparatus-entry")}>'
                f'<a{attrs(class_="app-where page-ref", href=w.href(anchor))}></a> '
                + _apparatus_body(w, em, sources) + "</li>"
            )
            continue
        out.append(
            f'<li{attrs(id=ids.apparatus_entry(em.id), class_="apparatus-entry")}>'
            f'<a{attrs(class_="app-where", href=w.href(anchor))}>{place}</a> '
            + _apparatus_body(w, em, sources) + "</li>"
        )
    out.append("</ol>\n</section>")
    return "\n".join(out)


def _apparatus_body(w: Writer, em: Emendation, sources: dict[str, SourceRef]) -> str:
    cited = "; ".join(f'<a{attrs(href=w.href(ids.source(k)))}>{esc(sources[k].short)}</a>' for k in em.sources)
    return (
        f'<span class="app-original">{esc(em.original.strip())}</span> '
        f'<span class="app-arrow" aria-label="emended to">→</span> '
        f'<span class="app-reading">{esc(em.reading)}</span> '
        # The reason starts a line of its own (base.css), so no stop is added
        # after a reading that may end in a comma.
        f'<span class="app-reason">{esc_lang(em.reason.strip())} '
        f'<span class="app-confidence">Confidence: {em.confidence.value}.</span>'
        + (f' <span class="app-sources">({cited})</span>' if cited else "")
        + "</span>"
    )
