"""Pages saved by a browser or an archiving tool, each recognised by its content.

- MHTML (``.mht``/``.mhtml``, Chromium's "Save page as, single file"): a MIME
  ``multipart/related`` message; its ``text/html`` part (quoted-printable or base64, in its
  own charset) is the page, the other parts (pictures, styles) are never read.
- WARC (``.warc``, ``.warc.gz``, read by ``warcio``): every HTML response record is one
  article, with the record's target URI as its ``url`` and its capture date as the date when
  the page states none (said in a warning); other records (requests, pictures, scripts,
  redirects) are passed over. A damaged record is that record's failure line.
- SingleFile: one HTML file with every resource inlined as a ``data:`` URI; it is a web page
  like any other, so only its large inlined resources are cut before reading (they are not
  text) and the address SingleFile notes in its opening comment is kept as the ``url``.
- "Save page as, complete": the page's ``X_files`` folder beside ``X.html`` holds its
  pictures, scripts and frames, not articles; a folder import passes over it.
"""

import contextlib
import datetime as dt
import email
import io
import re
import zlib
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

from app.core.errors import ImportFailed
from app.core.importers import web_extract
from app.core.importers.draft import MAX_ARTICLE_BYTES, Draft
from app.core.importers.email_news import _content as message_content
from app.core.importers.guard import failure_reason
from app.core.importers.html_page import parse_web_page
from app.core.importers.records import Result, read_records
from app.core.text_decode import decode_bytes

MHTML_SUFFIXES = {".mht", ".mhtml"}
WARC_SUFFIXES = {".warc"}  # and ".warc.gz", which a suffix cannot say (see is_warc_name)
# Pictures and fonts travel inside these: more than a single page's 5 MB.
MAX_SAVED_PAGE_BYTES = 100 * 1024 * 1024
_MHTML_TYPE = re.compile(rb"^content-type:\s*multipart/related", re.I | re.M)
_MHTML_HINT = re.compile(rb"^(?:snapshot-content-location:|from: <saved by )|\.mht", re.I | re.M)
_WARC_MAGIC = re.compile(rb"^WARC/\d")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_mhtml(head: bytes, suffix: str = "") -> bool:
    """Headers naming ``multipart/related``, with a browser's mark or the MHTML extension."""
    headers = re.split(rb"\r?\n\r?\n", head[:16384], maxsplit=1)[0]
    return bool(_MHTML_TYPE.search(headers)) and (
        suffix.lower() in MHTML_SUFFIXES or bool(_MHTML_HINT.search(headers))
    )


def looks_like_warc(head: bytes) -> bool:
    """A WARC record header, plain or in the first gzip member."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head[:4096], 64)
        except zlib.error:
            return False
    return bool(_WARC_MAGIC.match(head))


def is_warc_name(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def size_limit(head: bytes) -> int | None:
    """The size limit of a saved-page file from its first bytes; None for other files."""
    singlefile = web_extract.singlefile_url(head[:8192].decode("utf-8", "replace"))
    if looks_like_warc(head) or looks_like_mhtml(head) or singlefile is not None:
        return MAX_SAVED_PAGE_BYTES
    return None


def is_page_folder(folder: Path) -> bool:
    """``X_files`` beside ``X.html``: the resources a browser saved with a page."""
    if not folder.name.endswith("_files"):
        return False
    stem = folder.name[: -len("_files")]
    return any((folder.parent / f"{stem}{ext}").is_file() for ext in (".html", ".htm"))


def _html_text(payload: bytes, content_type: str, where: str) -> str:
    charset = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    if charset:
        try:
            return payload.decode(charset.group(1))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown charset: guess from the bytes instead
    return decode_bytes(payload, where)


def parse_mhtml(data: bytes, name: str) -> Result:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    location = str(message.get("snapshot-content-location") or "") or None
    pages = [p for p in message.walk() if p.get_content_type() in _HTML_TYPES]
    if not pages:
        raise ImportFailed(name, "an MHTML file with no HTML page inside")
    chosen = next(
        (p for p in pages if location and p.get("content-location") == location), pages[0]
    )
    text = message_content(chosen)
    return [parse_web_page(text, name, url=location)], []


def _warc_records(
    data: bytes, name: str, failures: list[ImportFailed]
) -> Iterator[tuple[str, tuple[str, str | None, dt.date | None]]]:
    """``(where, (page text, target URI, capture date))`` for each HTML response record; an
    archive damaged part way becomes one failure line and ends the reading there."""
    # Imported here, not with the module: every window and CLI start imports the importers,
    # and warcio takes tens of milliseconds to load (the bundle's start-up test checks).
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            headers = record.http_headers
            status = headers.get_statuscode() if headers is not None else "200"
            content_type = (
                (headers.get_header("content-type") if headers is not None else None)
                or record.rec_headers.get_header("content-type")
                or ""
            )
            if not status.startswith("2") or not content_type.lower().startswith(_HTML_TYPES):
                continue
            where = f"{name}#{number}"
            payload = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            if len(payload) > MAX_ARTICLE_BYTES:
                failures.append(ImportFailed(where, "a page larger than 5 MB: not an article"))
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than it declares
                failures.append(ImportFailed(where, "the record is cut short: the file is damaged"))
                continue
            uri = record.rec_headers.get_header("warc-target-uri")
            captured = _capture_date(record.rec_headers.get_header("warc-date") or "")
            yield where, (_html_text(payload, content_type, where), uri, captured)
    except Exception as exc:  # warcio, zlib and brotli each raise their own kinds
        reason = failure_reason(exc, name)
        failures.append(ImportFailed(name, f"the web archive is damaged after record {number}"
                                     f" ({reason})"))  # fmt: skip


def _capture_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_warc(data: bytes, name: str) -> Result:
    failures: list[ImportFailed] = []
    complaints = io.StringIO()
    # warcio writes a record whose length is wrong to stderr, several lines at a time; it
    # becomes one report line instead.
    with contextlib.redirect_stderr(complaints):
        records = list(_warc_records(data, name, failures))
    if complaints.getvalue():
        failures.append(
            ImportFailed(name, "a record's declared length is wrong; the others were read")
        )

    def read(record: tuple[str, str | None, dt.date | None], where: str) -> Draft:
        text, uri, captured = record
        return parse_web_page(text, where, url=uri, fallback_date=captured)

    if not records and failures:
        raise failures[-1]
    drafts, failed = read_records(records, read, name, "no HTML pages in this web archive")
    return drafts, failed + failures


def read_saved_page(data: bytes, suffix: str, name: str) -> Result | None:
    """The articles of an MHTML or WARC file, or None when ``data`` is neither."""
    if looks_like_warc(data):
        return parse_warc(data, name)
    if looks_like_mhtml(data, suffix):
        return parse_mhtml(data, name)
    if suffix.lower() in MHTML_SUFFIXES | WARC_SUFFIXES and data.strip():
        kind = "an MHTML saved page" if suffix.lower() in MHTML_SUFFIXES else "a WARC web archive"
        raise ImportFailed(name, f"named {suffix} but its content is not {kind}")
    return None
