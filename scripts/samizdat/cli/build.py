"""samizdat build: EPUB and PDF from a book directory, with progress and a summary."""

from __future__ import annotations

import argparse

from ..errors import ExitCode
from .console import Console, add_build_arguments, formats_of

HELP = "build the EPUB and the PDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build_arguments(parser)
    parser.add_argument("--force", action="store_true", help="build even what is up to date")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> ExitCode:
    from ..build import build

    console = Console(quiet=args.quiet)
    result = build(args.book, args.output, formats=formats_of(args), target=args.target, paper=args.paper,
                   pdf_variant=args.pdf_variant, progress=console.stage, force=args.force)
    if result.nothing_to_do:
        if not args.quiet:
            print("nothing to do: " + " and ".join(str(p) for p in result.outputs.values())
                  + " are up to date (inputs unchanged; --force rebuilds)")
        return ExitCode.DONE
    console.summary(result)
    return console.refusals(result)
