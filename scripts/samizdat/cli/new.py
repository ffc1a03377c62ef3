"""samizdat new: a new book directory that builds as it stands."""

from __future__ import annotations

import argparse

from ..errors import ExitCode

HELP = "create a new book directory with an example seed"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", help="the directory to create (must not exist or be empty)")


def run(args: argparse.Namespace) -> ExitCode:
    from ..source.newbook import new_book

    made = new_book(args.directory)
    print(f"created {made}: build it with `samizdat build {made}`")
    return ExitCode.DONE
