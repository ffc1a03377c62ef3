"""What WeasyPrint's writing needs added: page labels, and a fix for its tagged-PDF cost."""

from __future__ import annotations

from contextlib import contextmanager

from ..pagemap import PageMap


@contextmanager
def page_references_cached():
    """While writing, let pydyf build its list of page references once, not once per use.

    `pydyf.PDF.page_references` (pydyf 0.13) is a property that rebuilds a
    tuple of every page's reference at each use, and WeasyPrint's tagging
    uses it once per tagged element: writing a tagged book took time growing
    with the square of its pages. The tuple is cached while no page is added.
    """
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property):  # a pydyf without the property: nothing to do
        yield
        return

    def cached(pdf):
        kids = pdf.pages["Kids"]
        memo = pdf.__dict__.get("_page_references_memo")
        if memo is None or memo[0] != len(kids):
            memo = (len(kids), original.fget(pdf))
            pdf.__dict__["_page_references_memo"] = memo
        return memo[1]

    pydyf.PDF.page_references = property(cached)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def add_page_labels(pdf, page_map: PageMap) -> None:
    """What WeasyPrint does not write: /PageLabels, roman for the front matter, then arabic from 1."""
    import pydyf

    nums = []
    if page_map.front_pages:
        nums += [0, pydyf.Dictionary({"S": "/r", "St": 1})]
    if len(page_map.labels) > page_map.front_pages:
        nums += [page_map.front_pages, pydyf.Dictionary({"S": "/D", "St": 1})]
    if nums:
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(nums)})
