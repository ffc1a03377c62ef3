"""A print-on-demand preflight of the interior and the cover, with pikepdf: no free PDF/X validator exists.

One walk over each file collects its facts (`facts`); each rule is a
function of the file, its facts and what it is checked against (`rules`,
`raster`). The printer's figures come from `model.printers`, the table the
renderer makes the files from. `samizdat check --target kdp|ingramspark`
shows one row per rule and file; any failure exits 1.
"""

from __future__ import annotations

from pathlib import Path

from ...model import Target
from ...model.printers import PRINTERS, cover_geometry
from ..registry import FAIL, PASS, CheckResult, Outputs, check
from . import raster  # noqa: F401  (registers the rules that look at pixels)
from .rules import COVER, INTERIOR, RULES, Spec

__all__ = ["COVER", "INTERIOR", "RULES", "Spec", "preflight", "specs_for"]


def preflight(path: Path, spec: Spec) -> list[tuple[str, list[str]]]:
    """(rule, problems) for every rule of this kind of file, in order; a rule that cannot run fails."""
    import pikepdf

    from .facts import collect

    with pikepdf.open(path) as pdf:
        facts = collect(pdf)
        rows = []
        for rule in RULES.values():
            if spec.kind not in rule.kinds:
                continue
            try:
                rows.append((rule.name, rule.fn(pdf, facts, spec)))
            except Exception as exc:  # said plainly, as a failure
                rows.append((rule.name, [f"could not check: {type(exc).__name__}: {exc}"]))
    return rows


def specs_for(outputs: Outputs, pages: int) -> tuple[Spec, Spec]:
    """What the interior and the cover are checked against, for an interior of `pages` pages."""
    m = outputs.manuscript.metadata
    rules = PRINTERS[Target(outputs.target)]
    trim = (m.trim.size.width, m.trim.size.height)
    geometry = cover_geometry(m.trim.size, rules, pages, m.print_options.paper, m.print_options.spine)
    return (Spec(rules, INTERIOR, trim, pages, geometry, outputs.pdf),
            Spec(rules, COVER, trim, pages, geometry, outputs.cover))


@check("printer", "the interior and the cover against the printer's rules, one row each", on_demand=True)
def printer_check(outputs: Outputs) -> list[CheckResult]:
    import pikepdf

    with pikepdf.open(outputs.pdf) as pdf:
        pages = len(pdf.pages)
    results = []
    for spec in specs_for(outputs, pages):
        for name, problems in preflight(spec.path, spec):
            what = RULES[name].what
            results.append(CheckResult(f"{spec.kind}/{name}", FAIL if problems else PASS,
                                       f"{len(problems)} problem(s)" if problems else what, tuple(problems)))
    return results
