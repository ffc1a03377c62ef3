"""The one walker over inline nodes, and the reading order of the manuscript's text.

Every pass that reads or rewrites the text goes through these: `walk`
visits, `map_nodes` rebuilds, `plain_text` is what the reader sees, and
`reading_order` yields each section's blocks followed by the notes called
from it, so that numbering by occurrence follows the reader everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .nodes import Block, Citation, Emended, Emphasis, Foreign, GlossRef, Inline, Link, NameRef, Strong, Text

if TYPE_CHECKING:
    from .book import Manuscript, Note, Section

Container = Emphasis | Strong | Link | Foreign | Emended | GlossRef
CONTAINERS = (Emphasis, Strong, Link, Foreign, Emended, GlossRef)


def walk(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Every inline node, depth first, in reading order (a container before its children)."""
    for node in inlines:
        yield node
        if isinstance(node, CONTAINERS):
            yield from walk(node.children)


def map_nodes(inlines: tuple[Inline, ...], fn: Callable[[Inline], tuple[Inline, ...]], *,
              skip: tuple[type, ...] = ()) -> tuple[Inline, ...]:
    """Each node that is not a container replaced by fn(node), at any depth.

    fn returns the nodes to stand in its place: none, the node itself, or
    several. Containers are rebuilt around their new children; containers
    of a type in `skip` are left as they are.
    """
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, CONTAINERS):
            out.append(node if isinstance(node, skip) else replace(node, children=map_nodes(node.children, fn, skip=skip)))
        else:
            out.extend(fn(node))
    return tuple(out)


def map_text(inlines: tuple[Inline, ...], fn: Callable[[str], tuple[Inline, ...]], *,
             skip: tuple[type, ...] = ()) -> tuple[Inline, ...]:
    """Every Text run (at any depth) replaced by fn(text); containers in `skip` are left alone."""
    return map_nodes(inlines, lambda node: fn(node.text) if isinstance(node, Text) else (node,), skip=skip)


def plain_text(inlines: Iterable[Inline]) -> str:
    """The words a reader sees (note markers excluded)."""
    out: list[str] = []
    for node in walk(inlines):
        if isinstance(node, (Text, NameRef, Citation)):
            out.append(node.text)
    return "".join(out)


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


# --- the manuscript's text in reading order --------------------------------------


def reading_order(manuscript: Manuscript) -> Iterator[tuple[Section, Note | None, tuple[Block, ...]]]:
    """(section, note or None, blocks): each section's blocks, then the body of each note called from it."""
    for section in manuscript.sections:
        yield section, None, section.blocks
        for note in manuscript.notes_of(section.id):
            yield section, note, note.body


def name_occurrences(manuscript: Manuscript) -> dict[str, list[NameRef]]:
    """Every NameRef, by entry id, in reading order (sections, then their notes)."""
    found: dict[str, list[NameRef]] = {e.id: [] for e in manuscript.names}
    for _section, _note, blocks in reading_order(manuscript):
        for block in blocks:
            for node in walk(block.inlines):
                if isinstance(node, NameRef):
                    found[node.entry_id].append(node)
    return found
