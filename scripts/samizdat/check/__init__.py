"""Checks of built outputs: EPUBCheck, the fidelity audit, the index, the PDF preflight.

Each check is a function of the built files and the model they were built
from (`Outputs`); none loads the book again. `run_checks` runs them in the
order below, one `CheckResult` each.
"""

# Each module registers its check; the order of these imports is the order of the table.
from . import epubcheck, fidelity, index, preflight, printers  # noqa: F401
from .registry import CHECKS, FAIL, PASS, SKIP, CheckResult, Outputs, check, check_names, run_checks

__all__ = ["CHECKS", "FAIL", "PASS", "SKIP", "CheckResult", "Outputs", "check", "check_names", "run_checks"]
