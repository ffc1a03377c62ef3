"""Bad input: `path:line: message`, exit status 2, no traceback, dist/ untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from booktools import copy_book, edit


def snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory, built):
    """A dist/ holding a good build, to prove a failed build leaves it alone."""
    dist = tmp_path_factory.mktemp("gooddist")
    for key in ("pdf", "epub"):
        (dist / built[key].name).write_bytes(built[key].read_bytes())
    return dist


def run_cli(book: Path, dist: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat.cli", "build", str(book), "-o", str(dist)],
                          capture_output=True, text=True, timeout=300)


CASES = {
    "malformed YAML": ("names.yaml", "persons:\n", "persons:\n  - id: [unclosed\n", "names.yaml:", "malformed YAML"),
    "unknown key": ("book.yaml", "publisher: samizdat", "publisher: samizdat\npublsher: x", "book.yaml:", "unknown key 'publsher'"),
    "missing seed": ("book.yaml", "instalment: 000_5bf8703fa81c4707.txt", "instalment: 001_missing.txt", "book.yaml:", "seed '001_missing.txt' not found"),
    "stale emendation": ("emendations.yaml", "In 1934, I was appointed", "In 1834, I was appointed", "emendations.yaml:", "not found"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_with_file_and_line(case, tmp_path, good_dist):
    file, old, new, where, message = CASES[case]
    book = copy_book(tmp_path)
    edit(book / file, old, new)
    before = snapshot(good_dist)
    proc = run_cli(book, good_dist)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    first = proc.stderr.strip().splitlines()[0]
    assert where in first and message in first, first
    # file:line: the line number is a number and points into the file
    prefix = first.split(where, 1)[1].split(":", 1)[0]
    assert prefix.isdigit() and 1 <= int(prefix) <= len((book / file).read_text().splitlines()) + 1, first
    assert snapshot(good_dist) == before


def test_unknown_key_suggests_the_right_one(tmp_path):
    from samizdat.errors import SamizdatError
    from samizdat.load import load_book

    book = copy_book(tmp_path)
    edit(book / "names.yaml", "    forms:", "    form:")
    with pytest.raises(SamizdatError) as err:
        load_book(book)
    assert "did you mean 'forms'?" in str(err.value)


def test_help_and_version():
    proc = subprocess.run([sys.executable, "-m", "samizdat.cli", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "build" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "samizdat.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("samizdat ")
