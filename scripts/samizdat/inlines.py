"""Walking and rewriting inline runs; shared by assemble and the renderers."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from .model import Citation, Emended, Emphasis, Foreign, GlossRef, Inline, Link, NameRef, NoteRef, Strong, Text

Container = Emphasis | Strong | Link | Foreign | Emended | GlossRef
CONTAINERS = (Emphasis, Strong, Link, Foreign, Emended, GlossRef)


def plain_text(inlines: Iterable[Inline]) -> str:
    """The words a reader sees (note markers excluded)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (NameRef, Citation)):
            out.append(node.text)
        elif isinstance(node, CONTAINERS):
            out.append(plain_text(node.children))
    return "".join(out)


def map_text(inlines: tuple[Inline, ...], fn: Callable[[str], tuple[Inline, ...]], *, skip: tuple[type, ...] = ()) -> tuple[Inline, ...]:
    """Replace every Text run (at any depth) with fn(text); containers in `skip` are left alone."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            out.extend(fn(node.text))
        elif isinstance(node, CONTAINERS) and not isinstance(node, skip):
            out.append(replace(node, children=map_text(node.children, fn, skip=skip)))
        else:
            out.append(node)
    return tuple(out)


def insert_at(inlines: tuple[Inline, ...], offset: int, new: Inline) -> tuple[tuple[Inline, ...], int]:
    """Insert `new` after `offset` characters of plain text; return (result, characters left)."""
    out: list[Inline] = []
    left = offset
    for node in inlines:
        if left < 0:
            out.append(node)
            continue
        if isinstance(node, Text):
            if left <= len(node.text):
                head, tail = node.text[:left], node.text[left:]
                out.extend(n for n in (Text(head), new, Text(tail)) if not (isinstance(n, Text) and not n.text))
                left = -1
                continue
            left -= len(node.text)
            out.append(node)
        elif isinstance(node, (NameRef, Citation)):
            left -= len(node.text)
            out.append(node)
            if left == 0:
                out.append(new)
                left = -1
        elif isinstance(node, CONTAINERS):
            size = len(plain_text(node.children))
            if left <= size and not (left == size and isinstance(node, Emended)):
                children, left = insert_at(node.children, left, new)
                out.append(replace(node, children=children))
            else:
                left -= size
                out.append(node)
                if left == 0:
                    out.append(new)
                    left = -1
        else:
            out.append(node)
    return tuple(out), left


def walk(inlines: Iterable[Inline]) -> Iterable[Inline]:
    """Every inline node, depth first, in reading order."""
    for node in inlines:
        yield node
        if isinstance(node, CONTAINERS):
            yield from walk(node.children)


__all__ = ["plain_text", "map_text", "insert_at", "walk", "NoteRef", "CONTAINERS"]
