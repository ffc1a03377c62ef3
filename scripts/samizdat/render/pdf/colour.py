"""CMYK for print on demand: the output profile, colours and images through it, and a PDF/X finisher.

WeasyPrint 70 converts nothing. An sRGB colour (the default black text
too) is written as DeviceRGB, an image keeps its decoded mode, and the
PDF/X metadata is written without an output intent unless a CMYK profile is
declared in CSS. So a print-on-demand build declares the profile
(`profile_css`), sets every colour the styles can produce as `device-cmyk()`
(`PRINT_CSS`, which WeasyPrint writes as DeviceCMYK), turns images into CMYK
or grey JPEGs through the profile (`print_image`), and cleans up what
WeasyPrint declares anyway (`pdfx_finisher`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ...data import DATA_DIR
from ...model import PrintProfile

ICC_DIR = DATA_DIR / "icc"
REGISTRY = "http://www.color.org"  # where the printing conditions named below are registered
K100 = "device-cmyk(0 0 0 1)"      # pure black: one plate, never a four-colour black


@dataclass(frozen=True)
class OutputProfile:
    """A packaged CMYK profile: the printing condition it stands for and the total ink it separates to."""

    path: Path
    condition: str     # OutputConditionIdentifier: the registered name (the profile's model tag)
    ink_limit: float   # per cent


OUTPUT_PROFILES = {
    PrintProfile.GRACOL: OutputProfile(ICC_DIR / "GRACoL-TR006-240.icc", "CGATS TR 006", 240.0),
    PrintProfile.FOGRA39: OutputProfile(ICC_DIR / "FOGRA39-300.icc", "FOGRA39", 300.0),
}


def profile_css(profile: OutputProfile) -> str:
    # `components:` is required: without it pydyf fails when the profile is written.
    return (f'@color-profile device-cmyk {{ components: cyan, magenta, yellow, black;'
            f' src: url("{profile.path.as_uri()}"); }}\n')


# Every colour the styles and WeasyPrint's own user-agent sheet can produce.
# Borders, text decorations and rules default to currentColor, so the root's
# colour covers them; the footnote rule is a page-context property of its own.
PRINT_CSS = f"""
html {{ color: {K100}; }}
a, a:link, a:visited {{ color: {K100}; }}
hr {{ color: {K100}; }}
table, td, th {{ border-color: {K100}; }}
mark {{ background: none; color: {K100}; }}
@page {{ @footnote {{ border-top-color: {K100}; }} }}
"""


class Separation:
    """Design colours (sRGB) as DeviceCMYK through the output profile, within the ink limit.

    Perceptual rendering: the relative colorimetric tables overshoot the
    profile's own limit by a per cent or two (measured: 241.6 % for a
    240 % profile). Whatever exceeds the target's limit is taken out of C,
    M and Y; K stays, since it carries the darkness.
    """

    def __init__(self, profile: OutputProfile, ink_limit: float):
        from PIL import ImageCms

        self.profile, self.limit = profile, ink_limit
        self.transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile.path)),
                                                 "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)

    def cmyk(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
        from PIL import Image, ImageCms

        if tuple(rgb) == (255, 255, 255):
            return (0.0, 0.0, 0.0, 0.0)  # paper
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), tuple(rgb)), self.transform).getpixel((0, 0))
        c, m, y, k = (v / 255 for v in pixel)
        excess = c + m + y + k - self.limit / 100
        if excess > 0 and c + m + y > 0:
            keep = max(0.0, 1 - excess / (c + m + y))
            c, m, y = c * keep, m * keep, y * keep
        return tuple(round(v, 3) for v in (c, m, y, k))

    def css(self, rgb: tuple[int, int, int]) -> str:
        return "device-cmyk({} {} {} {})".format(*self.cmyk(rgb))


def print_image(data: bytes, profile: OutputProfile, ink_limit: float) -> bytes:
    """Any raster image as a JPEG WeasyPrint embeds as DeviceCMYK (or DeviceGray for grey images).

    A CMYK image must be a JPEG: WeasyPrint re-encodes any other format as
    PNG, which cannot hold CMYK. Transparency is flattened on white paper
    (PDF/X-1a has none); an image's own ICC profile is honoured, else it is
    taken as sRGB. The pixel density is kept: the preflight measures it.
    """
    from PIL import Image, ImageCms

    image = Image.open(io.BytesIO(data))
    image.load()
    dpi = image.info.get("dpi")
    embedded = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    if image.mode in ("1", "L", "I", "I;16", "F"):
        image = image.convert("L")  # one channel: printed with black ink alone
    else:
        if image.mode != "CMYK":
            source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image.convert("RGB"), source, ImageCms.getOpenProfile(str(profile.path)),
                                              renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="CMYK")
        image = _within_ink_limit(image, ink_limit)
    out = io.BytesIO()
    # No ICC profile in the JPEG: the PDF's output intent is the profile.
    image.save(out, "JPEG", quality=95, subsampling=0, **({"dpi": dpi} if dpi else {}))
    return out.getvalue()


def _within_ink_limit(image, ink_limit: float):
    """Take whatever exceeds the limit out of C, M and Y, pixel by pixel (K stays).

    A little under the limit: JPEG's ringing lifts single pixels by about a
    per cent (the preflight measures 4 x 4 pixel averages, as a press would).
    """
    from PIL import Image, ImageMath

    limit = (ink_limit - 1.5) / 100 * 255
    c, m, y, k = image.split()

    def keep(a):
        cmy = a["float"](a["c"]) + a["m"] + a["y"]
        return 1.0 - a["max"](cmy + a["k"] - limit, 0.0) / a["max"](cmy, 1.0)

    factor = ImageMath.lambda_eval(keep, c=c, m=m, y=y, k=k)
    scaled = [ImageMath.lambda_eval(lambda a: a["convert"](a["band"] * a["f"], "L"), band=band, f=factor)
              for band in (c, m, y)]
    return Image.merge("CMYK", (*scaled, k))


def pdfx_finisher(profile: OutputProfile):
    """A WeasyPrint finisher for PDF/X-1a: no Lab, RGB or ICC-based resources, no transparency groups, a named intent.

    WeasyPrint declares /lab-d50 and /lab-d65 (and the profile as an ICCBased
    space) in the colour-space resources every page shares; nothing of ours
    uses them, since device-cmyk() colours are written as /DeviceCMYK, and
    PDF/X-1a admits none of them. Every Form XObject WeasyPrint makes carries a
    transparency group (for background images, opacity, anchored SVG text);
    with nothing translucent drawn, which the preflight checks, the page looks
    the same without it.
    """
    import pydyf

    def finish(_document, pdf) -> None:
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and "lab-d50" in obj:
                for key in ("lab-d50", "lab-d65", "device-cmyk", "srgb"):
                    obj.pop(key, None)
            elif isinstance(obj, pydyf.Stream) and "Group" in obj.extra:
                del obj.extra["Group"]
        for intent in pdf.catalog.get("OutputIntents", ()):
            intent["OutputConditionIdentifier"] = pydyf.String(profile.condition)
            intent["RegistryName"] = pydyf.String(REGISTRY)
    return finish


def drop_links_and_bookmarks(document) -> None:
    """No annotations and no outline: printers reject links inside the bleed box, KDP any bookmark.

    Emptied on the laid-out pages before writing, so neither /Annots nor
    /Outlines (nor objects they would have referred to) is written at all.
    """
    for page in document.pages:
        page.links.clear()
        page.bookmarks.clear()
