"""Language tags: the document's language, foreign scripts marked, names with a language of their own."""

from __future__ import annotations

import pytest

from booktools import copy_book, edit
from samizdat.errors import SamizdatError
from samizdat.model.walk import walk
from samizdat.assemble.language import tag_foreign
from samizdat.model.scripts import split_scripts
from samizdat.model import Foreign, Text
from textutil import epub_documents

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_runs_of_chinese_and_russian_are_split_out():
    assert split_scripts("the title 《斯大林肃反秘史》 (1988), and Орлов, Александр here") == [
        ("the title ", None), ("《斯大林肃反秘史》", "zh"), (" (1988), and ", None), ("Орлов, Александр", "ru"), (" here", None),
    ]
    assert split_scripts("plain English, no marks") == [("plain English, no marks", None)]


def test_tag_foreign_wraps_only_the_foreign_run():
    assert tag_foreign("reads 一九三四 (1934)") == (Text("reads "), Foreign("zh", (Text("一九三四"),)), Text(" (1934)"))


def test_the_introduction_marks_its_chinese(manuscript):
    intro = next(s for s in manuscript.sections if s.kind == "introduction")
    foreign = [n for b in intro.blocks for n in walk(b.inlines) if isinstance(n, Foreign)]
    assert foreign and {n.lang for n in foreign} == {"zh"}
    assert any(n.children == (Text("肃反"),) for n in foreign)


def test_epub_marks_languages(built):
    docs = epub_documents(built["epub"])
    for name, doc in docs.items():
        assert doc.get("lang") == "en" and doc.get(XML_LANG) == "en", name
        for el in doc.iter():
            if any("\u4e00" <= c <= "\u9fff" for c in (el.text or "")):
                assert el.get("lang") == "zh" == el.get(XML_LANG), f"{name}: {el.text!r} not marked as Chinese"
    chapter = next(doc for name, doc in docs.items() if name.endswith("chapter-1.xhtml"))
    guardia = [el for el in chapter.iter(XHTML + "span") if el.text == "Guardia Civil"]
    assert guardia and all(el.get("lang") == "es" == el.get(XML_LANG) for el in guardia)


def test_a_bad_language_tag_on_a_name_is_an_error_at_its_line(tmp_path):
    from samizdat.source.registry import load_names

    book = copy_book(tmp_path)
    edit(book / "names.yaml", "    lang: es\n", "    lang: Spanish language\n")
    with pytest.raises(SamizdatError) as info:
        load_names(book / "names.yaml")
    lines = (book / "names.yaml").read_text(encoding="utf-8").splitlines()
    assert info.value.line == lines.index("    lang: Spanish language") + 1
    assert "language tag" in str(info.value)
