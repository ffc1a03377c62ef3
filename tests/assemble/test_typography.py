"""Typography: every rule against the fixture table, and idempotence on the seed and on random text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import BOOK, SEEDS
from samizdat.model import Emended, NoteRef, Text
from samizdat.assemble.typography import RULES, typeset, typeset_inlines

FIXTURES = Path(__file__).parent / "fixtures" / "typography.txt"
VISIBLE = {"{WJ}": "\u2060", "{HAIR}": "\u200a", "{NBSP}": "\u00a0"}


def read_fixture_file(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, title, input, expected) for each case: title, '.', input, '.', expected, '.'."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title"
        parts, chunk, j = [], [], i + 2
        while len(parts) < 2:
            if lines[j] == ".":
                parts.append("\n".join(chunk))
                chunk = []
            else:
                chunk.append(lines[j])
            j += 1
        expected = parts[1]
        for mark, char in VISIBLE.items():
            expected = expected.replace(mark, char)
        cases.append((start, title, parts[0], expected))
        i = j
    return cases


CASES = read_fixture_file(FIXTURES)


@pytest.mark.parametrize("line,title,source,expected", CASES, ids=[f"line{c[0]}-{c[1]}" for c in CASES])
def test_fixture_case(line, title, source, expected):
    rule_name = title.split(":", 1)[0]
    assert rule_name in RULES, f"typography.txt:{line}: unknown rule {rule_name!r}"
    assert typeset(source) == expected, f"typography.txt:{line}: {title}"
    if source != expected:
        # The named rule must do part of the work, given the rules before it.
        names = list(RULES)
        before = typeset(source, tuple(names[:names.index(rule_name)]))
        assert RULES[rule_name](before) != before, f"typography.txt:{line}: rule {rule_name} does not touch this case"


def test_every_rule_has_fixture_cases():
    covered = {title.split(":", 1)[0] for _, title, source, expected in CASES if source != expected}
    assert covered == set(RULES)


def test_an_unknown_rule_name_is_an_error():
    with pytest.raises(KeyError, match="unknown typography rule 'smart-quotes'"):
        typeset("x", ("smart-quotes",))


def seed_paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    out += [p for p in re.split(r"\n\s*\n", (BOOK / "introduction.md").read_text(encoding="utf-8")) if p.strip()]
    return out


def test_typography_is_idempotent_on_the_seed():
    for paragraph in seed_paragraphs():
        once = typeset(paragraph)
        assert typeset(once) == once
        for name, fn in RULES.items():
            assert fn(fn(paragraph)) == fn(paragraph), name


def test_the_seed_keeps_its_words():
    """Typography changes only marks and spaces, never a letter or digit."""
    for paragraph in seed_paragraphs():
        assert re.findall(r"\w+", typeset(paragraph)) == re.findall(r"\w+", paragraph)


TYPOGRAPHIC_TEXT = st.lists(
    st.sampled_from(list("ab 1290.-–—'\"‘’“”,;:?!()\t\n\u00a0\u2060\u200a…") + ["Mr.", "July", " km", "...", "--", "'30s"]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TYPOGRAPHIC_TEXT)
@example("—\t...")  # the dash rule once exposed an ellipsis to the hair-space rule on a second run
@example("\u2060\t—")  # a stray word joiner before a spaced dash
@example("1-1--")  # a range beside a double hyphen
@example("’‘11")  # a left quote after a hair space is not an elision
@example("Dr.. \u00a0.")  # full stops spaced by more than one space
def test_typography_is_idempotent_on_random_text(text):
    once = typeset(text)
    assert typeset(once) == once


@settings(max_examples=200, deadline=None)
@given(TYPOGRAPHIC_TEXT, st.sampled_from(sorted(RULES)))
def test_each_rule_is_idempotent_on_random_text(text, name):
    once = RULES[name](text)
    assert RULES[name](once) == once


def test_a_quote_spanning_runs_is_paired_across_an_emendation():
    runs = (Text('He wrote "'), Emended("e", "secrets", (Text("secret"),), "em-e"), Text('" -- and left.'),
            NoteRef("n", 1, "nr-n"))
    out = typeset_inlines(runs)
    assert out[0] == Text("He wrote “")
    assert out[1].children == (Text("secret"),)
    assert out[2] == Text("”\u2060—and left.")
    assert out[3] == runs[3]


def test_runs_keep_their_text_when_nothing_changes():
    runs = (Text("plain "), Emended("e", "x", (Text("words"),), "em-e"))
    assert typeset_inlines(runs) is runs


@settings(max_examples=200, deadline=None)
@given(st.lists(TYPOGRAPHIC_TEXT, min_size=1, max_size=4))
def test_typesetting_runs_equals_typesetting_their_text(pieces):
    runs = tuple(Text(p) for p in pieces)
    out = typeset_inlines(runs)
    assert "".join(n.text for n in out) == typeset("".join(pieces))


def test_a_citation_is_something_the_rules_see():
    """Before a citation a space stays, even when a comma follows the citation."""
    from samizdat.model import Citation

    runs = (Text("in 1926 "), Citation(("CT",), ("Costello and Tsarev 1993",)), Text(", and 'so'"))
    out = typeset_inlines(runs)
    assert out == (Text("in 1926 "), runs[1], Text(", and ‘so’"))


def test_every_citation_in_the_book_keeps_its_space_before_it(manuscript):
    from samizdat.model import Citation

    def check(inlines):
        for before, node in zip(inlines, inlines[1:]):
            if isinstance(node, Citation) and isinstance(before, Text):
                assert before.text[-1:].isspace(), f"no space before citation {node.keys}: {before.text[-30:]!r}"
            if hasattr(node, "children"):
                check(node.children)

    blocks = [b for s in manuscript.sections for b in s.blocks] + [b for n in manuscript.notes for b in n.body]
    for block in blocks:
        check(block.inlines)
