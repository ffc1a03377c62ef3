"""XHTML + CSS -> WeasyPrint -> the PDF: layout in three parts, the page map, page labels, fonts, fetcher."""
