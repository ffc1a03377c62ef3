"""The one scheme of element ids.

Every id an output carries is made here, from the model's own ids, so that
a link in one document and its target in another always agree, and a test
or a check can tell what an anchor is by its prefix. Ids are XML names:
the model's ids are letters, digits and hyphens (source validates them).
"""

from __future__ import annotations

# Prefixes, one per kind of target.
NAME_PREFIX = "n-"        # an occurrence of a registered name in the text
INDEX_PREFIX = "ix-"      # an entry of the index of names
NOTE_PREFIX = "note-"     # an editor's note (footnote in print, endnote in the EPUB)
NOTE_REF_PREFIX = "nr-"   # where a note is called from
EMENDED_PREFIX = "em-"    # words the edition prints for the received ones
APPARATUS_PREFIX = "app-"  # an emendation's entry in "A note on the text"
SOURCE_PREFIX = "src-"    # a full reference in the Sources
PAGE_PREFIX = "page-"     # a page-break marker in the EPUB


def chapter(number: int) -> str:
    return f"chapter-{number}"


def seed_paragraph(chapter_number: int, n: int) -> str:
    return f"p-{chapter_number}-{n}"


def block(prefix: str, n: int, *, heading: bool = False) -> str:
    """The n-th block parsed from Markdown under `prefix` (`p-intro`, `p-app`, a note's id)."""
    return f"{prefix}-h{n}" if heading else f"{prefix}-{n}"


def section_title(section_id: str) -> str:
    return f"{section_id}-title"


def name_ref(entry_id: str, n: int) -> str:
    """The n-th occurrence of an entry's forms, in reading order."""
    return f"{NAME_PREFIX}{entry_id}-{n}"


def entry_of_name_ref(anchor: str) -> str:
    """The entry id a name_ref() anchor belongs to."""
    return anchor.removeprefix(NAME_PREFIX).rsplit("-", 1)[0]


def index_entry(entry_id: str) -> str:
    return INDEX_PREFIX + entry_id


def index_part(kind: str) -> str:
    """The part of the index that lists one kind of name."""
    return f"index-{kind}"


def index_group(part: str, letter: str) -> str | None:
    """A letter group within a part; None for a letter that cannot stand in an id."""
    return f"{part}-{letter.lower()}" if letter.isascii() and letter.isalnum() else None


def note(note_id: str) -> str:
    return NOTE_PREFIX + note_id


def note_ref(note_id: str) -> str:
    return NOTE_REF_PREFIX + note_id


def note_body(note_id: str) -> str:
    """The prefix of the blocks of a note's text."""
    return NOTE_PREFIX + note_id


def emended(emendation_id: str) -> str:
    return EMENDED_PREFIX + emendation_id


def apparatus_entry(emendation_id: str) -> str:
    return APPARATUS_PREFIX + emendation_id


def source(key: str) -> str:
    return SOURCE_PREFIX + key.lower()


def page(label: str) -> str:
    return PAGE_PREFIX + label
