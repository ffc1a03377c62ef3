"""XHTML + CSS -> ebooklib -> the EPUB: our own nav (toc, landmarks, page-list), page-break markers, cover."""
