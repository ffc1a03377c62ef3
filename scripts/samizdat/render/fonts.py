"""The book's typefaces: static instances cut from the packaged variable fonts.

WeasyPrint embeds a variable font's default outlines whatever weight is
asked for, and fakes bold when a face is missing. So each weight the
styles use is instantiated once with fontTools and cached; `@font-face`
then names a real file per weight and style.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import SamizdatError

FAMILY = "EB Garamond"
WEIGHTS = (400, 600, 700)  # text, headings, bold
STYLES = ("normal", "italic")
# Fallback for the Chinese the book quotes: Noto Serif CJK SC, cut out of
# Debian's font collection (fonts-noto-cjk) under a family name of our own,
# so fontconfig can never pick a system face and slant or embolden it.
CJK_FAMILY = "Samizdat Noto Serif CJK SC"
CJK_COLLECTIONS = {  # weight -> (collection, face name); upright only: Chinese is not set in italic
    400: (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    700: (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"), "Noto Serif CJK SC"),
}


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str  # "normal" | "italic"
    path: Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "samizdat" / "fonts"


def _variable_sources() -> dict[str, Path]:
    try:
        import fontpkg_eb_garamond as package
    except ImportError:
        raise SamizdatError(None, None, "the font package fontpkg-eb-garamond is not installed (run `make`)") from None
    files = package.ROOT / "files"
    return {"normal": files / "EBGaramond[wght].ttf", "italic": files / "EBGaramond-Italic[wght].ttf"}


def faces() -> tuple[Face, ...]:
    """The static faces, instantiated on first use and cached by source hash."""
    out = []
    for style, source in _variable_sources().items():
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        for weight in WEIGHTS:
            target = cache_dir() / f"EBGaramond-{style}-{weight}-{digest}.ttf"
            if not target.exists():
                _instantiate(source, weight, target)
            out.append(Face(FAMILY, weight, style, target))
    return tuple(out) + cjk_faces()


def cjk_faces() -> tuple[Face, ...]:
    """The CJK fallback declared for every weight and style the styles use.

    The face has no italic and no 600: italic text gets the upright face
    (Chinese is not slanted) and 600 the nearest real weight, so neither is
    ever synthesised. Missing collections give no faces (the glyph-coverage
    test then names the characters left uncovered).
    """
    cut: dict[int, Path] = {}
    for weight, (collection, name) in CJK_COLLECTIONS.items():
        if collection.is_file():
            target = cache_dir() / f"{name.replace(' ', '')}-{weight}-{collection.stat().st_size}.otf"
            if not target.exists():
                _extract(collection, name, target)
            cut[weight] = target
    if not cut:
        return ()
    out = []
    for style in STYLES:
        for weight in WEIGHTS:
            nearest = min(cut, key=lambda w: (abs(w - weight), -w))
            out.append(Face(CJK_FAMILY, weight, style, cut[nearest]))
    return tuple(out)


def _extract(collection: Path, name: str, target: Path) -> None:
    from fontTools.ttLib import TTCollection

    target.parent.mkdir(parents=True, exist_ok=True)
    fonts = TTCollection(collection, lazy=True).fonts
    font = next((f for f in fonts if f["name"].getDebugName(1) == name), None)
    if font is None:
        raise SamizdatError(collection, None, f"no face named {name!r} in this font collection")
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(tmp)
    tmp.replace(target)


def _instantiate(source: Path, weight: int, target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font = instancer.instantiateVariableFont(TTFont(source), {"wght": weight}, updateFontNames=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(tmp)
    tmp.replace(target)  # atomic: a parallel build never sees half a font


def font_face_css() -> str:
    rules = []
    for face in faces():
        rules.append(
            "@font-face { font-family: '%s'; font-weight: %d; font-style: %s; src: url('%s'); }"
            % (face.family, face.weight, face.style, face.path.as_uri())
        )
    return "\n".join(rules)


def font_stack() -> str:
    return f"'{FAMILY}', '{CJK_FAMILY}', serif"
