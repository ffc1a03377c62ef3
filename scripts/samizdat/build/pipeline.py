"""One build: load -> assemble -> PDF -> EPUB, written atomically; nothing if nothing changed.

Each output is recorded with the key of the inputs it was built from
(`inputs`). A format whose output is still what the last build wrote from
the same inputs is not built again; when nothing is left to build, the
build returns before loading the book or importing WeasyPrint. An EPUB
alone reuses the page map of the last PDF built from the same inputs.

A print-on-demand target (kdp, ingramspark) makes the PDF as two files, the
interior and the full-wrap cover, whose size follows from the interior's
page count: the cover is made once the interior is laid out.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import SamizdatError
from .inputs import (
    BuildInputs, file_digest, find_styles, pagemap_path, read_record, record_json, record_path, source_date_epoch,
    up_to_date,
)
from .outputs import check_writable, write_atomic

if TYPE_CHECKING:  # the loader and the model are imported only when there is something to build
    from ..model import Manuscript
    from ..model.printers import CoverGeometry
    from ..render.pagemap import PageMap


@dataclass
class BuildResult:
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    # URLs the book asked WeasyPrint for and did not get (outside the book, or remote).
    refused: list[str] = field(default_factory=list)
    page_map: PageMap | None = None  # kept for an EPUB-only rebuild
    manuscript: Manuscript | None = None  # what the outputs were built from, for the checks
    inputs: tuple[Path, ...] = ()  # every file the build read
    up_to_date: tuple[str, ...] = ()  # outputs (keys of `outputs`) left as they were: their inputs had not changed
    page_map_reused: bool = False  # the EPUB's page map came from the last PDF build of the same inputs
    cover: CoverGeometry | None = None  # a print-on-demand target's cover: its trim, spine and bleed
    notes: list[str] = field(default_factory=list)  # what the user should know about the files (not errors)

    @property
    def nothing_to_do(self) -> bool:
        return bool(self.up_to_date) and set(self.up_to_date) == set(self.outputs)


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
    from ..assemble import assemble
    from ..source import load_book

    stages = _Stages({} if timings is None else timings, progress)
    book = stages.run("load", load_book, book_dir)
    return stages.run("assemble", assemble, book, find_styles(book_dir))


def style_files(manuscript: Manuscript) -> tuple[Path, ...]:
    return tuple(sorted(Path(manuscript.styles_dir).glob("*.css")))


ON_DEMAND = ("kdp", "ingramspark")  # the targets whose PDF is an interior and a cover


def output_keys(fmt: str, target: str) -> tuple[str, ...]:
    """The files one format makes: a print-on-demand PDF is the interior ("pdf") and the cover."""
    return ("pdf", "cover") if fmt == "pdf" and target in ON_DEMAND else (fmt,)


def build(book_dir: str | Path, out_dir: str | Path, *, formats: tuple[str, ...] = ("pdf", "epub"),
          target: str = "screen", pdf_variant: str | None = None, paper: str | None = None,
          progress: Progress | None = None, page_map=None, force: bool = False) -> BuildResult:
    """Build `formats` into out_dir, skipping those already built from the same inputs (`force`
    builds them anyway). An EPUB-only build lays out the PDF for its page map unless `page_map`
    (from an earlier build of the same text) is given or the last PDF build saved one.
    `paper` (white, cream) overrides book.yaml's `print: {paper}` for a print-on-demand cover."""
    book_dir, out_dir = Path(book_dir), Path(out_dir)
    if target in ON_DEMAND and pdf_variant:
        raise SamizdatError(None, None, f"--pdf-variant does not combine with --target {target}:"
                                        " its files are PDF/X-1a, as the printer asks")
    result = BuildResult()
    start = time.perf_counter()
    epoch = source_date_epoch(book_dir)
    inputs = BuildInputs.of(book_dir, out_dir, target=target, pdf_variant=pdf_variant, epoch=epoch, paper=paper)
    record = read_record(out_dir, inputs.slug) if inputs else {}
    fresh = () if force or inputs is None else tuple(
        f for f in formats if all(up_to_date(out_dir, inputs, record, key) for key in output_keys(f, target)))
    result.timings["inputs"] = time.perf_counter() - start
    for fmt in fresh:
        for key in output_keys(fmt, target):
            result.outputs[key] = out_dir / record[key]["file"]
        result.pages = record[fmt].get("pages", result.pages)
    result.up_to_date = tuple(key for fmt in fresh for key in output_keys(fmt, target))
    todo = tuple(f for f in formats if f not in fresh)
    if not todo:
        return result

    stages = _Stages(result.timings, progress)
    manuscript = load_manuscript(book_dir, result.timings, progress)
    if paper is not None:
        manuscript = with_paper(manuscript, paper)
    check_renderers(manuscript, todo)
    result.manuscript = manuscript
    result.inputs = tuple(Path(p) for p in manuscript.inputs) + style_files(manuscript)
    slug = manuscript.metadata.slug
    check_writable(out_dir)
    if page_map is None and "epub" in todo and "pdf" not in todo and inputs is not None:
        page_map = _saved_page_map(out_dir, slug, inputs)
        result.page_map_reused = page_map is not None
    outputs: dict[str, tuple[Path, bytes]] = {}
    if "pdf" in todo or page_map is None:
        # The EPUB's page-list and index labels come from the PDF's page map.
        from ..render.pdf.builder import PdfBuilder

        pdf_stages: dict[str, float] = {}
        builder = PdfBuilder(manuscript, epoch, variant=pdf_variant, target=target, timings=pdf_stages)
        if "pdf" in todo:
            pdf_bytes, page_map = stages.run("pdf", builder.build)
            name = f"{slug}-{target}-interior.pdf" if target in ON_DEMAND else f"{slug}.pdf"
            outputs["pdf"] = (out_dir / name, pdf_bytes)
        else:  # only the page map is needed
            page_map = stages.run("pdf", builder.page_map)
        # The PDF's own stages (html, pdf layout, index, pdf write) stand for it in the timings.
        del result.timings["pdf"]
        result.timings.update(pdf_stages)
        result.refused = list(builder.fetcher.refused)
        if "pdf" in todo and target in ON_DEMAND:  # the cover's spine needs the interior's page count
            outputs["cover"] = (out_dir / f"{slug}-{target}-cover.pdf",
                                stages.run("cover", _cover, manuscript, target, len(page_map.labels), epoch, result))
    if page_map is not None:
        result.pages = len(page_map.labels)
    result.page_map = page_map
    if "epub" in todo:
        from ..render.epub.builder import EpubBuilder

        outputs["epub"] = (out_dir / f"{slug}.epub", stages.run("epub", EpubBuilder(manuscript, epoch, page_map).build))
    # Nothing is written until everything has been built; the record last, so
    # an interrupted write leaves a record that does not match and a rebuild.
    for key, (path, data) in outputs.items():
        write_atomic(path, data)
        result.outputs[key] = path
    saved = dict(page_map.to_json(), inputs=inputs.key if inputs else None)
    if not result.page_map_reused:
        write_atomic(pagemap_path(out_dir, slug), json.dumps(saved, sort_keys=True).encode())
    if inputs is not None and inputs.slug == slug and not result.refused:
        for key, (path, _data) in outputs.items():
            record[key] = {"file": path.name, "inputs": inputs.key, "sha256": file_digest(path), "pages": result.pages}
        write_atomic(record_path(out_dir, slug), record_json(record))
    return result


def with_paper(manuscript: Manuscript, paper: str) -> Manuscript:
    """The manuscript with the paper the command line names (it sets the cover's spine)."""
    from dataclasses import replace

    from ..model import Paper

    m = manuscript.metadata
    try:
        options = replace(m.print_options, paper=Paper(paper))
    except ValueError:
        raise SamizdatError(None, None, f"--paper must be one of {', '.join(p.value for p in Paper)}, not '{paper}'") from None
    return replace(manuscript, metadata=replace(m, print_options=options))


def _cover(manuscript: Manuscript, target: str, pages: int, epoch: int, result: BuildResult) -> bytes:
    """The full-wrap cover for an interior of `pages` pages; what is estimated about it goes to `result.notes`."""
    from ..model import Target
    from ..model.printers import PRINTERS
    from ..render.pdf.cover import CoverBuilder

    cover = CoverBuilder(manuscript, Target(target), pages, epoch)
    result.cover = cover.geometry
    rules = PRINTERS[Target(target)]
    if not rules.spine_published and manuscript.metadata.print_options.spine is None:
        result.notes.append(f"{rules.name} publishes no spine formula: the spine ({cover.geometry.spine:.4f} in) is"
                            f" estimated at KDP's rate; set `print: {{spine: ...}}` in book.yaml from {rules.name}'s"
                            " cover template")
    return cover.build()


def _saved_page_map(out_dir: Path, slug: str, inputs: BuildInputs) -> PageMap | None:
    """The page map the last PDF build wrote, if it was built from these inputs."""
    from ..render.pagemap import PageMap

    try:
        data = json.loads(pagemap_path(out_dir, slug).read_text(encoding="utf-8"))
        if data.get("inputs") != inputs.key:
            return None
        return PageMap.from_json(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def check_renderers(manuscript: Manuscript, formats: tuple[str, ...]) -> None:
    """Every section kind of the book has an entry in each output's table of renderers.

    Checked before anything is laid out, so a kind no renderer knows is an
    error at its line of book.yaml, never a section silently left out.
    """
    from ..render.epub.builder import SECTION_RENDERERS as EPUB_RENDERERS
    from ..render.pdf.builder import SECTION_RENDERERS as PDF_RENDERERS

    tables = {"pdf": PDF_RENDERERS, "epub": EPUB_RENDERERS}
    for fmt in dict.fromkeys(("pdf", *formats)):  # the EPUB needs the PDF's page map
        for section in manuscript.sections:
            if section.kind not in tables[fmt]:
                loc = section.loc
                raise SamizdatError(loc.path if loc else None, loc.line if loc else None,
                                    f"no {fmt.upper()} renderer for a section of kind '{section.kind}'")
