"""Document formats (PDF, EPUB, Word, OpenDocument, RTF), recognised by their content.

``detect.parse_bytes`` asks ``read_document`` first: a file whose bytes say PDF (``%PDF``),
RTF (``{\\rtf``) or a zip holding an EPUB, a .docx or an .odt is read as that, whatever its
name; a file named like one of these that is none of them is refused with what it is, so a
wrong extension is one clear line instead of a text import of binary noise.
"""

from collections.abc import Callable

from app.core.errors import ImportFailed
from app.core.importers import epub, office, pdf, rtf
from app.core.importers.draft import Draft
from app.core.importers.safe_zip import SafeZip, is_zip, zip_mimetype
from app.core.text_decode import looks_binary

DOCUMENT_SUFFIXES = {".pdf", ".epub", ".docx", ".odt", ".rtf"}
# Documents carry pictures and fonts: they may be larger than a text article.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
_NAMES = {
    ".pdf": "PDF",
    ".epub": "EPUB",
    ".docx": "Word document",
    ".odt": "OpenDocument text",
    ".rtf": "RTF document",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
EPUB_MIMETYPE = b"application/epub+zip"
# Office saves a password-protected .docx inside an OLE compound file, as old .doc files are.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_document(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a document format."""
    return pdf.looks_like_pdf(head) or is_zip(head) or rtf.looks_like_rtf(head)


Result = tuple[list[Draft], list[ImportFailed]]


def _read_zip(data: bytes, name: str) -> Result:
    mimetype = zip_mimetype(data)
    kind = {EPUB_MIMETYPE: "EPUB", ODT_MIMETYPE: "OpenDocument text"}.get(mimetype, "document")
    archive = SafeZip(data, name, kind)
    if mimetype == EPUB_MIMETYPE or (
        archive.has("META-INF/container.xml") and not archive.has("content.xml")
    ):
        archive.kind = "EPUB"
        return epub.parse_epub(archive, name)
    if archive.has("word/document.xml"):
        archive.kind = "Word document"
        return office.parse_docx(archive, name)
    if mimetype == ODT_MIMETYPE or (archive.has("content.xml") and not mimetype):
        archive.kind = "OpenDocument text"
        return [office.parse_odt(archive, name)], []
    shown = mimetype.decode("ascii", "replace") if mimetype else "no document inside"
    raise ImportFailed(
        name, f"a zip archive, not a Word, OpenDocument text or EPUB document ({shown})"
    )


def read_document(data: bytes, suffix: str, name: str) -> Result | None:
    """The articles of a document file and the parts of it that failed (a periodical's
    unreadable items), or None when the bytes are no document format."""
    reader: Callable[[bytes, str], list[Draft]] | None = None
    if pdf.looks_like_pdf(data):
        reader = pdf.parse
    elif rtf.looks_like_rtf(data):
        reader = rtf.parse
    elif is_zip(data):
        return _read_zip(data, name)
    if reader is not None:
        return reader(data, name), []
    suffix = suffix.lower()
    if data[:8] == OLE_MAGIC and suffix in (".docx", ".odt", ".epub"):
        raise ImportFailed(
            name,
            "a password-protected Office document (or an old binary .doc): it cannot be read; "
            "save it again without a password as .docx or .odt",
        )
    if suffix in _NAMES and data.strip() and looks_binary(data):
        raise ImportFailed(
            name, f"named {suffix} but not a {_NAMES[suffix]}: its content is not one"
        )
    return None
