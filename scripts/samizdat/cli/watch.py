"""samizdat watch: rebuild on change, one status line per build."""

from __future__ import annotations

import argparse

from ..errors import ExitCode
from .console import add_build_arguments, formats_of

HELP = "rebuild whenever the book, its seeds or its styles change"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build_arguments(parser)


def run(args: argparse.Namespace) -> ExitCode:
    from ..build.watch import watch

    watch(args.book, args.output, formats=formats_of(args), target=args.target, paper=args.paper, pdf_variant=args.pdf_variant,
          report=lambda line: print(line, flush=True))
    return ExitCode.DONE
