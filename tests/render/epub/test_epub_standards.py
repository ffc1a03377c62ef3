"""The EPUB to a publisher's bar: valid, accessible, semantic, with a cover, reproducible."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from conftest import EPOCH, ROOT
from textutil import pdf_page_texts

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# -- reading the built file ------------------------------------------------------------


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def entries(built) -> dict[str, bytes]:
    return read_zip(built["epub"])


@pytest.fixture(scope="module")
def opf(entries) -> etree._Element:
    return etree.fromstring(entries["EPUB/content.opf"])


def metas(opf, prop: str) -> list[etree._Element]:
    return opf.findall(f"{OPF}metadata/{OPF}meta[@property='{prop}']")


def meta_values(opf, prop: str, refines: str | None = None) -> list[str]:
    return [m.text for m in metas(opf, prop) if refines is None or m.get("refines") == "#" + refines]


def spine_documents(entries, opf) -> list[tuple[str, etree._Element]]:
    hrefs = {i.get("id"): i.get("href") for i in opf.iter(f"{OPF}item")}
    return [(hrefs[ref.get("idref")], etree.fromstring(entries["EPUB/" + hrefs[ref.get("idref")]]))
            for ref in opf.iter(f"{OPF}itemref")]


# -- checkers --------------------------------------------------------------------------


# EPUBCheck, with usage advice counted as problems, runs in test_pipeline.


def test_ace_by_daisy_finds_no_violation(built, tmp_path):
    if not ACE.exists():
        pytest.fail("Ace is not installed: `make test` installs it from tools/ace/package-lock.json")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is required for Ace (scripts/system-deps installs it)")
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=CHROMIUM, HOME=str(tmp_path))
    proc = subprocess.run([str(ACE), "--force", "--silent", "--outdir", str(tmp_path / "ace"), str(built["epub"])],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    report_path = tmp_path / "ace" / "report.json"
    assert report_path.exists(), f"Ace wrote no report (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    violations = [f"{a['earl:testSubject']['url']}: {b['earl:test']['dct:title']} ({b['earl:test']['earl:impact']})"
                  for a in report["assertions"] for b in a.get("assertions", [])]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace saw the metadata it looks for, not an empty shell.
    assert set(report["a11y-metadata"]["present"]) >= {
        "schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
        "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo"}
    assert report["a11y-metadata"]["empty"] == []


# -- metadata --------------------------------------------------------------------------


def test_accessibility_metadata(opf, entries):
    assert set(meta_values(opf, "schema:accessMode")) == {"textual", "visual"}  # the cover is an image
    assert meta_values(opf, "schema:accessModeSufficient") == ["textual"]
    features = set(meta_values(opf, "schema:accessibilityFeature"))
    assert features >= {"structuralNavigation", "tableOfContents", "index", "readingOrder", "alternativeText",
                        "displayTransformability"}
    # pageNavigation is claimed exactly when there is a page-list to back it.
    has_page_list = b'epub:type="page-list"' in entries["EPUB/nav.xhtml"]
    assert ("pageNavigation" in features) == has_page_list
    assert meta_values(opf, "schema:accessibilityHazard") == ["none"]
    assert len(meta_values(opf, "schema:accessibilitySummary")[0]) > 100
    assert meta_values(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert meta_values(opf, "a11y:certifiedBy") == ["samizdat"]


def test_bibliographic_metadata(opf, manuscript):
    m = manuscript.metadata
    md = opf.find(f"{OPF}metadata")
    assert opf.get(XML_LANG) == "en" and md.findtext(f"{DC}language") == "en"

    identifier = md.find(f"{DC}identifier")
    assert opf.get("unique-identifier") == identifier.get("id")
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", identifier.text)
    assert identifier.text == m.identifier

    titles = {t.get("id"): t.text for t in md.findall(f"{DC}title")}
    assert titles == {"title": m.title, "subtitle": m.subtitle}
    assert meta_values(opf, "title-type", "title") == ["main"]
    assert meta_values(opf, "title-type", "subtitle") == ["subtitle"]

    creators = md.findall(f"{DC}creator")
    assert [c.text for c in creators] == ["Alexander Orlov"]
    assert meta_values(opf, "role", creators[0].get("id")) == ["aut"]
    assert meta_values(opf, "file-as", creators[0].get("id")) == ["Orlov, Alexander"]
    role_metas = [x for x in metas(opf, "role")]
    assert all(x.get("scheme") == "marc:relators" for x in role_metas)
    assert all(x.get("scheme") is None for x in metas(opf, "file-as"))  # file-as takes no relator scheme

    # The translation chain, in order, each with its role.
    chain = [(c.text, meta_values(opf, "role", c.get("id"))) for c in md.findall(f"{DC}contributor")]
    assert chain == [(p.name, [p.role]) for p in m.contributors]
    assert [r for _, [r] in chain] == ["trl", "trl", "edt"]

    for key in ("publisher", "date", "rights", "description", "source"):
        assert md.findtext(f"{DC}{key}") == getattr(m, key), key
    assert [s.text for s in md.findall(f"{DC}subject")] == list(m.subjects)

    collection = metas(opf, "belongs-to-collection")
    assert [c.text for c in collection] == [m.series]
    assert meta_values(opf, "collection-type", collection[0].get("id")) == ["series"]
    assert meta_values(opf, "group-position", collection[0].get("id")) == ["1"]

    modified = datetime.fromtimestamp(int(EPOCH), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert meta_values(opf, "dcterms:modified") == [modified]
    assert md.find(f"{OPF}meta[@name='generator']") is None


# -- semantics -------------------------------------------------------------------------


def test_every_document_has_language_semantics_and_ordered_headings(entries, opf):
    from samizdat.render.html.writer import SECTION_SEMANTICS

    roles = {epub_type: role for epub_type, role in SECTION_SEMANTICS.values()}
    seen_types = set()
    for name, doc in spine_documents(entries, opf):
        assert doc.get("lang") == "en" and doc.get(XML_LANG) == "en", name
        top = doc.find(f"{XHTML}body")[0]
        epub_type = top.get(EPUB_TYPE)
        assert epub_type, f"{name}: the body's first element has no epub:type"
        seen_types.add(epub_type)
        if roles.get(epub_type):  # the types DPUB-ARIA has a role for
            assert top.get("role") == roles[epub_type], name
        levels = [int(h.tag[-1]) for h in doc.iter() if isinstance(h.tag, str) and re.fullmatch(rf"{re.escape(XHTML)}h[1-6]", h.tag)]
        if levels:
            assert levels[0] <= 2, f"{name}: opens with h{levels[0]}"
        else:  # a page without a heading (cover, imprint) is still named for assistive technology
            assert top.get("aria-label") or top.get("aria-labelledby"), f"{name}: no heading and no label"
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{name}: h{before} is followed by h{after}"
    assert seen_types >= {"cover", "titlepage", "copyright-page", "toc", "introduction", "chapter", "endnotes",
                          "glossary", "bibliography", "index"}


def test_landmarks_lead_to_real_places(entries):
    nav = etree.fromstring(entries["EPUB/nav.xhtml"])
    landmarks = nav.find(f".//{XHTML}nav[@{EPUB_TYPE}='landmarks']")
    links = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iter(f"{XHTML}a")}
    assert set(links) >= {"cover", "titlepage", "toc", "bodymatter", "endnotes", "index"}
    for href in links.values():
        file, _, anchor = href.partition("#")
        doc = etree.fromstring(entries["EPUB/" + file])
        if anchor:
            assert doc.xpath("//*[@id=$a]", a=anchor), href


def test_toc_mirrors_the_printed_contents(built, entries):
    nav = etree.fromstring(entries["EPUB/nav.xhtml"])
    toc = nav.find(f".//{XHTML}nav[@{EPUB_TYPE}='toc']")
    epub_titles = [" ".join("".join(a.itertext()).split()) for a in toc.iter(f"{XHTML}a")]

    contents = next(t for t in pdf_page_texts(built["pdf"]) if " Contents " in f" {t} ")
    chunks = re.split(r"(?:\s*\.){3,}\s*", contents.split("Contents", 1)[1])
    pdf_titles = [re.sub(r"^(?:[ivxlcdm]+|\d+)\s+", "", c).strip() for c in chunks]
    pdf_titles = [t for t in pdf_titles if t and not re.fullmatch(r"[ivxlcdm]+|\d+", t)]

    # Print has footnotes where the EPUB has a Notes document; all else is the same list.
    assert [t for t in epub_titles if t != "Notes"] == pdf_titles
    assert "Notes" in epub_titles and len(pdf_titles) >= 6
    ncx = etree.fromstring(entries["EPUB/toc.ncx"])
    ncx_ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    assert [t.text for t in ncx.iter(f"{ncx_ns}text")][1:] == epub_titles  # the first is the book's title


# -- cover -----------------------------------------------------------------------------


def test_cover_image_page_and_alt_text(entries, opf, manuscript):
    from PIL import Image

    covers = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "").split()]
    assert len(covers) == 1 and covers[0].get("media-type") == "image/png"
    image = Image.open(io.BytesIO(entries["EPUB/" + covers[0].get("href")]))
    assert image.width >= 1400 and image.height >= 2100 and image.format == "PNG"
    assert len(image.getcolors(1 << 24)) > 50  # words drawn, not a blank plate

    first, page = spine_documents(entries, opf)[0]
    assert first == "cover.xhtml"
    section = page.find(f"{XHTML}body/{XHTML}section")
    assert section.get(EPUB_TYPE) == "cover"
    img = section.find(f"{XHTML}img")
    assert img.get("src") == covers[0].get("href") and img.get("role") == "doc-cover"
    alt = img.get("alt")
    for words in (manuscript.metadata.title, "Alexander Orlov", "Instalment 1", "samizdat"):
        assert words in alt


def test_cover_is_drawn_from_the_metadata_and_is_deterministic(manuscript):
    from samizdat.render.epub.cover import render_cover

    m = manuscript.metadata
    first = render_cover(m)
    assert render_cover(m) == first
    assert render_cover(replace(m, title="Another Title Entirely")) != first
    assert render_cover(replace(m, series_position=2)) != first


# -- stylesheet ------------------------------------------------------------------------


def css_declarations(text: str) -> list[tuple[str, str]]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [(p.strip().lower(), v.strip()) for p, v in re.findall(r"([\w-]+)\s*:\s*([^;{}]+)", text)]


def test_stylesheets_leave_the_reader_in_charge(entries):
    css = {n: entries[n].decode("utf-8") for n in entries if n.endswith(".css")}
    assert set(css) == {"EPUB/css/base.css", "EPUB/css/epub.css"}
    for name, text in css.items():
        assert "@page" not in text, name
        for prop, value in css_declarations(text):
            assert not re.search(r"\d(px|pt|pc|cm|mm|in|q)\b", value, re.I), f"{name}: {prop}: {value} is not relative"
            assert not prop.startswith("background"), f"{name}: {prop} forces a background"
            if prop == "color":
                assert value in ("inherit", "currentColor"), f"{name}: color: {value} forces a colour"
            assert prop != "font-family", f"{name}: the typeface is the reader's choice"
            assert "!important" not in value, name
    declared = css_declarations(css["EPUB/css/base.css"]) + css_declarations(css["EPUB/css/epub.css"])
    assert ("hyphens", "auto") in declared
    # print justifies; the EPUB hands alignment back to the reading system
    assert ("text-align", "inherit") in css_declarations(css["EPUB/css/epub.css"])


# -- reproducibility -------------------------------------------------------------------


def test_zip_layout_is_fixed(built):
    with zipfile.ZipFile(built["epub"]) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b""
    assert built["epub"].read_bytes()[30:38] == b"mimetype"  # at byte 30, as readers sniff it
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
    assert infos[1].filename == "META-INF/container.xml"


def test_two_builds_are_byte_identical(built, tmp_path):
    from samizdat.build import build

    again = build(ROOT / "book", tmp_path, formats=("epub",)).outputs["epub"]
    assert again.read_bytes() == built["epub"].read_bytes()


def test_metadata_a_book_does_not_have_is_left_out(manuscript):
    """No subtitle, series or publisher: no empty elements, no dangling refines."""
    from samizdat.render.epub.builder import EpubBuilder

    m = replace(manuscript, metadata=replace(manuscript.metadata, subtitle="", series="", series_position=0,
                                             publisher=""))
    data = EpubBuilder(m, int(EPOCH)).build()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        cover_alt = etree.fromstring(z.read("EPUB/cover.xhtml")).find(f".//{XHTML}img").get("alt")
    md = opf.find(f"{OPF}metadata")
    assert [t.text for t in md.findall(f"{DC}title")] == [m.metadata.title]
    assert metas(opf, "belongs-to-collection") == [] and metas(opf, "group-position") == []
    assert md.find(f"{DC}publisher") is None and metas(opf, "a11y:certifiedBy") == []
    ids = {e.get("id") for e in opf.iter() if e.get("id")}
    assert all(x.get("refines")[1:] in ids for x in opf.iter(f"{OPF}meta") if x.get("refines"))
    assert all((x.text or "").strip() for x in md if x.get("name") != "cover")
    assert "Instalment" not in cover_alt and "published by" not in cover_alt
