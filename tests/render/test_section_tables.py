"""Each output renders sections through a table keyed by section kind; a kind with no entry stops the build."""

from __future__ import annotations

import pytest

from conftest import BOOK


def tables():
    from samizdat.render.epub.builder import SECTION_RENDERERS as EPUB
    from samizdat.render.pdf.builder import SECTION_RENDERERS as PDF

    return {"pdf": PDF, "epub": EPUB}


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_every_section_kind_has_an_entry(fmt):
    from samizdat.model import SectionKind

    assert set(tables()[fmt]) == set(SectionKind)


def test_print_leaves_out_only_the_endnotes_and_the_epub_only_the_nav_it_writes_itself():
    from samizdat.model import SectionKind

    assert [k for k, v in tables()["pdf"].items() if v is None] == [SectionKind.NOTES]
    assert [k for k, v in tables()["epub"].items() if v is None] == [SectionKind.CONTENTS]


def test_a_kind_no_renderer_knows_is_an_error_at_its_line_before_any_layout(monkeypatch, tmp_path):
    from samizdat.build import build
    from samizdat.errors import SamizdatError
    from samizdat.model import SectionKind

    table = dict(tables()["epub"])
    del table[SectionKind.GLOSSARY]
    monkeypatch.setattr("samizdat.render.epub.builder.SECTION_RENDERERS", table)
    with pytest.raises(SamizdatError) as caught:
        build(BOOK, tmp_path / "dist")
    line = next(n for n, text in enumerate((BOOK / "book.yaml").read_text().splitlines(), 1) if text.strip() == "- glossary")
    assert caught.value.path.endswith("book.yaml") and caught.value.line == line
    assert "no EPUB renderer" in caught.value.message and "glossary" in caught.value.message
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_a_contents_word_that_is_no_kind_is_an_error_with_a_suggestion(tmp_path):
    from samizdat.errors import SamizdatError
    from samizdat.source import load_book

    from booktools import copy_book, edit

    book = copy_book(tmp_path)
    edit(book / "book.yaml", "  - glossary", "  - glosary")
    with pytest.raises(SamizdatError) as caught:
        load_book(book)
    assert "unknown contents entry 'glosary' (did you mean 'glossary'?)" in str(caught.value)


def test_chapter_and_instalment_name_the_same_kind(tmp_path):
    from samizdat.model import SectionKind
    from samizdat.source import load_book

    from booktools import copy_book, edit

    book = copy_book(tmp_path)
    before = [item.kind for item in load_book(book).contents]
    edit(book / "book.yaml", "  - instalment:", "  - chapter:")
    assert [item.kind for item in load_book(book).contents] == before
    assert SectionKind.CHAPTER in before
