"""Lint: one fixture per code (tests/lint/<code>/), the real book lints clean, the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BOOK, make_small_book

FIXTURES = Path(__file__).parent / "fixtures"
CODES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def fixture_book(code: str, tmp_path: Path) -> Path:
    files = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURES / code).iterdir() if p.suffix == ".yaml"}
    return make_small_book(tmp_path / "book", (FIXTURES / code / "seed.txt").read_text(encoding="utf-8"), files)


def short(findings) -> str:
    """Findings as lint prints them, with each path cut to its file name."""
    return "".join(str(f.__class__(f.code, f.severity, f.message, Path(f.path).name, f.line)) + "\n" for f in findings)


def test_every_code_has_a_fixture():
    from samizdat.lint import rule_table

    assert [r.code for r in rule_table()] == CODES


@pytest.mark.parametrize("code", CODES)
def test_fixture(code, tmp_path, request):
    from samizdat.lint import lint_book

    output = short(lint_book(fixture_book(code, tmp_path)))
    golden = FIXTURES / code / "golden.txt"
    if request.config.getoption("--save-golden-files"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert f" {code} [" in output, f"the fixture for {code} does not trigger it"


def test_real_book_lints_clean():
    """Every finding on the edition is fixed or silenced with a reason in book/lint-ignore.yaml."""
    from samizdat.lint import lint_book

    assert lint_book(BOOK) == []


def test_the_emended_text_is_linted(tmp_path):
    """The seed's repeated sentence is reported until an emendation corrects it."""
    from samizdat.lint import lint_book

    book = fixture_book("t-002", tmp_path)
    assert [f.code for f in lint_book(book)] == ["t-002"]
    (book / "emendations.yaml").write_text(
        '- id: e-executed\n  seed: seed.txt\n  original: "she could be executed. She could be executed,"\n'
        '  reading: "she could be executed,"\n  reason: repeated\n  confidence: high\n  source: []\n', encoding="utf-8")
    assert lint_book(book) == []


def test_suppression_needs_a_reason_and_a_known_code(tmp_path):
    from samizdat.errors import SamizdatError
    from samizdat.lint import lint_book

    book = fixture_book("t-001", tmp_path)
    (book / "lint-ignore.yaml").write_text("- code: t-001\n  file: seed.txt\n  reason: ''\n", encoding="utf-8")
    with pytest.raises(SamizdatError, match="needs a reason"):
        lint_book(book)
    (book / "lint-ignore.yaml").write_text("- code: t-01\n  file: seed.txt\n  reason: kept\n", encoding="utf-8")
    with pytest.raises(SamizdatError, match="did you mean 't-001'"):
        lint_book(book)
    (book / "lint-ignore.yaml").write_text("- code: t-001\n  file: seed.txt\n  line: 3\n  reason: kept as received\n", encoding="utf-8")
    assert lint_book(book) == []


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", *args], capture_output=True, text=True, timeout=120)


def test_cli_json_contract(tmp_path):
    book = fixture_book("n-001", tmp_path)
    proc = cli("lint", str(book), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data and all(set(d) == {"code", "severity", "message", "path", "line"} for d in data)
    names = [d["message"] for d in data if d["code"] == "n-001"]
    assert any("'Moscow'" in m for m in names) and not any("Anna" in m for m in names)


def test_cli_list_and_clean_exit():
    proc = cli("lint", "--list")
    assert proc.returncode == 0
    assert [line.split()[0] for line in proc.stdout.splitlines()] == CODES
    proc = cli("lint", str(BOOK))
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr
