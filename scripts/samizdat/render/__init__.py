"""Rendering: the model to XHTML (`html`), then to a PDF (`pdf`, WeasyPrint) and an EPUB (`epub`, ebooklib).

`pagemap` (where each page fell) is the PDF's output and the EPUB's and the
index's input; `fonts` serves both the PDF and the EPUB's cover.
"""
