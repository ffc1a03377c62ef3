"""The editor's notes: each called after its anchor phrase, numbered per section in reading order."""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import SamizdatError
from ..model import INDEXED_KINDS, Inline, Manuscript, NoteRef, Paragraph, ids
from ..model.walk import insert_at, map_nodes, plain_text


def attach_notes(m: Manuscript) -> Manuscript:
    """Put a NoteRef after each note's phrase; number notes per section in reading order."""
    # Notes anchor in the author's text and the introduction, by file name.
    by_file = {s.source: s.id for s in m.sections if s.kind in INDEXED_KINDS and s.source}
    blocks = {s.id: list(s.blocks) for s in m.sections}
    note_section: dict[str, str] = {}
    for note in m.notes:
        section_id = by_file.get(note.file)
        if section_id is None:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': '{note.file}' is not a seed or Markdown file of the book")
        hits = [(i, match.end()) for i, block in enumerate(blocks[section_id]) if isinstance(block, Paragraph)
                for match in re.finditer(re.escape(note.phrase), plain_text(block.inlines))]
        if not hits:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': phrase not found in {note.file}: {note.phrase!r}")
        if note.occurrence is None and len(hits) > 1:
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': phrase occurs {len(hits)} times in {note.file}; add 'occurrence'")
        if note.occurrence is not None and note.occurrence > len(hits):
            raise SamizdatError(note.loc.path, note.loc.line, f"note '{note.id}': occurrence {note.occurrence} asked, but the phrase occurs {len(hits)} time(s)")
        index, offset = hits[(note.occurrence or 1) - 1]
        block = blocks[section_id][index]
        inlines, _ = insert_at(block.inlines, offset, NoteRef(note.id, 0, ids.note_ref(note.id)))
        blocks[section_id][index] = replace(block, inlines=inlines)
        note_section[note.id] = section_id
    numbers: dict[str, int] = {}
    sections = []
    for section in m.sections:
        count = 0

        def number(node: Inline) -> tuple[Inline, ...]:
            nonlocal count
            if not isinstance(node, NoteRef):
                return (node,)
            count += 1
            numbers[node.note_id] = count
            return (replace(node, number=count),)

        new_blocks = tuple(replace(b, inlines=map_nodes(b.inlines, number)) for b in blocks[section.id])
        sections.append(replace(section, blocks=new_blocks))
    order = [s.id for s in m.sections]
    numbered = (replace(n, number=numbers[n.id], section_id=note_section[n.id]) for n in m.notes)
    notes = tuple(sorted(numbered, key=lambda n: (order.index(n.section_id), n.number)))
    return replace(m, sections=tuple(sections), notes=notes)
