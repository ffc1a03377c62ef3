"""Markdown (introduction, notes) -> model blocks, via markdown-it-py tokens."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import SamizdatError
from ..model import Block, Citation, Emphasis, Heading, Inline, Link, Paragraph, SourceLoc, Strong, Text, ids
from ..model.walk import map_text, walk

# A citation as in pandoc: `[@CT]`, `[@CT; @VO]`; keys are those of sources.yaml.
CITATION = re.compile(r"\[@([A-Za-z0-9_-]+)((?:;\s*@[A-Za-z0-9_-]+)*)\]")

# Plain CommonMark: no raw HTML, so a book's Markdown cannot inject markup.
_parser = MarkdownIt("commonmark", {"html": False, "typographer": False})


def parse_blocks(source: str, path: str, id_prefix: str, first_line: int = 1) -> tuple[Block, ...]:
    """Parse Markdown into paragraphs and headings with ids `<prefix>-<n>`."""
    blocks: list[Block] = []
    tokens = _parser.parse(source)
    heading_level = 0
    for i, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "inline":
            inlines = parse_inlines(token, path, line)
            n = len(blocks) + 1
            if heading_level:
                blocks.append(Heading(heading_level, ids.block(id_prefix, n, heading=True), inlines, SourceLoc(path, line)))
            else:
                blocks.append(Paragraph(ids.block(id_prefix, n), inlines, SourceLoc(path, line)))
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open", "fence", "code_block", "table_open", "hr"):
            raise SamizdatError(path, line, f"Markdown {token.type.removesuffix('_open').replace('_', ' ')} is not supported here; use paragraphs and ## headings")
    return tuple(blocks)


def parse_inlines(token: Token, path: str, line: int) -> tuple[Inline, ...]:
    stack: list[tuple[str, list[Inline], str]] = [("root", [], "")]
    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            stack[-1][1].append(Text(child.content))
        elif kind in ("softbreak", "hardbreak"):
            stack[-1][1].append(Text(" "))
        elif kind in ("em_open", "strong_open", "link_open"):
            stack.append((kind.removesuffix("_open"), [], str(child.attrs.get("href", ""))))
        elif kind in ("em_close", "strong_close", "link_close"):
            name, children, href = stack.pop()
            node: Inline = {"em": lambda: Emphasis(tuple(children)), "strong": lambda: Strong(tuple(children)),
                            "link": lambda: Link(href, tuple(children))}[name]()
            stack[-1][1].append(node)
        elif kind == "image":
            raise SamizdatError(path, line, "images are not supported in Markdown text")
        else:
            raise SamizdatError(path, line, f"unsupported Markdown inline '{kind}'")
    inlines = map_text(_merge_text(tuple(stack[0][1])), split_citations)
    if any(isinstance(n, Text) and "[@" in n.text for n in walk(inlines)):
        raise SamizdatError(path, line, "malformed citation: write [@KEY] or [@KEY; @KEY], with keys from sources.yaml")
    return inlines


def split_citations(text: str) -> tuple[Inline, ...]:
    """Text with `[@KEY; @KEY]` marks -> Text and Citation runs."""
    out: list[Inline] = []
    cursor = 0
    for match in CITATION.finditer(text):
        keys = (match.group(1),) + tuple(k.strip().lstrip("@") for k in match.group(2).split(";") if k.strip())
        out += [Text(text[cursor:match.start()]), Citation(keys)]
        cursor = match.end()
    out.append(Text(text[cursor:]))
    return tuple(n for n in out if not (isinstance(n, Text) and not n.text))


def _merge_text(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)
