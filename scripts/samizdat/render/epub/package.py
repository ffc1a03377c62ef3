"""The EPUB package document's metadata: bibliographic and accessibility.

ebooklib writes whatever is put in `book.metadata`; this module decides what
goes there. Its `add_author` ties `file-as` to the MARC relator scheme and
cannot write `dc:contributor`, so people are written here with plain
`add_metadata` calls and `refines`. `PackageWriter` adds `xml:lang` on
`<package>` (Ace's `epub-lang` check) and drops ebooklib's generator line,
which would change the bytes with every ebooklib release.
"""

from __future__ import annotations

from ebooklib import epub

from ...model import Metadata, Person

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Every feature but pageNavigation holds for every book samizdat makes;
# pageNavigation is declared only when the nav document has a page-list.
ACCESSIBILITY_FEATURES = (
    "structuralNavigation", "tableOfContents", "index", "readingOrder", "alternativeText",
    "displayTransformability",
)
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
SUMMARY = (
    "This publication conforms to EPUB Accessibility 1.1 and WCAG 2.2 Level AA. "
    "It is text with reflowable layout: readers may change the typeface, size, spacing and colours. "
    "Each chapter and each part of the editorial matter is a separate document with headings in order; "
    "a table of contents and landmarks lead to each. Note references and corrections link to their notes "
    "and to the apparatus, and back; glossary terms and names link to their entries. "
    "The only image is the cover, whose words are given as text. "
    "There are no hazards."
)


class PackageWriter(epub.EpubWriter):
    def _write_opf_metadata(self, root):
        # `root` is the <package> element: the book's language belongs on it too.
        root.set(XML_LANG, self.book.language)
        return super()._write_opf_metadata(root)


def write_epub(target, book: epub.EpubBook, options: dict) -> None:
    """ebooklib's `write_epub`, with `PackageWriter`."""
    writer = PackageWriter(target, book, options)
    writer.process()
    writer.write()


def _meta(book: epub.EpubBook, prop: str, value: str, refines: str | None = None, **extra: str) -> None:
    attrs = {"property": prop}
    if refines:
        attrs["refines"] = "#" + refines
    attrs.update(extra)
    book.add_metadata(None, "meta", value, attrs)


def _person(book: epub.EpubBook, element: str, uid: str, person: Person) -> None:
    book.add_metadata("DC", element, person.name, {"id": uid})
    _meta(book, "role", person.role, uid, scheme="marc:relators")
    if person.file_as:
        _meta(book, "file-as", person.file_as, uid)


def add_book_metadata(book: epub.EpubBook, m: Metadata, *, page_list: bool, cover_item: str | None) -> None:
    """Identifier, titles, people, publication facts, series, and the accessibility claims."""
    book.metadata.get(epub.NAMESPACES["OPF"], {}).pop("generator", None)
    book.set_identifier(m.identifier)
    book.language = m.language
    book.set_unique_metadata("DC", "language", m.language)

    book.title = m.title  # ebooklib's toc.ncx takes its title from here
    book.add_metadata("DC", "title", m.title, {"id": "title"})
    _meta(book, "title-type", "main", "title")
    if m.subtitle:
        book.add_metadata("DC", "title", m.subtitle, {"id": "subtitle"})
        _meta(book, "title-type", "subtitle", "subtitle")

    for i, person in enumerate(m.creators, 1):
        _person(book, "creator", f"creator-{i}", person)
    # The translation chain and the editor: each link with its MARC role.
    for i, person in enumerate(m.contributors, 1):
        _person(book, "contributor", f"contributor-{i}", person)

    for key in ("publisher", "date", "rights", "description", "source"):
        if getattr(m, key):
            book.add_metadata("DC", key, getattr(m, key))
    for subject in m.subjects:
        book.add_metadata("DC", "subject", subject)

    if m.series:
        book.add_metadata(None, "meta", m.series, {"property": "belongs-to-collection", "id": "collection"})
        _meta(book, "collection-type", "series", "collection")
        if m.series_position:
            _meta(book, "group-position", str(m.series_position), "collection")

    if cover_item:  # the EPUB 2 pointer some older reading systems still look for
        book.add_metadata(None, "meta", "", {"name": "cover", "content": cover_item})

    _meta(book, "schema:accessMode", "textual")
    if cover_item:
        _meta(book, "schema:accessMode", "visual")
    _meta(book, "schema:accessModeSufficient", "textual")
    features = ACCESSIBILITY_FEATURES + (("pageNavigation",) if page_list else ())
    for feature in sorted(features):
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    _meta(book, "schema:accessibilitySummary", SUMMARY)
    book.add_metadata(None, "meta", CONFORMANCE, {"property": "dcterms:conformsTo", "id": "conformance"})
    if m.publisher:  # the publisher checks its own books (EPUBCheck and Ace run in its test suite)
        _meta(book, "a11y:certifiedBy", m.publisher)
