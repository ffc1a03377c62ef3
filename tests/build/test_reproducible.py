"""Reproducible builds: the same inputs and date give the same bytes; the date comes from git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from booktools import copy_book
from conftest import BOOK, EPOCH, ROOT


def test_two_clean_builds_are_byte_identical(built, tmp_path):
    # Another process (another hash seed), another directory, another working directory.
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.run([sys.executable, "-m", "samizdat", "build", str(BOOK), "-o", str(tmp_path / "again"),
                           "--force"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for kind in ("pdf", "epub"):
        again = tmp_path / "again" / built[kind].name
        assert again.read_bytes() == built[kind].read_bytes(), f"the two {kind.upper()} files differ"


def test_the_date_is_in_the_files(built):
    from pypdf import PdfReader
    import zipfile

    assert PdfReader(built["pdf"]).metadata["/CreationDate"].startswith("D:20251124")
    opf = next(n for n in zipfile.ZipFile(built["epub"]).namelist() if n.endswith(".opf"))
    assert b"2025-11-24T16:00:00Z" in zipfile.ZipFile(built["epub"]).read(opf)


def git(cwd, *args, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org")
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_without_source_date_epoch_the_last_commit_touching_the_book_dates_the_build(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.fail("git is needed for dated builds")
    from samizdat.build.inputs import source_date_epoch

    book = copy_book(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "book")
    git(tmp_path, "commit", "-q", "-m", "book", date="@1600000000 +0000")
    git(tmp_path, "add", "seeds")
    git(tmp_path, "commit", "-q", "-m", "not the book", date="@1700000000 +0000")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch(book) == 1600000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    assert source_date_epoch(book) == 1234
