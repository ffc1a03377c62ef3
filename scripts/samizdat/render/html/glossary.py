"""The glossary: the translation's odd terms and what they mean."""

from __future__ import annotations

from ...model import Section
from .writer import Writer, attrs, esc, esc_lang, section_open


def render_glossary(w: Writer, section: Section) -> str:
    out = [section_open(section), '<dl class="glossary-list">']
    for g in sorted(w.manuscript.glossary, key=lambda g: g.term.casefold()):
        forms = ", ".join(f"“{esc(f)}”" for f in g.forms)
        said = f' <span class="gloss-forms">The text says: {forms}.</span>' if forms else ""
        out.append(f'<dt{attrs(id=g.id, epub_type="glossterm")}>{esc(g.term)}</dt>'
                   f'<dd epub:type="glossdef"><span class="gloss-standard">{esc_lang(g.standard)}.</span> {esc_lang(g.explanation)}{said}</dd>')
    out.append("</dl>\n</section>")
    return "\n".join(out)
