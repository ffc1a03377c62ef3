"""Which files a book may read.

A book directory is untrusted input (samizdat runs in CI on pull requests
from anyone): a path it names may not lead outside it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SamizdatError


def inside(book_dir: Path, path_text: str, path: Path, line: int | None) -> Path:
    """Resolve a path named in book.yaml; it may not leave the book directory."""
    target = (book_dir / path_text).resolve()
    if not target.is_relative_to(book_dir.resolve()):
        raise SamizdatError(path, line, f"path '{path_text}' escapes the book directory")
    return target
