"""The full-wrap cover of a print-on-demand target: back, spine and front on one CMYK PDF/X page.

Its size follows from the interior's page count and paper (`model.printers`):
`@page { size: <trim>; bleed: 0.125in }` makes WeasyPrint's TrimBox the cut
cover and its MediaBox and BleedBox the file the printers ask for. Every
item is positioned in inches from the trim's top left corner. The front is
the EPUB cover's design (`render/coverdesign.py`), its lines broken once and
placed here at the panel's scale; the spine carries title and author,
reading top to bottom, once the book is thick enough; the back the book's
description, the publisher and the barcode's place.
"""

from __future__ import annotations

import html
import io
from datetime import datetime, timezone

from ...model import Manuscript, Target
from ...model.printers import PRINTERS, SAFE, CoverGeometry, cover_geometry
from .. import fonts
from ..coverdesign import ACCENT, HEIGHT, INK, PAPER, WIDTH, Lines, Rect, cover_text, font, front_design
from .colour import K100, Separation, drop_links_and_bookmarks, pdfx_finisher, profile_css
from .targets import PDF_VARIANT, OnDemand

SPINE_FILL = 0.7      # spine type: its size a share of the spine's live width ...
SPINE_MAX = 0.22      # ... at most this (inches), and shrunk until title and author fit its length
BLURB_INSET = 0.5     # the back's text stands this far inside the trim and the fold


class CoverBuilder:
    def __init__(self, manuscript: Manuscript, target: Target, pages: int, epoch: int):
        from .fetch import make_fetcher

        self.m = manuscript
        self.on_demand = OnDemand.of(manuscript, target)
        self.rules = PRINTERS[target]
        self.pages = pages
        self.epoch = epoch
        options = manuscript.metadata.print_options
        self.geometry: CoverGeometry = cover_geometry(manuscript.metadata.trim.size, self.rules, pages, options.paper,
                                                      options.spine)
        self.separation = Separation(self.on_demand.profile, self.on_demand.ink_limit)
        self.fetcher = make_fetcher(manuscript)

    @property
    def spine_text(self) -> bool:
        return self.rules.spine_text(self.pages)

    def build(self) -> bytes:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        font_config, profiles = FontConfiguration(), {}
        sheets = [CSS(string=fonts.font_face_css() + profile_css(self.on_demand.profile) + self.css(),
                      font_config=font_config, url_fetcher=self.fetcher, color_profiles=profiles)]
        document = HTML(string=self.html(), url_fetcher=self.fetcher).render(
            stylesheets=sheets, font_config=font_config, color_profiles=profiles)
        drop_links_and_bookmarks(document)
        return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=pdfx_finisher(self.on_demand.profile))

    # -- the page ---------------------------------------------------------------------

    def css(self) -> str:
        g, colour = self.geometry, self.separation.css
        return f"""
@page {{ size: {g.width:.4f}in {g.panel_h:.4f}in; margin: 0; bleed: {g.bleed}in; background: {colour(PAPER)}; }}
html {{ color: {colour(INK)}; font-family: {fonts.font_stack()}; }}
body {{ margin: 0; }}
div {{ position: absolute; }}
.line {{ text-align: center; line-height: 1; white-space: nowrap; }}
.frame {{ box-sizing: border-box; }}
.blurb {{ font-size: 12.5pt; line-height: 17pt; text-align: left; hyphens: manual; }}
.publisher {{ font-size: 11pt; letter-spacing: 0.08em; }}
.barcode {{ background: device-cmyk(0 0 0 0); color: {K100}; text-align: center; }}
.barcode .isbn {{ position: static; font-size: 8pt; letter-spacing: 0.05em; margin-top: 0.06in; }}
.barcode svg {{ display: block; margin: 0.02in auto 0; }}
.spine {{ transform: rotate(90deg); text-align: center; white-space: nowrap; font-weight: 600; }}
.spine .by {{ font-weight: 400; padding-left: 0.8em; }}
"""

    def html(self) -> str:
        m = self.m.metadata
        stamp = datetime.fromtimestamp(self.epoch, timezone.utc).isoformat()
        head = (f"<title>{html.escape(m.title)}: cover</title>"
                f'<meta name="dcterms.created" content="{stamp}"/><meta name="dcterms.modified" content="{stamp}"/>'
                f'<meta name="generator" content="samizdat"/>')
        parts = [self.front(), self.back()] + ([self.spine()] if self.spine_text else [])
        return (f'<!DOCTYPE html><html lang="{html.escape(m.language)}"><head>{head}</head>'
                f'<body>{"".join(parts)}</body></html>')

    def front(self) -> str:
        """The EPUB cover's items on the front panel: sizes scale with its width, heights with its height."""
        panel = self.geometry.front
        sx, sy = panel.w / WIDTH, panel.h / HEIGHT
        out = []
        for item in front_design(cover_text(self.m.metadata)):
            if isinstance(item, Rect):
                box = (f"left:{panel.x + item.x0 * sx:.4f}in;top:{item.y0 * sy:.4f}in;"
                       f"width:{(item.x1 - item.x0) * sx:.4f}in;height:{(item.y1 - item.y0) * sy:.4f}in")
                colour = self.separation.css(item.colour)
                if item.stroke:
                    out.append(f'<div class="frame" style="{box};border:{item.stroke * sx:.4f}in solid {colour}"></div>')
                else:
                    out.append(f'<div class="rule" style="{box};background:{colour}"></div>')
            elif isinstance(item, Lines):
                size = item.size * sx
                # Pillow places a line's ascender at `top`; with line-height 1 the ascender stands
                # (ascent + descent - 1) / 2 em above the line box.
                ascent, descent = font(item.weight, item.style, 1000).getmetrics()
                lift = (ascent + descent - 1000) / 2000 * size
                for i, line in enumerate(item.lines):
                    top = (item.top + i * item.step) * sy + lift
                    out.append(f'<div class="line" style="left:{panel.x:.4f}in;width:{panel.w:.4f}in;top:{top:.4f}in;'
                               f'font-size:{size:.4f}in;font-weight:{item.weight};font-style:{item.style};'
                               f'color:{self.separation.css(item.colour)}">{html.escape(line)}</div>')
        return "\n".join(out)

    def back(self) -> str:
        """The description, the publisher at the foot, and the barcode's area at the lower right."""
        m, g = self.m.metadata, self.geometry
        left = g.back.x + BLURB_INSET
        width = g.back.w - 2 * BLURB_INSET
        out = []
        if m.description:
            out.append(f'<div class="blurb" style="left:{left:.4f}in;top:{g.back.y + 0.9:.4f}in;width:{width:.4f}in">'
                       f'{html.escape(m.description)}</div>')
        if m.publisher:
            out.append(f'<div class="publisher" style="left:{left:.4f}in;top:{g.barcode.bottom - 0.3:.4f}in">'
                       f'{html.escape(m.publisher)}</div>')
        if m.isbn:  # else the area stays background: kept clear for the printer's own barcode
            b = g.barcode
            out.append(f'<div class="barcode" style="left:{b.x:.4f}in;top:{b.y:.4f}in;width:{b.w:.4f}in;height:{b.h:.4f}in">'
                       f'<div class="isbn">ISBN {m.isbn[:3]}-{m.isbn[3:12]}-{m.isbn[12]}</div>{ean13_svg(m.isbn)}</div>')
        return "\n".join(out)

    def spine(self) -> str:
        """Title and author centred on the spine, turned to read from top to bottom."""
        m, live = self.m.metadata, self.geometry.spine_live
        author = ", ".join(p.name for p in m.creators if p.role == "aut")
        size = min(SPINE_FILL * live.w, SPINE_MAX)
        # Shrink until the line fits the spine's length (measured in the faces it is set in).
        bold, regular = font(600, "normal", 1000), font(400, "normal", 1000)
        length = (bold.getlength(m.title) + regular.getlength(f"  {author}" if author else "")) / 1000
        size = min(size, 0.95 * live.h / max(length, 1e-6))
        cx, cy = live.x + live.w / 2, live.y + live.h / 2
        by = f'<span class="by">{html.escape(author)}</span>' if author else ""
        return (f'<div class="spine" style="left:{cx - live.h / 2:.4f}in;top:{cy - live.w / 2:.4f}in;'
                f'width:{live.h:.4f}in;height:{live.w:.4f}in;line-height:{live.w:.4f}in;font-size:{size:.4f}in">'
                f'{html.escape(m.title)}{by}</div>')


def ean13_svg(isbn: str) -> str:
    """The ISBN's EAN-13 barcode as inline SVG, in black ink alone on paper white.

    python-barcode draws it (100 % size: 0.33 mm modules). Its style strings
    are fixed (`fill:black`, `fill:white`), so replacing them gives K-only
    colours, which WeasyPrint's SVG renderer parses as CSS. The check digit
    was checked when book.yaml was read: the library would silently replace
    a wrong one.
    """
    from barcode import EAN13
    from barcode.writer import SVGWriter

    out = io.BytesIO()
    EAN13(isbn[:12], writer=SVGWriter(), guardbar=True).write(out, options={
        "module_width": 0.33, "module_height": 18.0, "quiet_zone": 3.63, "font_size": 9, "text_distance": 2.5,
        "background": "white", "foreground": "black"})
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg"):]  # inline: no XML declaration or doctype
    return (svg.replace("fill:black", f"fill:{K100}").replace("fill:white", "fill:device-cmyk(0 0 0 0)")
            .replace("font-size:", f"font-family:'{fonts.FAMILY}';font-size:"))
