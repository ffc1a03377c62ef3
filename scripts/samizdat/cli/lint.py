"""samizdat lint: coded findings about the book's text and apparatus."""

from __future__ import annotations

import argparse

from ..errors import ExitCode

HELP = "report doubtful text, unregistered names and stale apparatus"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--list", action="store_true", help="print every rule: code, severity, message")


def run(args: argparse.Namespace) -> ExitCode:
    from ..lint import format_findings, lint_book, rule_table

    if args.list:
        for r in rule_table():
            print(f"{r.code}  {r.severity:<7}  {r.message}")
        return ExitCode.DONE
    findings = lint_book(args.book)
    output = format_findings(findings, args.format)
    if output:
        print(output)
    return ExitCode.CHECK_FAILED if findings else ExitCode.DONE
