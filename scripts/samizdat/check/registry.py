"""The table of checks: `@check(name, what)` registers a function of the built files and their model.

`run_checks` runs them in order and returns one `CheckResult` each (a
check of many rules, such as a printer's preflight, returns one row per
rule). A check that cannot run where it should (no Java for EPUBCheck)
fails rather than passes. A check may be only for print-on-demand builds,
or for all but them.
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
    pdf: Path  # a print-on-demand build's interior
    epub: Path
    cover: Path | None = None  # a print-on-demand build's full-wrap cover
    target: str = "screen"
    anchors: dict[str, int] | None = None  # the page map's: element id -> physical page

    @property
    def on_demand(self) -> bool:
        return self.cover is not None


@dataclass(frozen=True)
class Check:
    name: str
    what: str
    fn: Callable[[Outputs], list[CheckResult]]
    on_demand: bool | None  # True: only print-on-demand builds; False: all but them; None: every build

    def applies(self, outputs: Outputs) -> bool:
        return self.on_demand is None or self.on_demand == outputs.on_demand


CHECKS: dict[str, Check] = {}


def check(name: str, what: str, *, on_demand: bool | None = None):
    """Register fn(outputs) -> (status, summary, details), or a list of CheckResult rows."""
    def register(fn: Callable[[Outputs], tuple[str, str, list[str]] | list[CheckResult]]):
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")

        def run(outputs: Outputs) -> list[CheckResult]:
            found = fn(outputs)
            if isinstance(found, list):
                return found
            status, summary, details = found
            return [CheckResult(name, status, summary, tuple(details))]
        CHECKS[name] = Check(name, what, run, on_demand)
        return fn
    return register


def run_checks(outputs: Outputs, names: tuple[str, ...] | None = None) -> list[CheckResult]:
    results: list[CheckResult] = []
    for name in names or tuple(CHECKS):
        check = CHECKS[name]
        if check.applies(outputs):
            results += check.fn(outputs)
        elif names:
            results.append(CheckResult(name, SKIP, "not for this target" if outputs.on_demand
                                       else "only for a print-on-demand target (--target kdp or ingramspark)"))
    return results


def check_names() -> tuple[str, ...]:
    return tuple(CHECKS)
