"""The command line: find the subcommand by name, run it, turn errors into exit codes.

Each subcommand lives in samizdat/cli/<name>.py and only parses its
arguments, calls the library and formats the result. User errors
(SamizdatError) are caught here, in one place: `path:line: message`, exit 2,
no traceback unless --debug.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .. import __version__
from ..errors import ExitCode, SamizdatError

# One module per subcommand: each defines HELP, add_arguments(parser) and run(args) -> ExitCode.
NAMES = ("build", "check", "lint", "watch", "proof", "new")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samizdat", description="Build editions of found texts: EPUB 3 and print-ready PDF from one book directory.")
    parser.add_argument("--version", action="version", version=f"samizdat {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in NAMES:
        module = importlib.import_module(f".{name}", __package__)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks for errors")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> ExitCode:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return ExitCode.BAD_INPUT
    logging.basicConfig(format="samizdat: %(message)s", level=logging.WARNING)
    try:
        return args.run(args)
    except SamizdatError as exc:
        if args.debug:
            raise
        print(f"samizdat: {exc}" if exc.path is None else str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
