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

from .errors import SamizdatError

FAMILY = "EB Garamond"
WEIGHTS = (400, 600, 700)  # text, headings, bold
# Fallback for scripts the main face lacks (the Chinese the introduction quotes).
FALLBACK_FAMILIES = ("Noto Serif CJK SC", "Noto Serif CJK JP", "Noto Sans CJK SC")


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
    return tuple(out)


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
    return ", ".join(f"'{f}'" for f in (FAMILY, *FALLBACK_FAMILIES)) + ", serif"
