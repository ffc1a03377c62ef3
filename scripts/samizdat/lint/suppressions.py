"""Suppressions: lint findings the edition accepts, in the book's lint-ignore.yaml, each with a reason."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SamizdatError
from ..source.yamlfile import Fields, as_list, read_yaml
from .registry import RULES, Finding

IGNORE_FILE = "lint-ignore.yaml"


@dataclass(frozen=True)
class Suppression:
    code: str
    file: str
    line: int | None
    text: str | None
    reason: str
    source_line: int | None


def load_suppressions(book_dir: Path) -> tuple[Suppression, ...]:
    path = book_dir / IGNORE_FILE
    if not path.exists():
        return ()
    out = []
    for raw in as_list(path, read_yaml(path), IGNORE_FILE):
        f = Fields(path, raw, "a suppression", ("code", "file", "reason"), ("line", "text"))
        code = f.str("code")
        if code not in RULES:
            hint = difflib.get_close_matches(code, list(RULES), n=1)
            raise SamizdatError(path, f.line_of("code"), f"unknown lint code '{code}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        reason = f.str("reason").strip()
        if not reason:
            raise SamizdatError(path, f.line_of("reason"), "a suppression needs a reason")
        out.append(Suppression(code, f.str("file"), f.int("line"), f.str("text") if "text" in raw else None, reason, f.line))
    return tuple(out)


def _matches(s: Suppression, finding: Finding, book_dir: Path) -> bool:
    if s.code != finding.code or (s.line is not None and s.line != finding.line):
        return False
    if s.text is not None and s.text not in finding.message:
        return False
    target = Path(finding.path)
    return target.name == s.file or target.resolve() == (book_dir / s.file).resolve()


def apply_suppressions(findings: list[Finding], suppressions: tuple[Suppression, ...], book_dir: Path) -> list[Finding]:
    used: set[int] = set()
    kept = []
    for finding in findings:
        hits = [i for i, s in enumerate(suppressions) if _matches(s, finding, book_dir)]
        used.update(hits)
        if not hits:
            kept.append(finding)
    unused = RULES["l-001"]
    path = str(book_dir / IGNORE_FILE)
    for i, s in enumerate(suppressions):
        if i not in used:
            kept.append(unused.finding(path, s.source_line, f"{s.code} in {s.file}" + (f" ({s.text!r})" if s.text else "")))
    return kept
