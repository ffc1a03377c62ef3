"""Property tests: any seed text gives a valid model and well-formed XHTML, or a clean error."""

from __future__ import annotations

import pytest

import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import epubcheck_problems, make_small_book, run_epubcheck

# Quotes, dashes, markup characters, non-Latin scripts, combining marks, controls, odd spaces.
SPECIALS = "“”‘’\"'—–-‐<>&;/\\*_`#[](){}!?.,:…\u00a0\u2009\u200b\u0301\t\x07\x0c\ufeff"
SCRIPTS = "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЖЗ斯大林肃反秘史一九三四αβγδΩשלוםمرحبا"
WORDS = st.text(alphabet=st.sampled_from(list("abcdefghij ABCDEF 0123456789" + SPECIALS + SCRIPTS)), min_size=1, max_size=60)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
LONG_PARAGRAPH = st.builds(lambda w, n: " ".join([w] * n), WORDS, st.integers(50, 400))
SEED = st.builds(lambda title, paras: title + "\n\n" + "\n\n".join(paras) + "\n",
                 WORDS, st.lists(st.one_of(PARAGRAPH, LONG_PARAGRAPH), min_size=0, max_size=6))


def epub_from(seed: str, root: Path) -> bytes | None:
    """The EPUB of a one-instalment book, or None after a clean SamizdatError."""
    from samizdat.build import load_manuscript
    from samizdat.render.epub.builder import EpubBuilder
    from samizdat.errors import SamizdatError

    book = make_small_book(root / "book", seed)
    try:
        manuscript = load_manuscript(book)
    except SamizdatError as exc:
        assert exc.path is None or Path(exc.path).name in ("seed.txt", "book.yaml"), str(exc)
        assert exc.message and "\n" not in exc.message
        return None
    return EpubBuilder(manuscript, 1764000000).build()


def assert_well_formed(epub: bytes, seed: str) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        docs = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}  # raises if not XML
    chapter = next(d for n, d in docs.items() if "chapter-1" in n)
    text = "".join(chapter.itertext())
    from samizdat.assemble.typography import typeset

    # Every word of the seed's first paragraph stands in the chapter, escaped or
    # not, as typography sets it (curly quotes, a word joiner before a dash).
    for word in typeset(seed.split("\n\n")[1]).split()[:20] if "\n\n" in seed.strip() else ():
        assert word in text or word.strip("\ufeff\u200b") in text, word


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SEED)
def test_any_seed_gives_wellformed_xhtml_or_a_clean_error(seed):
    with tempfile.TemporaryDirectory() as tmp:
        epub = epub_from(seed, Path(tmp))
        if epub is not None:
            assert_well_formed(epub, seed)


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SEED)
def test_random_books_pass_epubcheck(seed):
    with tempfile.TemporaryDirectory() as tmp:
        epub = epub_from(seed, Path(tmp))
        if epub is not None:
            path = Path(tmp) / "random.epub"
            path.write_bytes(epub)
            assert epubcheck_problems(run_epubcheck(path)) == []
