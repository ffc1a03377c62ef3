"""The registry of lint rules: codes, severities and messages, and what rules see and yield.

Each rule is registered once with `@rule(code, severity, message)`; that
registry is the single source of codes and texts (`samizdat lint --list`).
A code is never reused. Rules are pure functions of what they are given:

- text rules see one `TextUnit` (a paragraph with its file and first line)
  and yield `Hit(offset, detail)`;
- book rules see the whole `LintContext` and yield finished `Finding`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Callable

from ..source import BookInput


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class RuleKind(StrEnum):
    TEXT = "text"  # sees one TextUnit, yields Hits
    BOOK = "book"  # sees the LintContext, yields Findings
    META = "meta"  # about lint itself: reported by lint after every other rule


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    message: str
    path: str
    line: int | None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.code} [{self.severity}] {self.message}"


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One paragraph of printed text and where it stands in its source file."""

    path: str
    line: int
    text: str
    authorial: bool  # the author's words (seeds), not the editor's
    titles: tuple[tuple[int, int], ...] = ()  # spans set in italics: titles of works, foreign words

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True, slots=True)
class Hit:
    offset: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    message: str
    kind: RuleKind
    fn: Callable
    doc: str

    def finding(self, path: str, line: int | None, detail: str = "") -> Finding:
        message = f"{self.message}: {detail}" if detail else self.message
        return Finding(self.code, self.severity, message, path, line)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, message: str, *, kind: str = RuleKind.TEXT) -> Callable[[Callable], Callable]:
    """Register a rule under a code that is never reused."""
    try:
        severity, kind = Severity(severity), RuleKind(kind)
    except ValueError as exc:
        raise ValueError(f"lint rule {code}: {exc}") from None

    def register(fn: Callable) -> Callable:
        if code in RULES:
            raise ValueError(f"lint code {code} registered twice")
        RULES[code] = Rule(code, severity, message, kind, fn, (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "")
        return fn
    return register


@dataclass(frozen=True)
class LintContext:
    book: BookInput
    units: tuple[TextUnit, ...]
    stale: frozenset[str]  # ids of emendations and notes whose anchor is gone
