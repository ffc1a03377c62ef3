"""Read and validate the book directory; return plain, checked data (`BookInput`).

The only error raised here is SamizdatError(path, line, message).
"""

from .book import BookInput, ContentItem, load_book

__all__ = ["BookInput", "ContentItem", "load_book"]
