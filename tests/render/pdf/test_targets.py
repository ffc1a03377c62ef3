"""What a print-on-demand preset does to the page count and the gutter, before anything is laid out."""

from __future__ import annotations

import pytest

from samizdat.model import Target
from samizdat.render.pdf.targets import OnDemand


@pytest.fixture(scope="module")
def presets(manuscript):
    return {t: OnDemand.of(manuscript, t) for t in (Target.KDP, Target.INGRAMSPARK)}


@pytest.mark.parametrize("target, pages, added", [
    (Target.KDP, 30, 0), (Target.KDP, 31, 0), (Target.KDP, 10, 14),        # KDP: 24 pages at least, any parity
    (Target.INGRAMSPARK, 30, 0), (Target.INGRAMSPARK, 31, 1), (Target.INGRAMSPARK, 1, 1),
])
def test_blank_pages_at_the_end_only_for_the_printers_count(presets, target, pages, added):
    assert presets[target].pages_to_add(pages) == added


@pytest.mark.parametrize("pages, shift", [(30, 0), (150, 0), (151, 0.125), (300, 0.125), (301, 0.25), (828, 0.5)])
def test_kdp_moves_the_text_block_by_what_its_table_adds(presets, pages, shift):
    assert presets[Target.KDP].gutter_shift(pages) == pytest.approx(shift)
    assert presets[Target.INGRAMSPARK].gutter_shift(pages) == 0


def test_the_heads_come_down_only_where_the_printer_needs_it(presets, manuscript):
    assert "padding-bottom: 0.12in" in presets[Target.INGRAMSPARK].css(manuscript)
    assert "padding-bottom: 0.22in" in presets[Target.KDP].css(manuscript)  # as print.css has it
    for preset in presets.values():
        assert preset.ink_limit == 240 and "device-cmyk(0 0 0 1)" in preset.css(manuscript)
