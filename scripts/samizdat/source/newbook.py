"""A new book directory: the packaged template, with samizdat's styles to adapt."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..data import STYLES_DIR, TEMPLATE_DIR
from ..errors import SamizdatError


def new_book(directory: str | Path) -> Path:
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SamizdatError(target, None, "already exists and is not an empty directory")
    try:
        shutil.copytree(TEMPLATE_DIR, target, dirs_exist_ok=True)
        shutil.copytree(STYLES_DIR, target / "styles", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    except OSError as exc:
        raise SamizdatError(target, None, f"cannot create: {exc.strerror or exc}") from None
    return target
