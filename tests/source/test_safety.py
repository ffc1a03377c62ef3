"""Safe by default: text is escaped, WeasyPrint reads only the book, YAML runs no code."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from booktools import own_styles
from conftest import epubcheck_problems, make_small_book, run_epubcheck
from textutil import epub_documents, element_text, pdf_page_texts

MARKUP = "He wrote <script>alert('x')</script> & signed it <b>R&amp;D</b> &lt;here&gt;."
# As printed: typography curls the quotes; every other character stays.
PRINTED = MARKUP.replace("'x'", "‘x’")


def cli_build(book: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samizdat", "build", str(book), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def markup_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    book = make_small_book(root / "book", f"A Title with <i>tags</i> & more\n\n{MARKUP}\n")
    proc = cli_build(book, root / "dist")
    assert proc.returncode == 0, proc.stderr
    return root / "dist"


def test_markup_in_a_seed_is_printed_literally_in_the_pdf(markup_book):
    text = " ".join(pdf_page_texts(markup_book / "small-book.pdf"))
    assert PRINTED in text
    assert "A Title with <i>tags</i> & more" in text


def test_markup_in_a_seed_is_text_in_the_epub_and_the_epub_is_valid(markup_book):
    epub = markup_book / "small-book.epub"
    docs = epub_documents(epub)
    assert not any(el.tag.endswith("}script") for doc in docs.values() for el in doc.iter())
    chapter = next(doc for doc in docs.values() if PRINTED in element_text(doc))
    assert "A Title with <i>tags</i> & more" in element_text(chapter)
    with zipfile.ZipFile(epub) as z:
        raw = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xhtml"))
    assert b"&lt;script&gt;" in raw and b"<script" not in raw
    assert epubcheck_problems(run_epubcheck(epub)) == []


# --- the restricted fetcher --------------------------------------------------------------


def book_with_stylesheet(root: Path, css: str) -> Path:
    book = make_small_book(root / "book", "A Title\n\nThe train left at noon.\n")
    own_styles(book)  # the book's own styles come first
    base = book / "styles" / "base.css"
    base.write_text(css + base.read_text(encoding="utf-8"), encoding="utf-8")  # @import must come first
    return book


@pytest.mark.slow
def test_a_stylesheet_inside_the_book_is_read(tmp_path):
    """The probe works: the same rule from a file inside the book does reach the PDF."""
    book = book_with_stylesheet(tmp_path, '@import url("extra.css");\n')
    (book / "styles" / "extra.css").write_text('p::before { content: "INSIDE-THE-BOOK " }\n')
    proc = cli_build(book, tmp_path / "dist")
    assert proc.returncode == 0, proc.stderr
    assert "INSIDE-THE-BOOK" in " ".join(pdf_page_texts(tmp_path / "dist" / "small-book.pdf"))


@pytest.mark.slow
def test_stylesheets_outside_the_book_and_on_the_network_are_refused(tmp_path):
    outside = tmp_path / "outside.css"
    outside.write_text('p::before { content: "LEAKED-FROM-OUTSIDE " }\n')
    css = (f'@import url("{outside.as_uri()}");\n@import url("../../outside.css");\n@import url("file:///etc/passwd");\n'
           '@import url("http://example.invalid/remote.css");\n'
           'body { background: url("http://example.invalid/pixel.png"); }\n')
    # styles/ sits two levels below tmp_path, so ../../outside.css is the same file by a relative path.
    book = book_with_stylesheet(tmp_path, css)
    proc = cli_build(book, tmp_path / "dist")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for url in (outside.as_uri(), "file:///etc/passwd", "http://example.invalid/remote.css", "http://example.invalid/pixel.png"):
        assert f"refused: {url}" in proc.stderr, proc.stderr
    assert "only files inside the book directory" in proc.stderr
    pdf = tmp_path / "dist" / "small-book.pdf"
    text = " ".join(pdf_page_texts(pdf))
    assert "LEAKED-FROM-OUTSIDE" not in text and "root:" not in text
    from pypdf import PdfReader

    assert not PdfReader(str(pdf)).attachments


def test_yaml_tags_that_would_run_code_are_rejected(tmp_path):
    marker = tmp_path / "ran"
    book = make_small_book(tmp_path / "book", "A Title\n\nText.\n")
    yaml_text = (book / "book.yaml").read_text().replace(
        "title: A Small Book", f'title: !!python/object/apply:os.system ["touch {marker}"]')
    (book / "book.yaml").write_text(yaml_text)
    proc = cli_build(book, tmp_path / "dist")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "book.yaml:2: malformed YAML" in proc.stderr, proc.stderr
    assert not marker.exists()
