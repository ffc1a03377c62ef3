"""samizdat check: build, then EPUBCheck, the fidelity audit, the index and PDF preflight."""

from __future__ import annotations

import argparse
import tempfile

from ..errors import ExitCode
from .console import Console

HELP = "build into a temporary directory and check the outputs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("--only", action="append", metavar="CHECK",
                        help="run only this check (repeatable): epubcheck, fidelity, index, preflight")
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
        result = build(args.book, tmp, progress=console.stage)
        outputs = Outputs(result.manuscript, result.outputs["pdf"], result.outputs["epub"])
        results = run_checks(outputs, tuple(args.only) if args.only else None)
    console.check_table(results)
    return ExitCode.CHECK_FAILED if any(r.status == "fail" for r in results) else ExitCode.DONE
