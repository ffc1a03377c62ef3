"""The title pages: half title, title page and imprint."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import groupby

from ... import __version__
from ...model import Manuscript
from .writer import Writer, attrs, esc, esc_lang


def build_date(epoch: int) -> str:
    """The day of the build, as the imprint prints it (from SOURCE_DATE_EPOCH)."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


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
