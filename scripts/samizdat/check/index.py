"""The index check: every number in the PDF's index is a page where that name stands."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import ids
from .registry import FAIL, PASS, Outputs, check


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010\u00ad-]\n(?=\w)", "", text)
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def index_links(pdf: Path) -> list[tuple[int, str, str, int]]:
    """(page of the link, anchor, text in the link's rectangle, page the anchor is on) for name anchors."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    named = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    out = []
    for index, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        if not annots:
            continue
        fragments: list[tuple[float, float, str]] = []

        def visitor(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                fragments.append((x, y, text))

        page.extract_text(visitor_text=visitor)
        for annot in annots:
            a = annot.get_object()
            dest = a.get("/Dest")
            if a.get("/Subtype") != "/Link" or dest is None or not str(dest).startswith(ids.NAME_PREFIX):
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            xs, ys = sorted((x0, x1)), sorted((y0, y1))
            inside = "".join(t for x, y, t in fragments if xs[0] - 1 <= x <= xs[1] and ys[0] - 2 <= y <= ys[1] + 1).strip()
            out.append((index, str(dest), inside, named.get(str(dest), -1)))
    return out


@check("index", "every index number names a page where that name stands", on_demand=False)
def index_check(outputs: Outputs):
    from pypdf import PdfReader

    manuscript = outputs.manuscript
    forms = {e.id: e.forms for e in manuscript.names}
    reader = PdfReader(str(outputs.pdf))
    labels = list(reader.page_labels)
    texts = [_norm(p.extract_text() or "") for p in reader.pages]
    problems = []
    links = index_links(outputs.pdf)
    for page, anchor, shown, target in links:
        entry_id = ids.entry_of_name_ref(anchor)
        # The rectangle may take in the comma or stop after the number; a range names its first page.
        first = re.sub(r"[^0-9A-Za-z].*$", "", shown.split("–")[0].strip())
        if target < 0:
            problems.append(f"page {labels[page]}: link to {anchor} has no destination")
        elif first != labels[target]:
            problems.append(f"page {labels[page]}: index shows {shown!r} for {anchor}, which is on page {labels[target]}")
        elif not any(_norm(f) in texts[target] for f in forms.get(entry_id, ())):
            problems.append(f"page {labels[target]}: none of {entry_id}'s forms is on the page the index names")
    if not links and manuscript.names:
        return FAIL, "the PDF has no index links to names", []
    if problems:
        return FAIL, f"{len(problems)} of {len(links)} index numbers wrong", problems
    return PASS, f"{len(links)} index numbers, each on a page where the name stands", []
