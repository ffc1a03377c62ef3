"""The model -> semantic XHTML, shared by the PDF and the EPUB.

One render function per node type, looked up in a table; a node type with
no entry is an error. Text is escaped in one place (`esc`). Ids come from
the model. The target ("pdf" or "epub") decides only how links and notes
are expressed, never what the words are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Callable, Iterable
from urllib.parse import urlsplit

from ...model import (
    Block, Citation, Emended, Emphasis, Foreign, GlossRef, Heading, Inline, Link, Manuscript, NameRef, Note,
    NoteRef, OutputFormat, Paragraph, Section, SectionKind, Strong, Text, ids,
)
from ...model.scripts import split_scripts
from ...model.walk import walk

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

# Section kind -> (epub:type, DPUB-ARIA role or "")
SECTION_SEMANTICS: dict[SectionKind, tuple[str, str]] = {
    SectionKind.TITLEPAGE: ("titlepage", ""),
    SectionKind.CONTENTS: ("toc", "doc-toc"),
    SectionKind.INTRODUCTION: ("introduction", "doc-introduction"),
    SectionKind.CHAPTER: ("chapter", "doc-chapter"),
    SectionKind.APPARATUS: ("appendix", "doc-appendix"),
    SectionKind.NOTES: ("endnotes", "doc-endnotes"),
    SectionKind.GLOSSARY: ("glossary", "doc-glossary"),
    SectionKind.SOURCES: ("bibliography", "doc-bibliography"),
    SectionKind.INDEX: ("index", "doc-index"),
}


def esc(text: str) -> str:
    """The one place text becomes markup."""
    return escape(text, quote=True)


def esc_lang(text: str) -> str:
    """Escaped text with runs of Chinese or Cyrillic script in spans with their `lang`.

    For the editor's strings (apparatus, glossary, sources); the running text
    is marked in the model (assemble's languages pass). Marking the language
    lets WeasyPrint pick Chinese (not Japanese) glyph forms and lets reading
    systems voice the words in the right language.
    """
    return "".join(esc(piece) if lang is None else f"<span{attrs(lang=lang, xml_lang=lang)}>{esc(piece)}</span>"
                   for piece, lang in split_scripts(text))


def attrs(**values: str | None) -> str:
    """Render attributes in the given order; None is left out; `epub_type` -> `epub:type`."""
    out = []
    for key, value in values.items():
        if value is None:
            continue
        name = {"epub_type": "epub:type", "class_": "class", "xml_lang": "xml:lang", "aria_label": "aria-label"}.get(key, key.replace("_", "-"))
        out.append(f' {name}="{esc(value)}"')
    return "".join(out)


@dataclass
class Writer:
    """Renders one manuscript for one target."""

    manuscript: Manuscript
    target: OutputFormat  # decides how links and notes are expressed, never the words
    # anchor id -> EPUB document that holds it; empty for the PDF (one document)
    anchor_files: dict[str, str] = field(default_factory=dict)
    linked_names: set[str] = field(default_factory=set)
    in_introduction: bool = False

    def __post_init__(self) -> None:
        self.notes = {n.id: n for n in self.manuscript.notes}
        self.has_apparatus = self.manuscript.has(SectionKind.APPARATUS)
        self.inline_rules: dict[type, Callable[[Inline], str]] = {
            Text: self.render_text, Emphasis: self.render_emphasis, Strong: self.render_strong,
            Link: self.render_link, Foreign: self.render_foreign, NameRef: self.render_name_ref,
            Emended: self.render_emended, NoteRef: self.render_note_ref, GlossRef: self.render_gloss_ref,
            Citation: self.render_citation,
        }
        self.sources = {s.key: s for s in self.manuscript.sources}
        self.has_sources = self.manuscript.has(SectionKind.SOURCES)
        self.block_rules: dict[type, Callable[[Block], str]] = {
            Paragraph: self.render_paragraph, Heading: self.render_heading,
        }

    # -- links ---------------------------------------------------------------

    def href(self, anchor: str) -> str:
        """A link to an element id, across documents in the EPUB."""
        if self.target == OutputFormat.EPUB:
            return f"{self.anchor_files[anchor]}#{anchor}"
        return f"#{anchor}"

    # -- inlines ---------------------------------------------------------------

    def inlines(self, nodes: Iterable[Inline]) -> str:
        out = []
        for node in nodes:
            rule = self.inline_rules.get(type(node))
            if rule is None:
                raise TypeError(f"no HTML rule for inline node {type(node).__name__}")
            out.append(rule(node))
        return "".join(out)

    def render_text(self, node: Text) -> str:
        # Foreign scripts in the running text are already Foreign nodes (assemble).
        return esc(node.text)

    def render_emphasis(self, node: Emphasis) -> str:
        return f"<em>{self.inlines(node.children)}</em>"

    def render_strong(self, node: Strong) -> str:
        return f"<strong>{self.inlines(node.children)}</strong>"

    def render_link(self, node: Link) -> str:
        scheme = urlsplit(node.href).scheme
        if scheme in ("http", "https", "mailto"):
            return f"<a{attrs(href=node.href)}>{self.inlines(node.children)}</a>"
        # Links into the file system or to other schemes are not followed.
        return self.inlines(node.children)

    def render_foreign(self, node: Foreign) -> str:
        return f"<span{attrs(lang=node.lang, xml_lang=node.lang)}>{self.inlines(node.children)}</span>"

    def render_name_ref(self, node: NameRef) -> str:
        text = esc(node.text)
        lang = self.manuscript.name(node.entry_id).lang or None
        # In the EPUB the first mention of each person in the introduction
        # leads to the index entry.
        if self.target == OutputFormat.EPUB and self.in_introduction and node.entry_id not in self.linked_names:
            self.linked_names.add(node.entry_id)
            return f'<a{attrs(id=node.anchor, class_="name", href=self.href(ids.index_entry(node.entry_id)), lang=lang, xml_lang=lang)}>{text}</a>'
        return f'<span{attrs(id=node.anchor, class_="name", lang=lang, xml_lang=lang)}>{text}</span>'

    def render_emended(self, node: Emended) -> str:
        # A link to its apparatus entry in both outputs (the PDF's apparatus is
        # in the same layout); print shows only the dotted underline.
        inner = self.inlines(node.children)
        if not self.has_apparatus:
            return f'<span{attrs(id=node.anchor, class_="emended")}>{inner}</span>'
        return f'<a{attrs(id=node.anchor, class_="emended", href=self.href(ids.apparatus_entry(node.emendation_id)))}>{inner}</a>'

    def render_note_ref(self, node: NoteRef) -> str:
        note = self.notes[node.note_id]
        if self.target == OutputFormat.EPUB:
            return (f'<a{attrs(href=self.href(ids.note(note.id)), id=node.anchor, class_="noteref", epub_type="noteref", role="doc-noteref")}>'
                    f"{node.number}</a>")
        # WeasyPrint moves a `float: footnote` element to the foot of its page
        # and leaves a numbered call in its place.
        body = " ".join(self.inlines(b.inlines) for b in note.body)
        return f'<span{attrs(class_="footnote", id=ids.note(note.id))}>{body}</span>'

    def render_gloss_ref(self, node: GlossRef) -> str:
        inner = self.inlines(node.children)
        if self.target == OutputFormat.EPUB:
            return f'<a{attrs(class_="glossterm", href=self.href(node.term_id))}>{inner}</a>'
        return f'<span class="glossterm">{inner}</span>'

    def render_citation(self, node: Citation) -> str:
        # Each short reference leads to the full one in the Sources, when the
        # book has that section; a short reference that is a title is italic.
        parts = []
        for key, short in zip(node.keys, node.shorts or node.keys):
            source = self.sources.get(key)
            text = f"<cite>{esc(short)}</cite>" if source is not None and short == source.title else esc(short)
            if self.has_sources and source is not None:
                text = f'<a{attrs(class_="cite", href=self.href(ids.source(key)))}>{text}</a>'
            parts.append(text)
        return f'<span class="citation">({"; ".join(parts)})</span>'

    # -- blocks ----------------------------------------------------------------

    def blocks(self, nodes: Iterable[Block]) -> str:
        out = []
        for node in nodes:
            rule = self.block_rules.get(type(node))
            if rule is None:
                raise TypeError(f"no HTML rule for block node {type(node).__name__}")
            out.append(rule(node))
        return "\n".join(out)

    def render_paragraph(self, node: Paragraph) -> str:
        return f"<p{attrs(id=node.id)}>{self.inlines(node.inlines)}</p>"

    def render_heading(self, node: Heading) -> str:
        # Section titles are h1/h2 (see section_open); Markdown ## is the first level inside.
        level = min(node.level + 1, 6)
        return f"<h{level}{attrs(id=node.id)}>{self.inlines(node.inlines)}</h{level}>"


def section_open(section: Section) -> str:
    """A section's opening tag with its semantics, and its title as a heading."""
    epub_type, role = SECTION_SEMANTICS[section.kind]
    title_id = ids.section_title(section.id)
    head = f'<h2{attrs(id=title_id, class_="section-title")}>{esc(section.title)}</h2>'
    return (f"<section{attrs(id=section.id, class_=section.kind.value, epub_type=epub_type, role=role or None, aria_labelledby=title_id)}>"
            f"\n{head}")


def render_text_section(w: Writer, section: Section) -> str:
    """The introduction or a chapter: its title and its blocks."""
    return section_open(section) + "\n" + w.blocks(section.blocks) + "\n</section>"


def document(title: str, language: str, body: str, stylesheets: Iterable[str], *, body_class: str | None = None,
             extra_head: str = "") -> str:
    """A complete XHTML5 document (polyglot: valid as XML for the EPUB, read by WeasyPrint as HTML)."""
    links = "".join(f'<link rel="stylesheet" type="text/css"{attrs(href=href)}/>' for href in stylesheets)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}"{attrs(lang=language, xml_lang=language)}>\n'
        f"<head>\n<meta charset=\"utf-8\"/>\n<title>{esc(title)}</title>\n{links}{extra_head}\n</head>\n"
        f"<body{attrs(class_=body_class)}>\n{body}\n</body>\n</html>\n"
    )


def anchors_of(section: Section, notes: tuple[Note, ...]) -> Iterable[str]:
    """Every element id a section's rendering carries (for cross-document links)."""
    yield section.id
    yield ids.section_title(section.id)
    for block in section.blocks:
        yield block.id
        for node in walk(block.inlines):
            if isinstance(node, (NameRef, Emended, NoteRef)):
                yield node.anchor
