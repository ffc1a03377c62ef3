"""The fidelity audit: passes on the real book, fails when the text is altered on the way out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import BOOK
from samizdat.check.fidelity import audit_outputs, join_layout_lines, tokens


def rewrite_epub(source: Path, dest: Path, name_suffix: str, old: str, new: str) -> None:
    """A copy of the EPUB with one document's text changed (as a faulty renderer would)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(name_suffix):
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            out.writestr(info, data)


def test_layout_effects_are_normalised():
    joined = join_layout_lines("Trans\u2010\ncaucasia and counter-\nintelligence, soft\u00adly")
    assert [t.text for t in tokens(joined)] == ["Transcaucasia", "and", "counter", "-", "intelligence", ",", "softly"]
    assert [t.text for t in tokens("ﬁne\u00a0day\u2060—“\u200a‘yes’”")] == ["fine", "day", "—", "“", "‘", "yes", "’", "”"]


def test_the_real_book_is_faithful_in_both_outputs(built):
    assert audit_outputs(built["result"].manuscript, built["pdf"], built["epub"]) == []


def test_an_altered_word_in_the_epub_fails_the_audit(built, tmp_path):
    bad = tmp_path / "bad.epub"
    rewrite_epub(built["epub"], bad, "chapter-1.xhtml", "gallantry", "bravery")
    problems = audit_outputs(built["result"].manuscript, None, bad)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.output == "epub" and "chapter-1.xhtml" in problem.where
    assert "gallantry" in problem.expected and "bravery" in problem.found
    assert "gallantry" in str(problem) and "bravery" in str(problem)


def test_an_unapplied_emendation_fails_the_audit(built, tmp_path):
    bad = tmp_path / "bad.epub"
    rewrite_epub(built["epub"], bad, "chapter-1.xhtml", "In 1924, I was appointed", "In 1934, I was appointed")
    problems = audit_outputs(built["result"].manuscript, None, bad)
    assert [("1924" in p.expected, "1934" in p.found) for p in problems] == [(True, True)]


def test_a_dropped_word_fails_the_audit(built, tmp_path):
    bad = tmp_path / "bad.epub"
    rewrite_epub(built["epub"], bad, "chapter-1.xhtml", "This was true.", "This was.")
    problems = audit_outputs(built["result"].manuscript, None, bad)
    assert len(problems) == 1 and "true" in problems[0].expected


@pytest.fixture(scope="module")
def pdf_altered_in_rendering(tmp_path_factory):
    """The real book built with a renderer that changes one word in the PDF only."""
    from samizdat.render.html import writer as html
    from samizdat.build import build

    out = tmp_path_factory.mktemp("altered")
    original = html.Writer.render_text

    def render_text(self, node):
        text = original(self, node)
        return text.replace("grenades", "pistols") if self.target == "pdf" else text

    mp = pytest.MonkeyPatch()
    mp.setattr(html.Writer, "render_text", render_text)
    mp.setenv("SOURCE_DATE_EPOCH", "1764000000")
    try:
        result = build(BOOK, out)
    finally:
        mp.undo()
    return result


def test_a_word_altered_in_the_pdf_rendering_path_fails_the_audit(pdf_altered_in_rendering):
    result = pdf_altered_in_rendering
    problems = audit_outputs(result.manuscript, result.outputs["pdf"], result.outputs["epub"])
    assert [p.output for p in problems] == ["pdf"]
    assert "grenades" in problems[0].expected and "pistols" in problems[0].found
    assert problems[0].where.startswith("p. ")


@pytest.mark.slow
def test_check_command_fails_on_a_word_altered_in_rendering(monkeypatch, capsys):
    """`samizdat check --only fidelity` builds the book and runs this audit: a faulty renderer fails it."""
    from samizdat.render.html import writer as html
    from samizdat.cli import main

    original = html.Writer.render_text
    monkeypatch.setattr(html.Writer, "render_text", lambda self, node: original(self, node).replace("gallantry", "bravery"))
    assert main(["check", str(BOOK), "--only", "fidelity"]) == 1
    printed = capsys.readouterr().out
    assert "gallantry" in printed and "bravery" in printed
