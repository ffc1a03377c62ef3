"""Markdown (introduction, notes) -> model blocks, via markdown-it-py tokens."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .errors import SamizdatError
from .model import Block, Emphasis, Heading, Inline, Link, Paragraph, SourceLoc, Strong, Text

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
                blocks.append(Heading(heading_level, f"{id_prefix}-h{n}", inlines, SourceLoc(path, line)))
            else:
                blocks.append(Paragraph(f"{id_prefix}-{n}", inlines, SourceLoc(path, line)))
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
    return _merge_text(tuple(stack[0][1]))


def _merge_text(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)
