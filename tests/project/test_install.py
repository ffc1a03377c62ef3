"""A plain `pip install .` (not editable), used from a directory that is not the repository.

The styles and the template of `samizdat new` are package data: an
installed samizdat must find them in itself, never in a source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with samizdat installed from a copy of the sources (pip never writes into the checkout)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(ROOT / "scripts" / "samizdat", source / "scripts" / "samizdat",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "constraints.txt"):
        shutil.copy(ROOT / name, source / name)
    venv = root / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=root)
    assert made.returncode == 0, made.stderr
    pip = run(venv / "bin" / "python", "-m", "pip", "install", "-q", "-c", source / "constraints.txt", source, cwd=root)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv


def test_the_installed_package_is_its_own_copy(installed, tmp_path):
    where = run(installed / "bin" / "python", "-c", "import samizdat.data as d; print(d.STYLES_DIR)", cwd=tmp_path)
    styles = Path(where.stdout.strip())
    assert styles.is_relative_to(installed), styles
    assert sorted(p.name for p in styles.glob("*.css")) == ["base.css", "epub.css", "print.css"]


def test_new_build_and_check_work_from_an_empty_directory(installed, tmp_path):
    samizdat = installed / "bin" / "samizdat"
    made = run(samizdat, "new", "book", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "book" / "styles" / "base.css").is_file()
    built = run(samizdat, "build", "book", "-o", "dist", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert {p.suffix for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")} == {".pdf", ".epub"}
    checked = run(samizdat, "check", "book", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout


def test_a_book_without_styles_uses_the_packaged_ones(installed, tmp_path):
    samizdat = installed / "bin" / "samizdat"
    assert run(samizdat, "new", "book", cwd=tmp_path).returncode == 0
    shutil.rmtree(tmp_path / "book" / "styles")
    built = run(samizdat, "build", "book", "-o", "dist", "--format", "pdf", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


def test_python_dash_m_samizdat(installed, tmp_path):
    proc = run(installed / "bin" / "python", "-m", "samizdat", "--version", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("samizdat "), proc.stdout + proc.stderr
