"""A book that grows: a second instalment is one seed file plus one line in book.yaml.

The real book is copied, a generated instalment in the vocabulary of the
first is added (naming some registered people and one new person), and the
whole is built once for the module.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys

import pytest
from booktools import copy_book, edit
from conftest import EPOCH, ROOT, SEEDS, epubcheck_problems, run_epubcheck
from textutil import XHTML, epub_documents, pdf_links, pdf_page_texts

NEW_SEED = "001_second_instalment.txt"
NEW_TITLE = "The Secret History of Stalin’s Purges (2)"
REGISTERED = ["Yagoda", "Berman", "Slutsky", "Yezhov", "Mironov"]
NEW_PERSON = "Arkady Vetrov"  # in no registry


def instalment_text(first_seed: str, words: int, seed: int = 2) -> str:
    """A seed in the first instalment's lower-case vocabulary, with names woven in."""
    rng = random.Random(seed)
    vocab = [w for w in re.findall(r"[A-Za-z’]+", first_seed.split("\n", 1)[1]) if w[0].islower()]
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentence = [rng.choice(vocab) for _ in range(rng.randint(8, 18))]
            sentence.insert(rng.randrange(1, len(sentence)), rng.choice(REGISTERED))
            text = " ".join(sentence)
            sentences.append(text[0].upper() + text[1:] + ".")
        paragraphs.append(" ".join(sentences))
        count += sum(len(s.split()) for s in sentences)
    paragraphs[len(paragraphs) // 2] += f" Then {NEW_PERSON} came to see me."
    body = "\n\n".join(paragraphs)
    return f"{NEW_TITLE}\n\n\n{body}\n"


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The real book with a second instalment, built: {'book', 'pdf', 'epub', 'map'}."""
    from samizdat.build import build

    tmp = tmp_path_factory.mktemp("grown")
    book = copy_book(tmp)
    first = (SEEDS / "000_5bf8703fa81c4707.txt").read_text(encoding="utf-8")
    (tmp / "seeds" / NEW_SEED).write_text(instalment_text(first, 1100), encoding="utf-8")
    edit(book / "book.yaml", "  - instalment: 000_5bf8703fa81c4707.txt\n",
         f"  - instalment: 000_5bf8703fa81c4707.txt\n  - instalment: {NEW_SEED}\n")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = build(book, tmp / "dist")
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if old is None else os.environ.__setitem__("SOURCE_DATE_EPOCH", old)
    page_map = json.loads(next((tmp / "dist").glob(".*.pagemap.json")).read_text(encoding="utf-8"))
    return {"book": book, "pdf": result.outputs["pdf"], "epub": result.outputs["epub"], "map": page_map}


def chapter_pages(page_map: dict) -> tuple[range, range]:
    """Physical page indices of the two instalments."""
    anchors = page_map["anchors"]
    one, two, after = anchors["chapter-1"], anchors["chapter-2"], anchors["apparatus"]
    return range(one, two), range(two, after)


def test_the_seed_is_the_only_new_text_and_book_yaml_gained_one_line(grown):
    book_yaml = (grown["book"] / "book.yaml").read_text(encoding="utf-8").splitlines()
    original = (ROOT / "book" / "book.yaml").read_text(encoding="utf-8").splitlines()
    assert len(book_yaml) == len(original) + 1
    assert sorted(p.name for p in (grown["book"].parent / "seeds").iterdir()) == sorted([NEW_SEED, "000_5bf8703fa81c4707.txt"])


def test_contents_and_running_heads_follow(grown):
    pages = pdf_page_texts(grown["pdf"])
    contents = next(p for p in pages if "Contents" in p and "Index of names" in p)
    assert "The Secret History of Stalin’s Purges (1)" in contents and NEW_TITLE in contents
    first, second = chapter_pages(grown["map"])
    assert len(second) >= 3, "the new instalment runs to several pages"
    # Rectos after a chapter's opening page carry its title as running head
    # (the generated text never contains the title itself).
    assert [i for i in second[1:] if NEW_TITLE in pages[i]], "no running head with the new instalment's title"
    assert not [i for i in first if NEW_TITLE in pages[i]], "the new title heads a page of the first instalment"
    docs = epub_documents(grown["epub"])
    nav = docs[next(n for n in docs if n.endswith("nav.xhtml"))]
    toc = [a.text for a in nav.iter(f"{XHTML}a")]
    assert NEW_TITLE in toc


def test_the_index_gains_pages_from_both_instalments(grown):
    from pypdf import PdfReader

    labels = PdfReader(str(grown["pdf"])).page_labels
    first, second = chapter_pages(grown["map"])
    for name in REGISTERED:
        shown = [text for _, anchor, text in pdf_links(grown["pdf"]) if anchor.startswith(f"/n-{name.lower()}-") or anchor.startswith(f"n-{name.lower()}-")]
        printed = {int(p) for text in shown for p in re.findall(r"\d+", text)}
        ranges = [tuple(map(int, t.split("–"))) for text in shown for t in re.findall(r"\d+–\d+", text)]
        covered = printed | {p for a, b in ranges for p in range(a, b + 1)}
        in_first = {int(labels[i]) for i in first if labels[i].isdigit()}
        in_second = {int(labels[i]) for i in second if labels[i].isdigit()}
        assert covered & in_first, f"{name}: no index page in instalment 1 ({sorted(covered)})"
        assert covered & in_second, f"{name}: no index page in instalment 2 ({sorted(covered)})"


def test_the_epub_index_reaches_the_new_instalment(grown):
    docs = epub_documents(grown["epub"])
    index = docs[next(n for n in docs if n.endswith("index.xhtml"))]
    for name in REGISTERED:
        entry = next(li for li in index.iter(f"{XHTML}li") if li.get("id") == f"ix-{name.lower()}")
        files = {a.get("href").split("#")[0] for a in entry.iter(f"{XHTML}a")}
        assert {"chapter-1.xhtml", "chapter-2.xhtml"} <= files, (name, files)


def test_the_epub_page_list_reaches_the_new_instalment(grown):
    docs = epub_documents(grown["epub"])
    nav = docs[next(n for n in docs if n.endswith("nav.xhtml"))]
    page_list = next(el for el in nav.iter(f"{XHTML}nav") if "page-list" in (el.get("{http://www.idpf.org/2007/ops}type") or ""))
    targets = [a.get("href") for a in page_list.iter(f"{XHTML}a")]
    first, second = chapter_pages(grown["map"])
    labels = grown["map"]["labels"]
    shown = [a.text for a in page_list.iter(f"{XHTML}a")]
    assert any(t.startswith("chapter-2.xhtml#") for t in targets)
    assert {labels[i] for i in second} <= set(shown)


def test_the_grown_epub_passes_epubcheck(grown):
    assert epubcheck_problems(run_epubcheck(grown["epub"])) == []


def test_lint_reports_the_new_person_as_unregistered(grown):
    from samizdat.lint import lint_book

    findings = lint_book(grown["book"])
    unregistered = [f for f in findings if f.code == "n-001"]
    assert any("Vetrov" in f.message and NEW_SEED in str(f.path) for f in unregistered), findings
    assert not any(name in f.message for f in unregistered for name in REGISTERED)
    proc = subprocess.run([sys.executable, "-c", "import sys; from samizdat.cli import main; sys.exit(main(sys.argv[1:]))",
                           "lint", str(grown["book"]), "--format", "json"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    reported = json.loads(proc.stdout)
    assert any(f["code"] == "n-001" and "Vetrov" in f["message"] for f in reported)
    assert {"code", "severity", "message", "path", "line"} <= set(reported[0])
