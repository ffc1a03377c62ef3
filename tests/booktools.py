"""Temporary copies of the real book, to change one thing and build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BOOK, SEEDS


def copy_book(tmp_path: Path) -> Path:
    """tmp/book and tmp/seeds, laid out as in the repository; returns tmp/book."""
    shutil.copytree(BOOK, tmp_path / "book")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path / "book"


def own_styles(book: Path) -> Path:
    """Give a book its own copy of samizdat's styles (a book's styles/ comes first); returns it."""
    from samizdat.data import STYLES_DIR

    shutil.copytree(STYLES_DIR, book / "styles", ignore=shutil.ignore_patterns("__pycache__"))
    return book / "styles"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
