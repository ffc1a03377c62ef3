"""Temporary copies of the real book, to change one thing and build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BOOK, ROOT, SEEDS


def copy_book(tmp_path: Path) -> Path:
    """tmp/book, tmp/seeds and tmp/styles, laid out as in the repository; returns tmp/book."""
    shutil.copytree(BOOK, tmp_path / "book")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    return tmp_path / "book"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
