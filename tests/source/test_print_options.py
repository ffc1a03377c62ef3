"""book.yaml's `isbn` and `print:` are checked where the book is read, each error at its line."""

from __future__ import annotations

import pytest

from booktools import copy_book, edit
from samizdat.errors import SamizdatError
from samizdat.model import Paper, PrintProfile
from samizdat.source import load_book
from samizdat.source.isbn import isbn13

GOOD_ISBN = "978-0-306-40615-7"  # the standard example: its check digit is 7


def book_with(tmp_path, text: str):
    book = copy_book(tmp_path)
    edit(book / "book.yaml", "trim: 6x9\n", "trim: 6x9\n" + text)
    return book


def line_of(book, needle: str) -> int:
    return next(i for i, line in enumerate((book / "book.yaml").read_text().splitlines(), 1) if needle in line)


def error_of(book) -> SamizdatError:
    with pytest.raises(SamizdatError) as caught:
        load_book(book)
    return caught.value


def test_isbn_and_print_options_are_read(tmp_path):
    book = book_with(tmp_path, f"isbn: {GOOD_ISBN}\nprint:\n  paper: cream\n  spine: 0.25\n  profile: fogra39\n")
    m = load_book(book).metadata
    assert m.isbn == "9780306406157"
    assert (m.print_options.paper, m.print_options.spine, m.print_options.profile) == (Paper.CREAM, 0.25, PrintProfile.FOGRA39)


def test_without_them_the_defaults_hold(tmp_path):
    m = load_book(copy_book(tmp_path)).metadata
    assert m.isbn == "" and m.print_options.paper == Paper.WHITE and m.print_options.spine is None
    assert m.print_options.profile is None  # the target's own


@pytest.mark.parametrize("isbn, words", [
    ("978-0-306-40615-8", "the check digit is 8, but the first twelve digits give 7"),
    ("978-0-306-4061", "13 digits"),
    ("977-0-306-40615-7", "begins with 978 or 979"),
    ("978-0-306-4O615-7", "13 digits"),  # a letter O for a zero
])
def test_a_wrong_isbn_is_an_error_at_its_line(tmp_path, isbn, words):
    book = book_with(tmp_path, f"isbn: {isbn}\n")
    error = error_of(book)
    assert error.path == str(book / "book.yaml") and error.line == line_of(book, "isbn:")
    assert words in error.message, error.message


@pytest.mark.parametrize("text, key, words", [
    ("print:\n  paper: glossy\n", "paper:", "'paper' must be one of white, cream, not 'glossy'"),
    ("print:\n  spine: wide\n", "spine:", "'spine' must be the spine's width in inches"),
    ("print:\n  spine: 0\n", "spine:", "above 0 and below 4"),
    ("print:\n  profile: swop\n", "profile:", "'profile' must be one of gracol, fogra39"),
    ("print:\n  papr: cream\n", "papr:", "unknown key 'papr' in 'print' (did you mean 'paper'?)"),
    ("print: cream\n", "print:", "'print' must be a mapping"),
])
def test_a_wrong_print_option_is_an_error_at_its_line(tmp_path, text, key, words):
    book = book_with(tmp_path, text)
    error = error_of(book)
    assert error.line == line_of(book, key), (error.line, error.message)
    assert words in error.message, error.message


def test_isbn13_accepts_spaces_and_plain_digits():
    assert isbn13("978 0 306 40615 7") == isbn13("9780306406157") == "9780306406157"
    assert isbn13("979-10-90636-07-1") == "9791090636071"
