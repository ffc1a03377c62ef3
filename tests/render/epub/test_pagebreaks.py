"""Page starts: recorded from WeasyPrint's layout, found again in XHTML."""

from __future__ import annotations

from lxml import etree

from samizdat.render.epub.pagebreaks import PageMark, insert_page_marks, plan_page_marks
from samizdat.render.pagemap import PageMap, PageStart, counted

DOC = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
       '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head>'
       '<body><section id="s"><h2 id="s-title">Title</h2>'
       '<p id="p1">The <span class="name">Ministry</span> of the Interior<a class="noteref" href="#n">12</a> sent a '
       'telegram to the station.</p>'
       '<ul id="list"><li>First entry, vii, 1–3.</li><li>Second entry, 4.</li></ul>'
       '</section></body></html>\n')


def text_after(xhtml: str, anchor: str) -> str:
    root = etree.fromstring(xhtml.encode())
    out, on = [], False
    for el in root.iter():
        if el.get("id") == anchor:
            on = True
            out.append(el.tail or "")
            continue
        if on:
            out.append((el.text or "") + (el.tail or ""))
    return "".join(out).strip()


def test_counted_leaves_out_whitespace_and_layout_hyphens():
    assert counted("col\u2010 lect a\u00adb top-secret") == "collectabtop-secret"


def test_marker_lands_before_the_word_the_page_begins_in():
    # The page began inside "Interior" (hyphenated "Inte-rior" at the page end): counted
    # characters before it are "TheMinistryoftheInte".
    mark = PageMark("3", "a.xhtml", PageStart("p1", len("TheMinistryoftheInte"), "rior"))
    out = insert_page_marks(DOC, [mark])
    assert text_after(out, "page-3").startswith("Interior")
    # The words are unchanged, and the marker is empty and well formed.
    assert etree.fromstring(out.encode()).xpath("string(//*[@id='p1'])") == \
        etree.fromstring(DOC.encode()).xpath("string(//*[@id='p1'])")
    assert '<span epub:type="pagebreak" role="doc-pagebreak" id="page-3" aria-label="3"/>' in out
    assert out.startswith('<?xml') and "<!DOCTYPE html>" in out


def test_note_numbers_are_not_counted():
    # In print the note number is a footnote call, not text of the paragraph.
    mark = PageMark("4", "a.xhtml", PageStart("p1", len("TheMinistryoftheInteriorsenta"), "telegram"))
    assert text_after(insert_page_marks(DOC, [mark]), "page-4").startswith("telegram")


def test_probe_finds_the_place_where_the_wording_differs():
    # The PDF printed "vii, 1–3" but the EPUB says something else before the page start:
    # the page's first characters are found near the offset.
    mark = PageMark("9", "a.xhtml", PageStart("list", 3, "Secondentry"))
    assert text_after(insert_page_marks(DOC, [mark]), "page-9").startswith("Second entry")


def test_blank_and_unknown_pages_are_marked_where_the_next_page_begins():
    page_map = PageMap(labels=["i", "ii", "iii", "1", "2"], starts=[
        PageStart("half-title", 0, "Title"), None, PageStart("s-title", 0, "Title"),
        PageStart("p1", 0, "TheMinistry"), None])
    marks = plan_page_marks(page_map, {"a.xhtml": {"s", "s-title", "p1"}})
    assert [(m.label, m.start.element if m.start else None) for m in marks] == [
        ("i", "s-title"), ("ii", "s-title"), ("iii", "s-title"), ("1", "p1"), ("2", "p1")]
    assert marks[-1].start.offset == -1  # a trailing blank: at the end of the last marked element
    out = insert_page_marks(DOC, [m for m in marks])
    order = [el.get("id") for el in etree.fromstring(out.encode()).iter() if (el.get("id") or "").startswith("page-")]
    assert order == ["page-i", "page-ii", "page-iii", "page-1", "page-2"]
    assert text_after(out, "page-iii").startswith("Title")


def test_page_map_round_trips_through_json():
    import json

    page_map = PageMap(["i", "1"], {"a": 0, "b": 1}, 1, [None, PageStart("p-1-1", 12, "Abc")])
    assert PageMap.from_json(json.loads(json.dumps(page_map.to_json()))) == page_map
    # A page map written before page starts were recorded still loads.
    assert PageMap.from_json({"labels": ["1"], "anchors": {}, "front_pages": 0}).starts == []


def test_a_page_that_begins_after_a_slash_or_hyphen_begins_exactly_there():
    doc = DOC.replace("sent a telegram", "sent a top-secret OGPU/NKVD telegram")
    before = "TheMinistryoftheInteriorsentatop-secretOGPU/"
    mark = PageMark("5", "a.xhtml", PageStart("p1", len(before), "NKVDtelegram"))
    assert text_after(insert_page_marks(doc, [mark]), "page-5").startswith("NKVD telegram")
    mark = PageMark("6", "a.xhtml", PageStart("p1", len("TheMinistryoftheInteriorsentatop-"), "secret"))
    assert text_after(insert_page_marks(doc, [mark]), "page-6").startswith("secret OGPU")


def test_a_page_that_begins_with_a_link_is_marked_before_the_link_not_inside_it():
    # An index page can begin with a page locator: the marker may not become part of the link.
    mark = PageMark("7", "a.xhtml", PageStart("p1", len("The"), "Ministry"))
    root = etree.fromstring(insert_page_marks(DOC, [mark]).encode())
    marker = next(el for el in root.iter() if el.get("id") == "page-7")
    assert etree.QName(marker.getparent()).localname == "p"
    assert etree.QName(marker.getnext()).localname == "span" and marker.getnext().text == "Ministry"
    assert text_after(etree.tostring(root, encoding="unicode"), "page-7").startswith("Ministry of the Interior")
