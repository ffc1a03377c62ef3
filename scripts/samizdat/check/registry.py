"""The table of checks: `@check(name, what)` registers a function of the built files and their model.

`run_checks` runs them in order and returns one `CheckResult` each. A
check that cannot run where it should (no Java for EPUBCheck) fails rather
than passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Callable

from ..model import Manuscript



class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"


PASS, FAIL, SKIP = Status.PASS, Status.FAIL, Status.SKIP


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    summary: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outputs:
    """What the checks look at: the files built and the model they were built from (never a second load)."""

    manuscript: Manuscript
    pdf: Path
    epub: Path


@dataclass(frozen=True)
class Check:
    name: str
    what: str
    fn: Callable[[Outputs], CheckResult]


CHECKS: dict[str, Check] = {}


def check(name: str, what: str):
    def register(fn: Callable[[Outputs], tuple[str, str, list[str]]]):
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")

        def run(outputs: Outputs) -> CheckResult:
            status, summary, details = fn(outputs)
            return CheckResult(name, status, summary, tuple(details))
        CHECKS[name] = Check(name, what, run)
        return fn
    return register


def run_checks(outputs: Outputs, names: tuple[str, ...] | None = None) -> list[CheckResult]:
    return [CHECKS[name].fn(outputs) for name in (names or tuple(CHECKS))]


def check_names() -> tuple[str, ...]:
    return tuple(CHECKS)
