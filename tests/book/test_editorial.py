"""The editorial matter: the introduction against the fact sheet, citations, glossary and sources."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml
from booktools import copy_book, edit
from conftest import BOOK, SHARED
from editorial import claim_problems, read_claims, read_fact_sheet, unbacked
from textutil import XHTML, element_text, epub_documents, pdf_links, pdf_page_texts

from samizdat.build import load_manuscript
from samizdat.errors import SamizdatError
from samizdat.model.walk import CONTAINERS, walk
from samizdat.model import Citation, NameRef, Paragraph

FACTS = SHARED / "editorial" / "facts.md"
CLAIMS = BOOK / "claims.yaml"


def prose(inlines) -> str:
    """The introduction's own words: citations left out (their years belong to the Sources)."""
    out = []
    for node in inlines:
        if isinstance(node, Citation):
            continue
        if isinstance(node, CONTAINERS):
            out.append(prose(node.children))
        elif hasattr(node, "text"):
            out.append(node.text)
    return "".join(out)


def introduction_paragraphs(manuscript) -> list[str]:
    intro = next(s for s in manuscript.sections if s.kind == "introduction")
    # Typography's invisible marks (no-break spaces in "12 July", word joiners
    # before dashes) are not part of a claim's wording.
    return [" ".join(prose(b.inlines).replace("\u2060", "").split()) for b in intro.blocks if isinstance(b, Paragraph)]


@pytest.fixture(scope="module")
def sheet():
    return read_fact_sheet(FACTS)


@pytest.fixture(scope="module")
def claims():
    return read_claims(CLAIMS)


# --- the introduction and its claims ------------------------------------------------


def test_fact_sheet_parses(sheet):
    assert {"RW", "CT", "VO", "LR", "AN", "RL", "BB", "YA", "RUDN"} <= sheet.keys
    assert any(item.startswith("| born |") for item in sheet.items)


def test_every_claim_rests_on_the_fact_sheet(manuscript, sheet, claims):
    problems = claim_problems(claims[0], sheet, introduction_paragraphs(manuscript))
    assert not problems, "\n".join(problems)


def test_every_year_date_and_name_in_the_introduction_is_claimed(manuscript, claims):
    found = unbacked(introduction_paragraphs(manuscript), *claims)
    assert not found, "not backed by book/claims.yaml: " + ", ".join(found)


@pytest.mark.parametrize("addition, caught", [
    ("He was back in Moscow in 1940.", "year '1940'"),
    ("He saw Yezhov on 3 May 1937.", "date '3 May 1937'"),
    ("He also knew Trotsky.", "name 'Trotsky'"),
    ("He also knew Trotsky’s son.", "name 'Trotsky’s'"),
])
def test_an_unclaimed_year_date_or_name_is_caught(tmp_path, claims, addition, caught):
    book = copy_book(tmp_path)
    edit(book / "introduction.md", "He died in Cleveland", addition + " He died in Cleveland")
    found = unbacked(introduction_paragraphs(load_manuscript(book)), *claims)
    assert caught in found


def test_an_uncertain_claim_stated_as_certain_is_caught(tmp_path, sheet, claims):
    book = copy_book(tmp_path)
    edit(book / "introduction.md", "he seems to have been an assistant prosecutor", "he was an assistant prosecutor")
    problems = claim_problems(claims[0], sheet, introduction_paragraphs(load_manuscript(book)))
    assert any("hedge 'seems to have'" in p for p in problems)


def test_a_claim_beyond_the_fact_sheet_is_caught(manuscript, sheet, claims):
    real = next(c for c in claims[0] if "12th Army" in c.values)
    invented = replace(real, facts=("| Civil War | Red Army, 13th Army |",))
    overstated = replace(next(c for c in claims[0] if c.hedge == "seems to have"), confidence="H")
    unknown_key = replace(real, sources=("XX",))
    wrong_key = replace(real, sources=("KT",))
    paragraphs = introduction_paragraphs(manuscript)
    problems = claim_problems([invented, overstated, unknown_key, wrong_key], sheet, paragraphs)
    assert any("fact not in facts.md" in p for p in problems)
    assert any("confidence H, but facts.md gives M" in p for p in problems)
    assert any("XX is not in facts.md's Sources" in p for p in problems)
    assert any("does not give KT" in p for p in problems)


def test_not_names_hides_no_person(claims):
    registry = yaml.safe_load((BOOK / "names.yaml").read_text(encoding="utf-8"))
    person_words = {w for e in registry["persons"] for f in e.get("forms", []) for w in f.split()}
    assert not person_words & set(claims[1])


def test_introduction_length_and_headings(manuscript):
    words = sum(len(p.split()) for p in introduction_paragraphs(manuscript))
    assert 1200 <= words <= 2000, words
    intro = next(s for s in manuscript.sections if s.kind == "introduction")
    headings = [prose(b.inlines) for b in intro.blocks if not isinstance(b, Paragraph)]
    assert headings == ["Who Alexander Orlov was", "How this text reached us", "What this instalment contains",
                        "What historians dispute", "How this edition treats the text"]


# --- citations --------------------------------------------------------------------------


def test_short_references_are_never_index_occurrences(manuscript):
    """“Yagoda entry” cites a work; it is not a mention of Yagoda."""
    cited = 0
    for block in [b for s in manuscript.sections for b in s.blocks] + [b for n in manuscript.notes for b in n.body]:
        for node in walk(block.inlines):
            if isinstance(node, Citation):
                cited += 1
                assert node.shorts and len(node.shorts) == len(node.keys)
    assert cited >= 20
    notes = {n.id: n for n in manuscript.notes}
    refs = [node for b in notes["n-yagoda"].body for node in walk(b.inlines) if isinstance(node, NameRef)]
    assert [r.text for r in refs if r.entry_id == "yagoda"] == ["Yagoda"], "only the Yagoda of the prose, not of “(Yagoda entry)”"


def test_citations_link_to_the_full_reference_in_the_epub(built):
    docs = epub_documents(built["epub"])
    ids = {f"{name.rsplit('/', 1)[-1]}#{el.get('id')}" for name, doc in docs.items() for el in doc.iter() if el.get("id")}
    spans = [(name, el) for name, doc in docs.items() for el in doc.iter(f"{XHTML}span") if el.get("class") == "citation"]
    assert len(spans) >= 20
    for name, span in spans:
        assert not [e for e in span.iter() if "name" in (e.get("class") or "").split()], f"a name tagged inside a citation in {name}"
        links = list(span.iter(f"{XHTML}a"))
        assert links and all(a.get("href") in ids for a in links), [a.get("href") for a in links]


def test_citations_link_to_the_full_reference_in_the_pdf(built):
    from pypdf import PdfReader

    destinations = set(PdfReader(str(built["pdf"])).named_destinations)
    cited = [(anchor, shown) for _, anchor, shown in pdf_links(built["pdf"]) if anchor.startswith("src-")]
    assert len(cited) >= 40
    assert all(anchor in destinations for anchor, _ in cited)


@pytest.mark.parametrize("text, message", [
    ("Shot in 1938 [@ZZ].", "unknown source key(s) ZZ"),
    ("Shot in 1938 [@ CT].", "malformed citation"),
])
def test_a_bad_citation_is_an_error_with_its_place(tmp_path, text, message):
    book = copy_book(tmp_path)
    edit(book / "introduction.md", "He died in Cleveland", text + " He died in Cleveland")
    with pytest.raises(SamizdatError) as err:
        load_manuscript(book)
    assert message in str(err.value) and "introduction.md:" in str(err.value)


def test_a_tracking_parameter_in_a_source_address_is_an_error(tmp_path):
    book = copy_book(tmp_path)
    edit(book / "sources.yaml", "SPorlov.htm", "SPorlov.htm?utm_source=feed&x=1")
    with pytest.raises(SamizdatError) as err:
        load_manuscript(book)
    assert "utm_source" in str(err.value) and "sources.yaml:" in str(err.value)


# --- glossary and sources in both outputs -------------------------------------------------


def test_glossary_is_alphabetical_and_its_first_occurrences_link_to_it(built, manuscript):
    docs = epub_documents(built["epub"])
    glossary = next(doc for name, doc in docs.items() if name.endswith("glossary.xhtml"))
    terms = [dt.text for dt in glossary.iter(f"{XHTML}dt")]
    assert terms == sorted(terms, key=str.casefold) and len(terms) == len(manuscript.glossary)
    ids = {el.get("id") for el in glossary.iter() if el.get("id")}
    links = [a for name, doc in docs.items() if "chapter" in name for a in doc.iter(f"{XHTML}a")
             if a.get("class") == "glossterm"]
    targets = [a.get("href") for a in links]
    assert len(targets) == len(set(targets)), "a term is linked more than once"
    assert {t.split("#")[1] for t in targets} <= ids
    assert all(t.split("#")[0] == "glossary.xhtml" for t in targets)
    chapter_text = " ".join(prose(b.inlines) for sec in manuscript.sections if sec.kind == "chapter" for b in sec.blocks)
    expected = {g.id for g in manuscript.glossary if any(f in chapter_text for f in g.forms)}
    assert {t.split("#")[1] for t in targets} == expected and len(expected) >= 8
    pdf = " ".join(pdf_page_texts(built["pdf"]))
    assert all(term in pdf for term in terms)


def test_sources_list_every_work_in_both_outputs(built, manuscript):
    docs = epub_documents(built["epub"])
    sources = next(doc for name, doc in docs.items() if name.endswith("sources.xhtml"))
    items = {li.get("id"): element_text(li) for li in sources.iter(f"{XHTML}li")}
    assert set(items) == {"src-" + s.key.lower() for s in manuscript.sources}
    shorts = [text.split(":")[0] for text in items.values()]  # in document order
    assert shorts == sorted(shorts, key=str.casefold) and set(shorts) == {s.short for s in manuscript.sources}
    assert "Boris Volodarsky. Stalin’s Agent: The Life and Death of Alexander Orlov. 2015." in items["src-vo"]
    for s in manuscript.sources:
        if s.title.startswith("[") or not (s.url or s.publisher):
            assert s.note, f"{s.key}: an incomplete reference must say what it lacks"
    pdf = " ".join(pdf_page_texts(built["pdf"]))
    assert "Costello and Tsarev 1993: John Costello and Oleg Tsarev. Deadly Illusions. 1993." in pdf
    assert not re.search(r"[?&](utm_|fbclid|gclid)", pdf)


def test_every_fact_sheet_key_is_a_source(sheet, manuscript):
    assert sheet.keys == {s.key for s in manuscript.sources}


def test_chinese_and_russian_words_carry_their_language(built):
    docs = epub_documents(built["epub"])
    marked = {lang: [el.text for doc in docs.values() for el in doc.iter(f"{XHTML}span") if el.get("lang") == lang]
              for lang in ("zh", "ru")}
    assert "《斯大林肃反秘史》" in marked["zh"] and "约瑟夫·科辛斯基" in marked["zh"] and "肃反" in marked["zh"]
    assert "Орлов, Александр Михайлович" in marked["ru"]
    unmarked = []
    for name, doc in docs.items():
        for el in doc.iter():
            if el.get("lang") in ("zh", "ru"):
                continue
            for text in (el.text, el.tail if el.getparent() is not None and el.getparent().get("lang") not in ("zh", "ru") else None):
                if text and re.search(r"[\u4e00-\u9fff\u0400-\u04ff]", text) and (el.tag != f"{XHTML}a" or "://" not in text):
                    unmarked.append((name, text[:40]))
    assert not unmarked, unmarked


def test_notes_cite_only_the_sources_they_list(manuscript):
    for note in manuscript.notes:
        cited = {k for b in note.body for node in walk(b.inlines) if isinstance(node, Citation) for k in node.keys}
        assert cited <= set(note.sources), f"{note.id} cites {cited - set(note.sources)} without listing them"


def test_first_mention_of_each_person_in_the_introduction_links_to_the_index(built, manuscript):
    persons = {e.id for e in manuscript.names if e.kind == "person"}
    docs = epub_documents(built["epub"])
    intro = next(doc for name, doc in docs.items() if name.endswith("introduction.xhtml"))
    seen: set[str] = set()
    for el in intro.iter():
        if "name" not in (el.get("class") or "").split():
            continue
        entry = el.get("id")[2:].rsplit("-", 1)[0]
        if entry in persons:
            linked = el.tag == f"{XHTML}a" and el.get("href") == f"index.xhtml#ix-{entry}"
            assert linked == (entry not in seen), f"{el.get('id')}: first mention linked, later ones not"
            seen.add(entry)
    assert {"orlov", "stalin", "yagoda", "volodarsky", "gazur"} <= seen
