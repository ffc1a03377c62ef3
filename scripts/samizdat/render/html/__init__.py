"""The model -> semantic XHTML, shared by the PDF and the EPUB.

`writer` renders the text (a table from node type to writer); one module
per generated section renders that section (title pages, contents,
apparatus, endnotes, glossary, sources, index). The PDF and the EPUB each
keep a table from section kind to these renderers.
"""
