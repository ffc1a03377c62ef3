"""The one error type a user can cause, shown as `path:line: message`, and the exit codes."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """What every command returns."""

    DONE = 0
    CHECK_FAILED = 1  # a check or lint found a problem, or a build refused a resource
    BAD_INPUT = 2     # bad input or usage: nothing was written
    INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


class SamizdatError(Exception):
    """Bad input or an unmet requirement; the CLI prints it and exits 2."""

    exit_code = ExitCode.BAD_INPUT

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

