"""The EPUB's cover: a PNG drawn at build time from the book's metadata.

The design (title, author, instalment and publisher in the book's own
typeface) is `render/coverdesign.py`'s, which the print cover's front panel
shares. The same metadata and the same fonts always give the same bytes:
Pillow writes no time or other varying chunk into a PNG, and text is laid
out by FreeType alone (basic layout, so the result does not depend on
whether libraqm is present).
"""

from __future__ import annotations

import io

from ...model import Metadata
from ..coverdesign import HEIGHT, PAPER, WIDTH, Lines, Rect, cover_text, font, front_design

COVER_IMAGE = "images/cover.png"
COVER_PAGE = "cover.xhtml"


def render_cover(m: Metadata) -> bytes:
    """The cover as PNG bytes, WIDTH x HEIGHT."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for item in front_design(cover_text(m)):
        if isinstance(item, Rect):
            box = (item.x0, item.y0, item.x1, item.y1)
            if item.stroke:
                draw.rectangle(box, outline=item.colour, width=item.stroke)
            else:
                draw.rectangle(box, fill=item.colour)
        elif isinstance(item, Lines):
            typeface = font(item.weight, item.style, item.size)
            for i, line in enumerate(item.lines):
                draw.text((WIDTH // 2, item.top + i * item.step), line, font=typeface, fill=item.colour, anchor="ma")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


def render_cover_page(m: Metadata, language: str, stylesheets: list[str]) -> str:
    """The cover's XHTML page: the image, full height, with the cover's words as alt text."""
    from ..html.writer import attrs, document

    body = (f'<section{attrs(id="cover", class_="cover", epub_type="cover", aria_label="Cover")}>\n'
            f'<img{attrs(src=COVER_IMAGE, alt=cover_text(m).alt(), role="doc-cover", class_="cover-image")}/>\n'
            "</section>")
    return document("Cover", language, body, stylesheets, body_class="cover-page")
