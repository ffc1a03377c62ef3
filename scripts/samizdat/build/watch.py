"""Rebuild on change: only the outputs whose inputs changed, one status line per build.

A bad input is reported and the watch goes on; the next change that fixes it
rebuilds. Only a change to epub.css spares the PDF: everything else can move
page breaks, and the EPUB's page-list follows the PDF's pages.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import SamizdatError

EPUB_ONLY = {"epub.css"}
IGNORED_FILES = {"lint-ignore.yaml"}  # read by lint only


@dataclass
class WatchState:
    inputs: set[Path] = field(default_factory=set)
    page_map: object | None = None
    failed: bool = True


def outputs_to_rebuild(changed: set[Path], state: WatchState, book_dir: Path, styles: set[Path],
                       formats: tuple[str, ...]) -> tuple[tuple[str, ...], set[Path]]:
    """Which formats a set of changed files calls for, and the files that call for it.

    An input is a file the last build read, or any file that appears directly
    in the book or styles directory (a new notes.yaml counts); an editor's
    temporary file that is gone again does not.
    """
    relevant = {p for p in changed if p.name not in IGNORED_FILES and not p.name.startswith(".") and (
        p in state.inputs or (p.exists() and (p.parent == book_dir or p.parent in styles)))}
    if not relevant:
        return (), relevant
    if state.failed or state.page_map is None:
        return formats, relevant
    if "epub" in formats and all(p.name in EPUB_ONLY for p in relevant):
        return ("epub",), relevant
    return formats, relevant


def watch(book_dir: str | Path, out_dir: str | Path, *, formats: tuple[str, ...] = ("pdf", "epub"),
          target: str = "screen", pdf_variant: str | None = None, paper: str | None = None,
          report: Callable[[str], None] = print, stop_event: threading.Event | None = None) -> None:
    import watchfiles

    from .inputs import find_styles
    from .pipeline import build

    book_dir, out_dir = Path(book_dir).resolve(), Path(out_dir).resolve()
    state = WatchState()

    def run(which: tuple[str, ...], why: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        start = time.perf_counter()
        try:
            result = build(book_dir, out_dir, formats=which, target=target, pdf_variant=pdf_variant, paper=paper,
                           page_map=state.page_map if which == ("epub",) else None)
        except SamizdatError as exc:
            state.failed = True
            report(f"{stamp} error  {exc}{why}")
            return
        except Exception as exc:  # a watch must outlive one bad build
            state.failed = True
            report(f"{stamp} failed {type(exc).__name__}: {exc}{why}")
            traceback.print_exc()
            return
        state.failed = False
        state.inputs = {p.resolve() for p in result.inputs}
        state.page_map = result.page_map
        pages = f"  {result.pages} pages" if "pdf" in which else ""
        refused = f"  {len(result.refused)} resource(s) refused" if result.refused else ""
        report(f"{stamp} ok     {', '.join(result.outputs)}  {time.perf_counter() - start:.1f} s{pages}{refused}{why}")

    def skip(change, path: str) -> bool:
        p = Path(path)
        return p.is_relative_to(out_dir) or p.name.startswith(".") or p.name.endswith(("~", ".swp"))

    run(formats, "")
    stop_event = stop_event or threading.Event()
    while not stop_event.is_set():
        try:
            styles = {find_styles(book_dir)}
        except SamizdatError:
            styles = set()
        roots = {book_dir, *styles, *(p.parent for p in state.inputs)}
        for changes in watchfiles.watch(*sorted(roots), watch_filter=lambda c, p: not skip(c, p), stop_event=stop_event,
                                        debounce=300, step=50, raise_interrupt=False):
            changed = {Path(p).resolve() for _, p in changes}
            which, relevant = outputs_to_rebuild(changed, state, book_dir, styles, formats)
            if which:
                names = ", ".join(sorted(p.name for p in relevant))
                run(which, f"  ({names} changed)")
                if {book_dir, *styles, *(p.parent for p in state.inputs)} != roots:
                    break  # the book now reads from other directories
