"""Fast paths: a build with nothing changed does nothing; an EPUB alone reuses the PDF's page map."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booktools import copy_book, edit, own_styles
from conftest import BOOK, EPOCH, ROOT


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    """Python in a fresh process (so sys.modules says what a build imported), this checkout first."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc


REPORT = """
import json, sys
from samizdat.build import build
r = build(sys.argv[1], sys.argv[2], formats=tuple(sys.argv[3].split(",")))
print(json.dumps({"up_to_date": r.up_to_date, "nothing_to_do": r.nothing_to_do, "page_map_reused": r.page_map_reused,
                  "weasyprint": "weasyprint" in sys.modules, "outputs": sorted(r.outputs)}))
"""


def build_in_child(book: Path, dist: Path, formats: str = "pdf,epub") -> dict:
    return json.loads(run_python(REPORT, str(book), str(dist), formats).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def copy_built(tmp_path_factory, built):
    """A copy of the real book and a dist/ holding its full build (copied from the session build)."""
    root = tmp_path_factory.mktemp("incremental")
    book = copy_book(root)
    dist = root / "dist"
    shutil.copytree(built["dir"], dist)
    return book, dist


def test_a_build_with_nothing_changed_does_nothing_and_never_imports_weasyprint(built):
    before = {p.name: p.stat().st_mtime_ns for p in built["dir"].iterdir()}
    code = ("import sys\nfrom samizdat.cli import main\nrc = main(['build', sys.argv[1], '-o', sys.argv[2]])\n"
            "print('weasyprint imported' if 'weasyprint' in sys.modules else 'weasyprint not imported')\nsys.exit(rc)")
    proc = run_python(code, str(BOOK), str(built["dir"]))
    assert "nothing to do" in proc.stdout and "up to date" in proc.stdout, proc.stdout
    assert "weasyprint not imported" in proc.stdout
    assert {p.name: p.stat().st_mtime_ns for p in built["dir"].iterdir()} == before


def test_a_changed_output_file_is_built_again(copy_built):
    book, dist = copy_built
    epub = next(dist.glob("*.epub"))
    good = epub.read_bytes()
    epub.write_bytes(good[:-10])  # damaged or edited by hand: not what the last build wrote
    report = build_in_child(book, dist, "epub")
    assert report["up_to_date"] == [] and report["outputs"] == ["epub"]
    assert epub.read_bytes() == good


def test_an_epub_alone_reuses_the_page_map_of_the_same_inputs(copy_built, built):
    book, dist = copy_built
    epub = next(dist.glob("*.epub"))
    epub.unlink()
    report = build_in_child(book, dist, "epub")
    assert report["page_map_reused"] and not report["weasyprint"], report
    assert epub.read_bytes() == built["epub"].read_bytes()


def test_each_input_changes_the_key(tmp_path):
    from samizdat.build.inputs import BuildInputs

    book = copy_book(tmp_path)
    dist = tmp_path / "dist"

    def key(**options) -> str:
        kw = dict(target="screen", pdf_variant=None, epoch=int(EPOCH)) | options
        inputs = BuildInputs.of(book, dist, **kw)
        assert inputs is not None and inputs.slug == "orlov-secret-history"
        return inputs.key

    seen = {key()}
    assert key() in seen  # the same inputs, the same key
    dist.mkdir()
    (dist / "orlov-secret-history.pdf").write_bytes(b"%PDF-")  # outputs are not inputs
    assert key() in seen
    for change in (
        lambda: edit(book / "notes.yaml", "text:", "text: Changed."),
        lambda: edit(tmp_path / "seeds" / "000_5bf8703fa81c4707.txt", "I", "i"),
        lambda: edit(own_styles(book) / "print.css", "@page", "/* changed */ @page"),
        lambda: (book / "extra.md").write_text("new file\n", encoding="utf-8"),
    ):
        change()
        now = key()
        assert now not in seen
        seen.add(now)
    for options in ({"target": "print"}, {"pdf_variant": "pdf/ua-1"}, {"epoch": int(EPOCH) + 1}):
        assert key(**options) not in seen


def test_a_stale_page_map_is_not_reused(copy_built):
    book, dist = copy_built
    edit(book / "notes.yaml", "text:", "text: Changed.")
    report = build_in_child(book, dist, "epub")
    assert not report["page_map_reused"] and report["weasyprint"], report
    saved = json.loads(next(dist.glob(".*.pagemap.json")).read_text(encoding="utf-8"))
    from samizdat.build.inputs import BuildInputs

    assert saved["inputs"] == BuildInputs.of(book, dist, target="screen", pdf_variant=None, epoch=int(EPOCH)).key


def test_the_subsetting_library_is_found_here():
    from samizdat.render.pdf.harfbuzz import subsetting_library_available

    assert subsetting_library_available(), "libharfbuzz-subset0 is missing: run scripts/system-deps as root"


def test_a_missing_subsetting_library_is_reported_once(caplog, monkeypatch):
    from samizdat.render.pdf import harfbuzz

    monkeypatch.setattr(harfbuzz, "_warned", False)
    caplog.allowed_warnings = ("libharfbuzz-subset",)
    assert harfbuzz.warn_if_subsetting_is_slow(available=False)
    assert not harfbuzz.warn_if_subsetting_is_slow(available=False)
    messages = [r.getMessage() for r in caplog.records if "libharfbuzz-subset" in r.getMessage()]
    assert len(messages) == 1 and "libharfbuzz-subset0" in messages[0] and "slower" in messages[0]
