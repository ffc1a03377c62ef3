"""The PDF is three layouts joined page by page: labels, bookmarks and links must survive the join."""

from __future__ import annotations

import pytest

import json

from textutil import join_lines, pdf_links, pdf_page_texts


def test_page_labels_are_the_page_map(built):
    from pypdf import PdfReader

    saved = json.loads(next(built["dir"].glob(".*.pagemap.json")).read_text(encoding="utf-8"))
    labels = PdfReader(str(built["pdf"])).page_labels
    assert labels == saved["labels"]
    front = saved["front_pages"]
    assert labels[:3] == ["i", "ii", "iii"] and labels[front] == "1"
    assert labels[front:] == [str(n) for n in range(1, len(labels) - front + 1)]


def test_bookmarks_open_the_pages_where_their_sections_begin(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built["pdf"]))
    pages = [join_lines(t) for t in pdf_page_texts(built["pdf"])]
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert len(outline) >= 5
    titles = [item.title for item in outline]
    assert "Index of names" in titles and "Introduction" in titles
    for item in outline:
        page = reader.get_destination_page_number(item)
        assert item.title.split("(")[0].strip() in pages[page], f"bookmark {item.title!r} opens page {page + 1}"


def test_links_from_the_front_matter_and_the_index_land_where_their_anchors_are(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built["pdf"]))
    destinations = reader.named_destinations
    saved = json.loads(next(built["dir"].glob(".*.pagemap.json")).read_text(encoding="utf-8"))
    links = pdf_links(built["pdf"])
    front = saved["front_pages"]
    index_page = saved["anchors"]["index"]
    from_contents = [(page, anchor) for page, anchor, _ in links if page < front]
    from_index = [(page, anchor) for page, anchor, _ in links if page >= index_page]
    assert from_contents and from_index
    for page, anchor in from_contents + from_index:
        name = anchor.lstrip("/")
        assert name in destinations, f"link on page {page + 1} to {name}, which is no destination"
        assert reader.get_destination_page_number(destinations[name]) == saved["anchors"][name], name


@pytest.mark.slow
def test_cached_page_references_write_the_same_tagged_pdf_and_are_undone():
    import pydyf
    from weasyprint import HTML

    from samizdat.render.pdf.write import page_references_cached

    original = pydyf.PDF.__dict__["page_references"]
    html = "".join(f'<h1 id="h{i}" style="break-before: page">Part {i}</h1><p><a href="#h{(i + 1) % 5}">next</a></p>'
                   for i in range(5))
    doc = HTML(string=f'<html lang="en"><body>{html}</body></html>').render(pdf_tags=True)
    with page_references_cached():
        assert pydyf.PDF.__dict__["page_references"] is not original
        cached = doc.write_pdf(pdf_tags=True)
    assert pydyf.PDF.__dict__["page_references"] is original
    assert cached == doc.write_pdf(pdf_tags=True)
