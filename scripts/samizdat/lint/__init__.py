"""Lint a book: coded rules over the text as the edition prints it.

Each rule is registered once with `@rule(code, severity, message)`; that
registry is the single source of codes and texts (`samizdat lint --list`).
A code is never reused. Rules are pure functions of what they are given:

- text rules see one `TextUnit` (a paragraph with its file and first line)
  and yield `Hit(offset, detail)`;
- book rules see the whole `LintContext` and yield finished `Finding`s.

What is linted: the seeds *with the recorded emendations applied* (the text
as printed, so a fault the edition already corrects is not reported again),
the introduction and the notes. Typography is not applied first, so faults
it would hide (double spaces) are still seen in the source.

Suppressions live in the book, in `lint-ignore.yaml`; each names a code and
a place and must give a reason, and one that silences nothing is reported.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path
from typing import Iterable, Iterator

from ..source import load_book
# The rule families, one module each; importing them fills the registry.
from . import apparatus, meta, names, text  # noqa: F401
from .gather import gather
from .registry import RULES, Finding, LintContext, Rule, RuleKind
from .suppressions import apply_suppressions, load_suppressions


def run_rules(context: LintContext, codes: Iterable[str] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for code in codes or sorted(RULES):
        r = RULES[code]
        if r.kind == RuleKind.META:
            continue
        if r.kind == RuleKind.TEXT:
            for unit in context.units:
                for hit in r.fn(unit):
                    findings.append(r.finding(unit.path, unit.line_at(hit.offset), hit.detail))
        else:
            findings.extend(r.fn(context, r))
    return findings


def lint_book(book_dir: str | Path) -> list[Finding]:
    """Every finding after the book's suppressions, plus unused suppressions; sorted by place."""
    book_dir = Path(book_dir)
    book = load_book(book_dir)
    suppressions = load_suppressions(book_dir)
    units, stale = gather(book)
    findings = run_rules(LintContext(book, units, stale))
    kept = [replace(f, path=display_path(f.path)) for f in apply_suppressions(findings, suppressions, book_dir)]
    return sorted(kept, key=lambda f: (f.path, f.line or 0, f.code, f.message))


def display_path(path: str) -> str:
    """Relative to the working directory when below it, as a user would type it."""
    resolved = Path(path).resolve()
    return os.path.relpath(resolved) if resolved.is_relative_to(Path.cwd()) else str(resolved)


def format_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
    return "\n".join(str(f) for f in findings)


def rule_table() -> Iterator[Rule]:
    yield from (RULES[code] for code in sorted(RULES))
