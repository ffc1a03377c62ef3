"""samizdat check: build, then EPUBCheck, the fidelity audit, the index and PDF preflight.

With `--target kdp|ingramspark` the build makes the printer's interior and
cover, and the printer's preflight adds one row per rule and file.
"""

from __future__ import annotations

import argparse
import tempfile

from ..errors import ExitCode
from ..model import Paper, Target
from .console import Console

HELP = "build into a temporary directory and check the outputs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("--only", action="append", metavar="CHECK",
                        help="run only this check (repeatable): epubcheck, fidelity, index, preflight, printer")
    parser.add_argument("--target", choices=tuple(t.value for t in Target), default=Target.SCREEN.value,
                        help="the PDF to build and check; kdp and ingramspark add the printer's preflight (default: screen)")
    parser.add_argument("--paper", choices=tuple(p.value for p in Paper), default=None,
                        help="the interior's paper, which sets the cover's spine (default: book.yaml's)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures")


def run(args: argparse.Namespace) -> ExitCode:
    from ..build import build
    from ..check import Outputs, check_names, run_checks
    from ..errors import SamizdatError

    known = check_names()
    for name in args.only or ():
        if name not in known:
            raise SamizdatError(None, None, f"unknown check '{name}' (known: {', '.join(known)})")
    console = Console(quiet=args.quiet)
    with tempfile.TemporaryDirectory(prefix="samizdat-check-") as tmp:
        result = build(args.book, tmp, target=args.target, paper=args.paper, progress=console.stage)
        outputs = Outputs(result.manuscript, result.outputs["pdf"], result.outputs["epub"],
                          cover=result.outputs.get("cover"), target=args.target,
                          anchors=result.page_map.anchors if result.page_map else None)
        results = run_checks(outputs, tuple(args.only) if args.only else None)
    console.check_table(results)
    return ExitCode.CHECK_FAILED if any(r.status == "fail" for r in results) else ExitCode.DONE
