"""samizdat: editions of found texts, from one manuscript model to EPUB 3 and PDF."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("samizdat")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
