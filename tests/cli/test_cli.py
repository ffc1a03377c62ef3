"""The subcommands, run as a user runs them: build, check, proof, new, watch."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from booktools import copy_book, edit
from conftest import BOOK


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def new_book(tmp_path_factory):
    """`samizdat new`, then `samizdat build`: the template book and its outputs."""
    root = tmp_path_factory.mktemp("new")
    proc = cli("new", root / "mybook")
    assert proc.returncode == 0, proc.stderr
    proc = cli("build", root / "mybook", "-o", root / "dist")
    assert proc.returncode == 0, proc.stderr
    return {"book": root / "mybook", "dist": root / "dist", "stdout": proc.stdout}


def test_build_prints_what_it_wrote(new_book):
    lines = new_book["stdout"].splitlines()
    pdf = new_book["dist"] / "example-book.pdf"
    assert re.fullmatch(rf"wrote {re.escape(str(pdf))} \(\d+ KiB, \d+ pages\)", lines[0]), lines
    assert lines[1].startswith(f"wrote {new_book['dist'] / 'example-book.epub'} (")
    stages = re.fullmatch(r"built in [\d.]+ s \(((?:[a-z ]+ [\d.]+, )*[a-z ]+ [\d.]+)\)", lines[2])
    assert stages, lines
    names = [part.rsplit(" ", 1)[0] for part in stages.group(1).split(", ")]
    assert names == ["inputs", "load", "assemble", "html", "pdf layout", "index", "pdf write", "epub"], names


def test_new_book_lints_clean(new_book):
    """(It passes EPUBCheck too: test_check_passes_on_the_new_book.)"""
    proc = cli("lint", new_book["book"])
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout
    for name in ("book.yaml", "names.yaml", "emendations.yaml", "notes.yaml"):
        assert (new_book["book"] / name).read_text().startswith("#"), f"{name} explains itself"


def test_new_refuses_a_directory_with_files(new_book):
    proc = cli("new", new_book["book"])
    assert proc.returncode == 2 and proc.stderr.startswith(f"{new_book['book']}: already exists"), proc.stderr


def test_build_quiet_one_format_and_print_target(new_book, tmp_path):
    from pypdf import PdfReader

    proc = cli("build", new_book["book"], "-o", tmp_path / "epub", "--format", "epub", "--quiet")
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    assert sorted(p.suffix for p in (tmp_path / "epub").iterdir() if not p.name.startswith(".")) == [".epub"]
    proc = cli("build", new_book["book"], "-o", tmp_path / "print", "--format", "pdf", "--target", "print", "-q")
    assert proc.returncode == 0, proc.stderr
    page = PdfReader(str(tmp_path / "print" / "example-book.pdf")).pages[0]
    assert float(page.mediabox.width) > float(page.trimbox.width) + 10  # bleed and marks around the trim


def test_check_passes_on_the_new_book(new_book):
    proc = cli("check", new_book["book"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = {line.split()[0]: line.split()[1] for line in proc.stdout.splitlines()[1:] if line.strip() and not line.startswith(" ")}
    assert rows["epubcheck"] == "PASS" and rows["index"] == "PASS" and rows["preflight"] == "PASS"
    assert rows["fidelity"] in ("PASS", "SKIP")


def test_check_unknown_name_is_an_error(new_book):
    proc = cli("check", new_book["book"], "--only", "epubchek")
    assert proc.returncode == 2 and "unknown check 'epubchek'" in proc.stderr


# --- each check can fail -------------------------------------------------------------------


def outputs_for(book_dir: Path, built):
    from samizdat.build import load_manuscript
    from samizdat.check import Outputs

    return Outputs(load_manuscript(book_dir), built["pdf"], built["epub"])


def test_real_book_passes_index_and_preflight(built):
    from samizdat.check import run_checks

    results = run_checks(outputs_for(BOOK, built), ("index", "preflight"))
    assert [(r.name, r.status) for r in results] == [("index", "pass"), ("preflight", "pass")], results
    assert int(results[0].summary.split()[0]) > 50  # the real index has many numbers


def test_index_check_fails_when_a_name_is_not_on_its_page(built, tmp_path):
    from samizdat.check import run_checks

    book = copy_book(tmp_path)
    edit(book / "names.yaml", 'forms: ["Stalin", "Stalin’s", "Stalinist"]', 'forms: ["Stalin", "Stalin’s", "Stalinist", "Zinoviev"]')
    # The built PDF still indexes Stalin; a check that only knows "Zinoviev" too still passes...
    assert run_checks(outputs_for(book, built), ("index",))[0].status == "pass"
    edit(book / "names.yaml", 'forms: ["Stalin", "Stalin’s", "Stalinist", "Zinoviev"]', 'forms: ["Zinoviev"]')
    result = run_checks(outputs_for(book, built), ("index",))[0]
    assert result.status == "fail" and any("stalin's forms" in d for d in result.details), result


def test_preflight_fails_on_the_wrong_trim(built, tmp_path):
    from samizdat.check import run_checks

    book = copy_book(tmp_path)
    edit(book / "book.yaml", "trim: 6x9", "trim: a4")
    result = run_checks(outputs_for(book, built), ("preflight",))[0]
    assert result.status == "fail" and "expected 595×842 pt" in result.details[0]


def test_epubcheck_check_fails_on_a_broken_epub(built, tmp_path):
    from samizdat.check import Outputs, run_checks

    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(built["epub"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if not item.filename.endswith("nav.xhtml"):
                dst.writestr(item, src.read(item))
    result = run_checks(Outputs(built["result"].manuscript, built["pdf"], broken), ("epubcheck",))[0]
    assert result.status == "fail" and result.details


# --- proof ------------------------------------------------------------------------------------


def test_proof_renders_chosen_pages_and_a_contact_sheet(new_book, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    pdf = new_book["dist"] / "example-book.pdf"
    count = len(PdfReader(str(pdf)).pages)
    proc = cli("proof", new_book["book"], "--pdf", pdf, "--pages", "1-2,5", "-o", tmp_path / "proof", "--dpi", "50")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "proof").iterdir()) == ["contact-sheet.png", "page-001.png", "page-002.png", "page-005.png"]
    page = Image.open(tmp_path / "proof" / "page-001.png")
    assert page.size == (300, 450)  # 6 x 9 in at 50 dpi
    sheet = Image.open(tmp_path / "proof" / "contact-sheet.png")
    thumb_h = round(9 * 24)
    rows = -(-count // 8)
    assert abs(sheet.height - (rows * (thumb_h + 8) + 8)) <= rows and sheet.width > 8 * 6 * 24
    # A page of the body is not blank on the sheet.
    low, high = sheet.convert("L").getextrema()
    assert low < 60 and high > 200


def test_proof_rejects_pages_outside_the_pdf(new_book, tmp_path):
    pdf = new_book["dist"] / "example-book.pdf"
    proc = cli("proof", new_book["book"], "--pdf", pdf, "--pages", "2-999", "-o", tmp_path)
    assert proc.returncode == 2 and "--pages: '2-999' is outside" in proc.stderr and "Traceback" not in proc.stderr


# --- watch ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_watch_rebuilds_what_changed_and_survives_bad_input(tmp_path):
    book = tmp_path / "book"
    assert cli("new", book).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "samizdat", "watch", str(book), "-o", str(tmp_path / "dist")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def next_status(timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if re.match(r"\d\d:\d\d:\d\d (ok|error|failed)", line):
                return line
        raise AssertionError("no status line from samizdat watch")

    try:
        first = next_status()
        assert " ok     pdf, epub " in first, first
        pdf = tmp_path / "dist" / "example-book.pdf"
        pdf_before = pdf.read_bytes()
        time.sleep(0.5)

        with open(book / "styles" / "epub.css", "a") as f:
            f.write("\n/* a change for the screen only */\n")
        line = next_status()
        assert " ok     epub " in line and "epub.css changed" in line, line
        assert pdf.read_bytes() == pdf_before  # the PDF was not rebuilt

        edit(book / "book.yaml", "title: An Example Edition", "title: [unclosed")
        line = next_status()
        assert " error  " in line and "book.yaml:" in line and "malformed YAML" in line, line

        edit(book / "book.yaml", "title: [unclosed", "title: A Changed Edition")
        line = next_status()
        assert " ok     pdf, epub " in line and "book.yaml changed" in line, line
        assert proc.poll() is None, "watch stopped"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
