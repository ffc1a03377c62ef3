"""A URL fetcher for WeasyPrint that reads only what the book may use.

By default WeasyPrint fetches any `file:` or `http:` URL a stylesheet or a
link names (and `<link rel=attachment>` embeds the file in the PDF). The
book's fetcher serves files under the book directory, the styles and the
cached fonts, and refuses everything else, with a logged reason.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from typing import Callable

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...model import Manuscript
from .. import fonts
from .colour import ICC_DIR

RASTER = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff")

LOGGER = logging.getLogger("samizdat")


class BookFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...], convert_image: Callable[[bytes], bytes] | None = None):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = tuple(r.resolve() for r in roots)
        self.refused: list[str] = []
        self.convert_image = convert_image

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                response = super().fetch(url, headers)
                if self.convert_image is not None and response.content_type in RASTER:
                    try:
                        data = response.read()
                    finally:
                        response.close()
                    return URLFetcherResponse(response.url, self.convert_image(data), {"Content-Type": "image/jpeg"})
                return response
        self.refused.append(url)
        LOGGER.warning("refused to fetch %s: only files of the book, its styles and fonts are read", url)
        raise ValueError(f"samizdat does not fetch {url}")


def make_fetcher(manuscript: Manuscript, convert_image: Callable[[bytes], bytes] | None = None) -> BookFetcher:
    return BookFetcher((Path(manuscript.book_dir), Path(manuscript.styles_dir), fonts.cache_dir(), ICC_DIR),
                       convert_image)
