"""The one inline walker and the one id scheme."""

from __future__ import annotations


def test_map_nodes_rewrites_leaves_at_any_depth_and_keeps_skipped_containers():
    from samizdat.model import Emphasis, Foreign, NoteRef, Text
    from samizdat.model.walk import map_nodes, plain_text, walk

    inlines = (Text("a"), Emphasis((Text("b"), Foreign("zh", (Text("c"),)))), NoteRef("n", 0, "nr-n"))
    upper = map_nodes(inlines, lambda n: (Text(n.text.upper()),) if isinstance(n, Text) else ())
    assert plain_text(upper) == "ABC"
    assert not any(isinstance(n, NoteRef) for n in walk(upper))  # a leaf mapped to nothing is gone
    kept = map_nodes(inlines, lambda n: (Text(n.text.upper()),) if isinstance(n, Text) else (n,), skip=(Foreign,))
    assert plain_text(kept) == "ABc"


def test_reading_order_puts_each_sections_notes_after_it():
    from samizdat.model import Manuscript, Matter, Note, Section, SectionKind, SourceLoc
    from samizdat.model.walk import reading_order

    loc = SourceLoc("notes.yaml", 1)
    notes = (Note("b", "s.txt", "x", None, "", (), loc, section_id="two"),
             Note("a", "s.txt", "x", None, "", (), loc, section_id="one"))
    sections = (Section("one", SectionKind.CHAPTER, "One"), Section("two", SectionKind.CHAPTER, "Two"),
                Section("index", SectionKind.INDEX, "Index", matter=Matter.BACK))
    m = Manuscript(metadata=None, sections=sections, names=(), notes=notes)
    order = [(s.id, n.id if n else None) for s, n, _ in reading_order(m)]
    assert order == [("one", None), ("one", "a"), ("two", None), ("two", "b"), ("index", None)]


def test_a_name_anchor_names_its_entry():
    from samizdat.model import ids

    for entry in ("slutsky", "united-states", "q-1"):
        anchor = ids.name_ref(entry, 12)
        assert anchor.startswith(ids.NAME_PREFIX) and ids.entry_of_name_ref(anchor) == entry
    assert ids.index_group("index-person", "É") is None and ids.index_group("index-person", "S") == "index-person-s"
