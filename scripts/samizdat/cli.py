"""The command line: parse arguments, call the library, print, return an exit code."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import SamizdatError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samizdat", description="Build editions of found texts: EPUB 3 and print-ready PDF from one book directory.")
    parser.add_argument("--version", action="version", version=f"samizdat {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="build the EPUB and the PDF")
    build.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    build.add_argument("-o", "--output", default="dist", help="output directory (default: dist)")
    build.add_argument("--format", choices=("all", "epub", "pdf"), default="all")
    build.add_argument("--target", choices=("screen", "print"), default="screen",
                       help="print adds bleed and crop marks to the PDF")
    build.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/a-3b", "pdf/a-3u"), default=None)
    build.add_argument("-q", "--quiet", action="store_true")
    return parser


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    formats = ("pdf", "epub") if args.format == "all" else (args.format,)
    result = build(args.book, args.output, formats=formats, target=args.target, pdf_variant=args.pdf_variant)
    if not args.quiet:
        for kind, path in result.outputs.items():
            size = path.stat().st_size
            extra = f", {result.pages} pages" if kind == "pdf" else ""
            print(f"wrote {path} ({size / 1024:.0f} KiB{extra})")
        print("time: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
    return 0


COMMANDS = {"build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    logging.basicConfig(format="samizdat: %(message)s", level=logging.WARNING)
    try:
        return COMMANDS[args.command](args)
    except SamizdatError as exc:
        if args.debug:
            raise
        print(f"samizdat: {exc}" if exc.path is None else str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
