"""The benchmark script runs end to end on a small book (its figures are not asserted: speed is not a test)."""

from __future__ import annotations

import pytest

import json
import subprocess
import sys

from conftest import ROOT


@pytest.mark.slow
def test_the_benchmark_compares_the_build_with_a_plain_render_of_the_same_book(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "12", "--no-checks", "--json",
                           "--keep", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert "ratio time" in proc.stdout and "peak RSS" in proc.stdout
    figures = json.loads(proc.stdout[proc.stdout.index("\n["):])[0]
    # The plain render sets the same final HTML and CSS as one document: the same pages, give or take
    # one (it has no blank to bring the index to a recto, and no closer setting to save its last page).
    assert figures["pages"] >= 12 and abs(figures["pages"] - figures["plain_pages"]) <= 1
    assert figures["rss"] > 0 and figures["render_rss"] > 0 and figures["cpu"] > 0
    for stage in ("load", "assemble", "html", "pdf layout", "index", "pdf write", "epub"):
        assert figures["timings"][stage] > 0, stage
