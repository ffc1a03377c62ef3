"""What the commands print: stage progress, build summaries, check tables (rich).

Progress goes to stderr, results to stdout, so `samizdat lint --format json`
and friends stay pipeable.
"""

from __future__ import annotations

import argparse

from rich.console import Console as RichConsole
from rich.table import Table

from ..errors import ExitCode
from ..model import OutputFormat, Paper, Target


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("book", nargs="?", default="book", help="book directory (default: book)")
    parser.add_argument("-o", "--output", default="dist", help="output directory (default: dist)")
    parser.add_argument("--format", choices=("all", *(f.value for f in sorted(OutputFormat))), default="all",
                        help="what to build (default: all)")
    parser.add_argument("--target", choices=tuple(t.value for t in Target), default=Target.SCREEN.value,
                        help="print adds bleed and crop marks to the PDF; kdp and ingramspark write a CMYK"
                             " interior and a full-wrap cover for that printer (default: screen)")
    parser.add_argument("--paper", choices=tuple(p.value for p in Paper), default=None,
                        help="the interior's paper, which sets the cover's spine (default: book.yaml's print: {paper}, else white)")
    parser.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/a-3b", "pdf/a-3u"), default=None,
                        help="write a PDF of this standard")


def formats_of(args: argparse.Namespace) -> tuple[OutputFormat, ...]:
    return (OutputFormat.PDF, OutputFormat.EPUB) if args.format == "all" else (OutputFormat(args.format),)


def size_text(n: int) -> str:
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


class Console:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.out = RichConsole(highlight=False, soft_wrap=True)
        self.err = RichConsole(stderr=True, highlight=False, soft_wrap=True)
        self._status = None

    def stage(self, name: str, seconds: float | None) -> None:
        """Progress callback for build(): a spinner while a stage runs, a line when it ends.

        Only on a terminal: in a log or a pipe the summary carries the timings,
        and an error stays the first line of stderr.
        """
        if self.quiet or not self.err.is_terminal:
            return
        if seconds is None:
            self._status = self.err.status(f"{name}…")
            self._status.start()
            return
        if self._status is not None:
            self._status.stop()
            self._status = None
        self.err.print(f"  [green]✓[/] {name:<9} {seconds:6.2f} s")

    def summary(self, result) -> None:
        if self.quiet:
            return
        for kind, path in result.outputs.items():
            extra = f", {result.pages} pages" if kind == "pdf" else ""
            if kind == "cover" and result.cover is not None:
                g = result.cover
                extra = f", {g.width:.4f} x {g.panel_h:g} in with a {g.spine:.4f} in spine, {g.bleed:g} in bleed"
            self.out.print(f"wrote {path} ({size_text(path.stat().st_size)}{extra})")
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result.timings.items())
        self.out.print(f"built in {sum(result.timings.values()):.2f} s ({stages})")
        for note in result.notes:
            self.err.print(f"samizdat: note: {note}")

    def refusals(self, result) -> ExitCode:
        """Exit status for a finished build: 1 if the book asked for files it may not have."""
        if not result.refused:
            return ExitCode.DONE
        self.err.print(f"samizdat: {len(set(result.refused))} resource(s) refused, and left out of the PDF: "
                       "only files inside the book directory, its styles and the packaged fonts are read")
        for url in dict.fromkeys(result.refused):
            self.err.print(f"  refused: {url}")
        return ExitCode.CHECK_FAILED

    def check_table(self, results) -> None:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("check")
        table.add_column("result")
        table.add_column("summary")
        colours = {"pass": "green", "fail": "red", "skip": "yellow"}
        for r in results:
            if self.quiet and r.status != "fail":
                continue
            table.add_row(r.name, f"[{colours[r.status]}]{r.status.upper()}[/]", r.summary)
        self.out.print(table)
        for r in results:
            for detail in r.details[:25]:
                self.out.print(f"  {r.name}: {detail}")
            if len(r.details) > 25:
                self.out.print(f"  {r.name}: … and {len(r.details) - 25} more")


