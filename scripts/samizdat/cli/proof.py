"""samizdat proof: PNGs of chosen PDF pages and a contact sheet of all of them; with a
print-on-demand target, also the full-wrap cover, flat, with its trim, folds and safe lines."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ..errors import ExitCode
from ..model import Paper, Target

HELP = "render PDF pages to PNG for review, with a contact sheet (and a print-on-demand target's cover)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("--pages", default="", help="pages to render, by physical number: 1-4,12 (default: none)")
    parser.add_argument("--pdf", type=Path, help="use this PDF instead of building one")
    parser.add_argument("--target", choices=tuple(t.value for t in Target), default=Target.SCREEN.value,
                        help="the PDF to build; kdp and ingramspark add cover.png, the cover with its guides (default: screen)")
    parser.add_argument("--paper", choices=tuple(p.value for p in Paper), default=None,
                        help="the interior's paper, which sets the cover's spine (default: book.yaml's)")
    parser.add_argument("-o", "--output", type=Path, default=Path("dist/proof"), help="directory for the PNGs (default: dist/proof)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the page PNGs (default: 100)")


def run(args: argparse.Namespace) -> ExitCode:
    from ..build import build
    from ..check.proof import cover_proof, make_proofs
    from ..errors import SamizdatError

    on_demand = Target(args.target).on_demand
    if args.pdf and on_demand:
        raise SamizdatError(None, None, f"--pdf and --target {args.target} do not combine: the cover is built with its interior")
    with tempfile.TemporaryDirectory(prefix="samizdat-proof-") as tmp:
        result = None if args.pdf else build(args.book, tmp, formats=("pdf",), target=args.target, paper=args.paper)
        pdf = args.pdf or result.outputs["pdf"]
        made = make_proofs(pdf, args.output, args.pages, dpi=args.dpi)
        if on_demand:
            made.append(cover_proof(result.outputs["cover"], result.cover, args.output / "cover.png"))
    for path in made:
        print(f"wrote {path}")
    return ExitCode.DONE
