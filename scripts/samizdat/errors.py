"""The one error type a user can cause, shown as `path:line: message`."""

from __future__ import annotations

from pathlib import Path


class SamizdatError(Exception):
    """Bad input or an unmet requirement; the CLI prints it and exits 2."""

    exit_code = 2

    def __init__(self, path: str | Path | None, line: int | None, message: str):
        super().__init__(message)
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class CheckFailed(SamizdatError):
    """The inputs were fine but a check of the output failed (exit 1)."""

    exit_code = 1
