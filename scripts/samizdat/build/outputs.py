"""Writing the outputs: nothing until everything is built, each file replaced at once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import SamizdatError


def check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SamizdatError(out_dir, None, f"cannot create output directory: {exc.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise SamizdatError(out_dir, None, "output directory is not writable")


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
