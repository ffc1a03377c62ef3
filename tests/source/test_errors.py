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


def run_cli(book: Path, dist: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", *extra, "build", str(book), "-o", str(dist)],
                          capture_output=True, text=True, timeout=300)


SEED = "000_5bf8703fa81c4707.txt"

# name: (file to change, old text, new text, file named in the message, message)
CASES = {
    "malformed YAML": ("names.yaml", "persons:\n", "persons:\n  - id: [unclosed\n", "names.yaml:", "malformed YAML"),
    "unknown key": ("book.yaml", "publisher: samizdat", "publisher: samizdat\npublsher: x", "book.yaml:", "unknown key 'publsher' in book.yaml (did you mean 'publisher'?)"),
    "missing required key": ("book.yaml", "language: en\n", "", "book.yaml:", "missing required key 'language'"),
    "missing seed": ("book.yaml", "instalment: 000_5bf8703fa81c4707.txt", "instalment: 001_missing.txt", "book.yaml:", "seed '001_missing.txt' not found"),
    "duplicate id": ("names.yaml", "id: lenin", "id: stalin", "names.yaml:", "duplicate id 'stalin'"),
    "stale emendation": ("emendations.yaml", "In 1934, I was appointed", "In 1834, I was appointed", "emendations.yaml:", "not found"),
    "stale note": ("notes.yaml", 'phrase: "State Supervisory Commission"', 'phrase: "State Supervisory Committee"', "notes.yaml:", "phrase not found"),
    "form claimed twice": ("names.yaml", 'forms: ["Lenin’s"]', 'forms: ["Lenin’s", "Stalin"]', "names.yaml:", "form 'Stalin' is claimed by 'stalin' and 'lenin'"),
    "path escapes the book": ("book.yaml", "introduction: introduction.md", "introduction: ../../../etc/passwd", "book.yaml:", "escapes the book directory"),
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


def seed_not_utf8(book: Path) -> tuple[Path, str]:
    seed = book.parent / "seeds" / SEED
    data = seed.read_bytes()
    offset = data.index("Transcaucasia".encode())
    seed.write_bytes(data[:offset] + b"\xff" + data[offset:])
    line = data.count(b"\n", 0, offset) + 1
    return seed, f"{seed}:{line}: not UTF-8: byte 0xff at offset {offset}"


def seed_empty(book: Path) -> tuple[Path, str]:
    seed = book.parent / "seeds" / SEED
    seed.write_text("  \n\n", encoding="utf-8")
    return seed, f"{seed}: empty file"


def seed_control_character(book: Path) -> tuple[Path, str]:
    seed = book.parent / "seeds" / SEED
    data = seed.read_bytes()
    offset = data.index("Transcaucasia".encode())
    seed.write_bytes(data[:offset] + b"\x0c" + data[offset:])
    line = data.count(b"\n", 0, offset) + 1
    return seed, f"{seed}:{line}: control character U+000C at byte offset {offset} cannot be printed"


FILE_CASES = {"seed not UTF-8": seed_not_utf8, "empty seed": seed_empty, "control character": seed_control_character}


@pytest.mark.parametrize("case", FILE_CASES)
def test_bad_seed_is_reported(case, tmp_path, good_dist):
    book = copy_book(tmp_path)
    _, expected = FILE_CASES[case](book)
    before = snapshot(good_dist)
    proc = run_cli(book, good_dist)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[0] == expected
    assert snapshot(good_dist) == before


def test_unwritable_output_directory(tmp_path):
    """Running as root defeats permission bits, so the directory is made impossible instead."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    book = copy_book(tmp_path)
    proc = run_cli(book, blocker / "dist")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"{blocker / 'dist'}: cannot create output directory"), proc.stderr
    assert blocker.read_text() == "not a directory"


def test_debug_shows_the_traceback(tmp_path, good_dist):
    book = copy_book(tmp_path)
    edit(book / "book.yaml", "language: en\n", "")
    proc = run_cli(book, good_dist, "--debug")
    assert proc.returncode != 0 and "Traceback" in proc.stderr and "missing required key 'language'" in proc.stderr


def test_unknown_key_suggests_the_right_one(tmp_path):
    from samizdat.errors import SamizdatError
    from samizdat.source import load_book

    book = copy_book(tmp_path)
    edit(book / "names.yaml", "    forms:", "    form:")
    with pytest.raises(SamizdatError) as err:
        load_book(book)
    assert "did you mean 'forms'?" in str(err.value)


def test_help_and_version():
    proc = subprocess.run([sys.executable, "-m", "samizdat", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "build" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "samizdat", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("samizdat ")
