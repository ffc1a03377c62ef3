"""Is HarfBuzz's subsetter installed? WeasyPrint subsets fonts much faster with it.

Without libharfbuzz-subset WeasyPrint falls back to fontTools (and says
only that a future version will need the library). The build says once,
plainly, what is missing and what it costs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

LOGGER = logging.getLogger("samizdat")
# The names WeasyPrint tries (weasyprint/text/ffi.py), in the same order.
LIBRARY_NAMES = ("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0",
                 "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")
_warned = False


def subsetting_library_available() -> bool:
    for name in LIBRARY_NAMES:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return ctypes.util.find_library("harfbuzz-subset") is not None


def warn_if_subsetting_is_slow(available: bool | None = None) -> bool:
    """Log one warning per process if the library is missing; True if it was logged now."""
    global _warned
    if _warned:
        return False
    if available is None:
        available = subsetting_library_available()
    if available:
        return False
    _warned = True
    LOGGER.warning("libharfbuzz-subset is not installed: WeasyPrint subsets fonts with fontTools instead, "
                   "which makes the PDF build markedly slower. Install the Debian package libharfbuzz-subset0 "
                   "(scripts/system-deps does, as root).")
    return True
