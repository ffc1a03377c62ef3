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

import difflib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import SamizdatError
from .load import BookInput, load_book
from .yamlfile import Fields, as_list, read_yaml

SEVERITIES = ("error", "warning")
IGNORE_FILE = "lint-ignore.yaml"


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
    severity: str
    message: str
    kind: str  # "text" | "book" | "meta" (run by lint itself)
    fn: Callable
    doc: str

    def finding(self, path: str, line: int | None, detail: str = "") -> Finding:
        message = f"{self.message}: {detail}" if detail else self.message
        return Finding(self.code, self.severity, message, path, line)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, message: str, *, kind: str = "text") -> Callable[[Callable], Callable]:
    """Register a rule under a code that is never reused."""
    if severity not in SEVERITIES:
        raise ValueError(f"lint rule {code}: unknown severity {severity!r}")

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


# --- gathering the text ---------------------------------------------------------


def gather(book: BookInput) -> tuple[tuple[TextUnit, ...], frozenset[str]]:
    """Every paragraph as printed; emendations whose original is gone are left out (and reported)."""
    from .assemble import seed_paragraphs
    from .markdown import parse_blocks
    from .model import Paragraph

    stale = {em.id for em in book.emendations if not _emendation_found(book, em)}
    usable = tuple(em for em in book.emendations if em.id not in stale)
    units: list[TextUnit] = []
    instalment = 0
    by_file: dict[str, list[TextUnit]] = {}
    for item in book.contents:
        if item.kind == "instalment":
            instalment += 1
            try:
                _, paragraphs = seed_paragraphs(book.texts[item.path], item.path, instalment, usable)
            except SamizdatError:
                # Overlapping or ambiguous emendations: lint the text as received.
                _, paragraphs = seed_paragraphs(book.texts[item.path], item.path, instalment, ())
            found = [_unit(p, True) for p in paragraphs]
        elif item.kind == "introduction":
            found = [_unit(b, False) for b in parse_blocks(book.texts[item.path], str(item.path), "p-intro")
                     if isinstance(b, Paragraph)]
        else:
            continue
        by_file[item.path.name] = found
        units += found
    for note in book.notes:
        for block in parse_blocks(note.text, note.loc.path, f"note-{note.id}", note.loc.line):
            if isinstance(block, Paragraph):
                units.append(_unit(block, False))
    for note in book.notes:
        if not any(note.phrase in u.text.replace("\n", " ") for u in by_file.get(note.file, ())):
            stale.add(note.id)
    return tuple(units), frozenset(stale)


def _unit(paragraph, authorial: bool) -> TextUnit:
    from .inlines import plain_text
    from .model import Emphasis

    spans: list[tuple[int, int]] = []
    offset = 0
    for node in paragraph.inlines:
        text = plain_text((node,))
        if isinstance(node, Emphasis):
            spans.append((offset, offset + len(text)))
        offset += len(text)
    return TextUnit(paragraph.loc.path, paragraph.loc.line, plain_text(paragraph.inlines), authorial, tuple(spans))


def _emendation_found(book: BookInput, em) -> bool:
    texts = [t for p, t in book.texts.items() if p.name == em.seed]
    return any(t.count(em.original) >= (em.occurrence or 1) for t in texts)


# --- running ----------------------------------------------------------------------


def run_rules(context: LintContext, codes: Iterable[str] | None = None) -> list[Finding]:
    from . import lint_rules  # noqa: F401  (registers the rules)

    findings: list[Finding] = []
    for code in codes or sorted(RULES):
        r = RULES[code]
        if r.kind == "meta":
            continue
        if r.kind == "text":
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


# --- suppressions -------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    code: str
    file: str
    line: int | None
    text: str | None
    reason: str
    source_line: int | None


def load_suppressions(book_dir: Path) -> tuple[Suppression, ...]:
    from . import lint_rules  # noqa: F401

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


# --- output -------------------------------------------------------------------------


def format_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
    return "\n".join(str(f) for f in findings)


def rule_table() -> Iterator[Rule]:
    from . import lint_rules  # noqa: F401

    yield from (RULES[code] for code in sorted(RULES))
