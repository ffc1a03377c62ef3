"""Assembly as an ordered list of named passes, each a function from Manuscript to Manuscript.

As markdown-it's core rules: the list can be read (`names`), cut short
(`until`) or thinned (`without`) by name, and a name it does not know is an
error. `map_blocks` runs a function over every list of blocks the same way,
the sections' and the notes', in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from ..model import Block, Manuscript, SectionKind


@dataclass(frozen=True)
class Pass:
    name: str
    fn: Callable[[Manuscript], Manuscript]

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip().splitlines()[0] if self.fn.__doc__ else ""


class Passes:
    """An ordered, named list of passes."""

    def __init__(self, passes: Iterable[Pass]):
        self._passes = tuple(passes)
        names = [p.name for p in self._passes]
        if len(set(names)) != len(names):
            raise ValueError(f"pass names repeat: {names}")

    def __iter__(self) -> Iterator[Pass]:
        return iter(self._passes)

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._passes)

    def _index(self, name: str) -> int:
        try:
            return self.names().index(name)
        except ValueError:
            raise KeyError(f"no assembly pass named '{name}' (passes: {', '.join(self.names())})") from None

    def until(self, name: str) -> Passes:
        """The passes before `name`."""
        return Passes(self._passes[:self._index(name)])

    def without(self, *names: str) -> Passes:
        drop = {self._passes[self._index(n)].name for n in names}
        return Passes(p for p in self._passes if p.name not in drop)

    def run(self, manuscript: Manuscript) -> Manuscript:
        for p in self._passes:
            manuscript = p.fn(manuscript)
        return manuscript


def map_blocks(manuscript: Manuscript, fn: Callable[[tuple[Block, ...]], tuple[Block, ...]], *,
               kinds: frozenset[SectionKind] | None = None, notes: bool = True) -> Manuscript:
    """fn over each section's blocks (of `kinds`, or all) and then over the notes called from it.

    In reading order, so a pass that numbers what it finds (the name
    tagger's anchors) numbers it as the reader meets it.
    """
    sections, bodies = [], {}
    for section in manuscript.sections:
        if kinds is not None and section.kind not in kinds:
            sections.append(section)
            continue
        sections.append(replace(section, blocks=fn(section.blocks)))
        if notes:
            for note in manuscript.notes_of(section.id):
                bodies[note.id] = fn(note.body)
    new_notes = tuple(replace(n, body=bodies[n.id]) if n.id in bodies else n for n in manuscript.notes)
    return replace(manuscript, sections=tuple(sections), notes=new_notes)
