"""A new book directory: the packaged template, with samizdat's styles to adapt."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import SamizdatError

TEMPLATE = Path(__file__).resolve().parent / "template"


def new_book(directory: str | Path) -> Path:
    from .build import PACKAGE_STYLES

    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SamizdatError(target, None, "already exists and is not an empty directory")
    try:
        shutil.copytree(TEMPLATE, target, dirs_exist_ok=True)
        shutil.copytree(PACKAGE_STYLES, target / "styles", dirs_exist_ok=True)
    except OSError as exc:
        raise SamizdatError(target, None, f"cannot create: {exc.strerror or exc}") from None
    return target
