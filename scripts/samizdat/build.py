"""One build: load -> assemble -> PDF -> EPUB, written atomically."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .assemble import assemble
from .errors import SamizdatError
from .load import load_book
from .model import Manuscript

PACKAGE_STYLES = Path(__file__).resolve().parents[2] / "styles"


def find_styles(book_dir: Path) -> Path:
    """The stylesheets: the book's own styles/, else the project's beside it, else samizdat's."""
    for candidate in (book_dir / "styles", book_dir.parent / "styles", PACKAGE_STYLES):
        if (candidate / "base.css").is_file():
            return candidate.resolve()
    raise SamizdatError(book_dir, None, "no styles/ directory with base.css found")


def source_date_epoch(book_dir: Path) -> int:
    """SOURCE_DATE_EPOCH, else the last commit touching the book, else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        try:
            return int(value)
        except ValueError:
            raise SamizdatError(None, None, f"SOURCE_DATE_EPOCH is not a whole number: {value!r}") from None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=book_dir, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return int(time.time())


@dataclass
class BuildResult:
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    # URLs the book asked WeasyPrint for and did not get (outside the book, or remote).
    refused: list[str] = field(default_factory=list)
    page_map: object | None = None  # pdf.PageMap, kept for an EPUB-only rebuild
    inputs: tuple[Path, ...] = ()  # every file the build read


# Called with (stage, None) when a stage starts and (stage, seconds) when it ends.
Progress = Callable[[str, float | None], None]


class _Stages:
    def __init__(self, timings: dict[str, float], progress: Progress | None):
        self.timings, self.progress = timings, progress

    def run(self, name: str, fn, *args, **kw):
        if self.progress:
            self.progress(name, None)
        start = time.perf_counter()
        value = fn(*args, **kw)
        self.timings[name] = time.perf_counter() - start
        if self.progress:
            self.progress(name, self.timings[name])
        return value


def load_manuscript(book_dir: Path, timings: dict[str, float] | None = None, progress: Progress | None = None) -> Manuscript:
    stages = _Stages({} if timings is None else timings, progress)
    book = stages.run("load", load_book, book_dir)
    return stages.run("assemble", assemble, book, find_styles(book_dir))


def style_files(manuscript: Manuscript) -> tuple[Path, ...]:
    return tuple(sorted(Path(manuscript.styles_dir).glob("*.css")))


def build(book_dir: str | Path, out_dir: str | Path, *, formats: tuple[str, ...] = ("pdf", "epub"),
          target: str = "screen", pdf_variant: str | None = None, progress: Progress | None = None,
          page_map=None) -> BuildResult:
    """Build `formats` into out_dir. An EPUB-only build lays out the PDF for its
    page map unless `page_map` (from an earlier build of the same text) is given."""
    from .epub import EpubBuilder
    from .pdf import PdfBuilder

    book_dir, out_dir = Path(book_dir), Path(out_dir)
    result = BuildResult()
    stages = _Stages(result.timings, progress)
    manuscript = load_manuscript(book_dir, result.timings, progress)
    result.inputs = tuple(Path(p) for p in manuscript.inputs) + style_files(manuscript)
    epoch = source_date_epoch(book_dir)
    slug = manuscript.metadata.slug
    _check_writable(out_dir)
    outputs: dict[Path, bytes] = {}
    if "pdf" in formats or ("epub" in formats and page_map is None):
        # The EPUB's page-list and index labels come from the PDF's page map.
        builder = PdfBuilder(manuscript, epoch, variant=pdf_variant, target=target)
        pdf_bytes, page_map = stages.run("pdf", builder.build)
        result.refused = list(builder.fetcher.refused)
        if "pdf" in formats:
            outputs[out_dir / f"{slug}.pdf"] = pdf_bytes
    if page_map is not None:
        result.pages = len(page_map.labels)
    result.page_map = page_map
    if "epub" in formats:
        outputs[out_dir / f"{slug}.epub"] = stages.run("epub", EpubBuilder(manuscript, epoch, page_map).build)
    # Nothing is written until everything has been built.
    for path, data in outputs.items():
        write_atomic(path, data)
        result.outputs[path.suffix[1:]] = path
    if page_map is not None:
        write_atomic(out_dir / f".{slug}.pagemap.json", json.dumps(page_map.to_json(), sort_keys=True).encode())
    return result


def _check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SamizdatError(out_dir, None, f"cannot create output directory: {exc.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise SamizdatError(out_dir, None, "output directory is not writable")


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
