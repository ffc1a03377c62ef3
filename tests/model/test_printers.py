"""The printers' figures and the full-wrap cover's geometry, as the printers publish them."""

from __future__ import annotations

import pytest

from samizdat.model import Paper, Target, Trim
from samizdat.model.printers import BLEED, PRINTERS, cover_geometry

KDP, INGRAMSPARK = PRINTERS[Target.KDP], PRINTERS[Target.INGRAMSPARK]


@pytest.mark.parametrize("pages, margin", [(24, 0.375), (150, 0.375), (151, 0.5), (300, 0.5), (301, 0.625),
                                           (500, 0.625), (501, 0.75), (700, 0.75), (701, 0.875), (828, 0.875)])
def test_kdp_inside_margin_follows_its_table(pages, margin):
    assert KDP.inside_margin(pages) == margin


def test_ingramspark_margin_is_half_an_inch_whatever_the_count():
    assert {INGRAMSPARK.inside_margin(n) for n in (24, 151, 828)} == {0.5} and INGRAMSPARK.min_margin == 0.5


@pytest.mark.parametrize("pages, paper, spine", [(100, Paper.WHITE, 0.2252), (300, Paper.WHITE, 0.6756),
                                                 (300, Paper.CREAM, 0.75), (30, Paper.WHITE, 0.0676)])
def test_spine_is_pages_times_the_papers_thickness(pages, paper, spine):
    assert KDP.spine(pages, paper) == spine
    assert KDP.spine(pages, paper, given=0.3) == 0.3  # the printer's own template wins


def test_cover_is_two_panels_and_the_spine_with_bleed_all_round():
    g = cover_geometry(Trim.SIX_BY_NINE.size, KDP, 300, Paper.WHITE, None)
    assert g.width == pytest.approx(12.6756) and g.panel_h == 9
    assert g.media == pytest.approx((12.6756 + 2 * BLEED, 9 + 2 * BLEED))
    assert g.folds == pytest.approx((6, 6.6756))
    assert (g.back.x, g.spine_box.x, g.front.x) == pytest.approx((0, 6, 6.6756))
    # The barcode's 2 x 1.2 in stands at the back's lower right, 0.25 in from the fold and the foot.
    assert (g.barcode.right, g.barcode.bottom, g.barcode.w, g.barcode.h) == pytest.approx((5.75, 8.75, 2, 1.2))
    assert g.spine_live.x == pytest.approx(6.0625) and g.spine_live.w == pytest.approx(0.6756 - 0.125)


@pytest.mark.parametrize("rules, thin, thick", [(KDP, 78, 79), (INGRAMSPARK, 47, 48)])
def test_spine_text_only_from_the_printers_page_count(rules, thin, thick):
    assert not rules.spine_text(thin) and rules.spine_text(thick)


def test_page_counts_and_ink():
    assert KDP.pages == (24, 828) and not KDP.even_pages and not KDP.bookmarks_allowed
    assert INGRAMSPARK.even_pages and INGRAMSPARK.ink_limit == 240 and INGRAMSPARK.pdfx == "PDF/X-1a"
