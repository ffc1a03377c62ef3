"""samizdat proof: PNGs of chosen PDF pages and a contact sheet of all of them."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ..errors import ExitCode

HELP = "render PDF pages to PNG for review, with a contact sheet"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("--pages", default="", help="pages to render, by physical number: 1-4,12 (default: none)")
    parser.add_argument("--pdf", type=Path, help="use this PDF instead of building one")
    parser.add_argument("-o", "--output", type=Path, default=Path("dist/proof"), help="directory for the PNGs (default: dist/proof)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the page PNGs (default: 100)")


def run(args: argparse.Namespace) -> ExitCode:
    from ..build import build
    from ..check.proof import make_proofs

    with tempfile.TemporaryDirectory(prefix="samizdat-proof-") as tmp:
        pdf = args.pdf or build(args.book, tmp, formats=("pdf",)).outputs["pdf"]
        made = make_proofs(pdf, args.output, args.pages, dpi=args.dpi)
    for path in made:
        print(f"wrote {path}")
    return ExitCode.DONE
