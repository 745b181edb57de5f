"""Which importer reads a file: by content first, by extension when content is ambiguous."""

import os
import stat
from collections.abc import Callable
from pathlib import Path

from app.core.article import FrontMatterRefused
from app.core.errors import ImportFailed, os_reason
from app.core.importers import (
    collection_files,
    documents,
    html_page,
    markdown_file,
    not_articles,
    plaintext,
    reuters,
    saved_pages,
)
from app.core.importers.draft import MAX_ARTICLE_BYTES, Draft
from app.core.text_decode import decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SGML_SUFFIXES = {".sgm", ".sgml"}
IMPORTABLE_SUFFIXES = (
    (
        TEXT_SUFFIXES
        | MARKDOWN_SUFFIXES
        | HTML_SUFFIXES
        | SGML_SUFFIXES
        | documents.DOCUMENT_SUFFIXES
    )
    | collection_files.COLLECTION_SUFFIXES
    | saved_pages.MHTML_SUFFIXES
    | saved_pages.WARC_SUFFIXES
)
# A collection file holds many articles; the Reuters files are about 1.3 MB each.
MAX_COLLECTION_BYTES = 200 * 1024 * 1024

Parser = Callable[[str, str], list[Draft]]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# Folders of the operating system: configuration, secrets, kernel interfaces and devices,
# never a user's saved news. A file whose real path (links resolved) lies below one is
# refused by where it is, whatever its name or content. Removable drives mounted under
# /run/media are the user's own and stay importable.
SYSTEM_FOLDERS = tuple(Path(p) for p in ("/etc", "/proc", "/sys", "/dev", "/boot", "/run"))
USER_MOUNTS = (Path("/run/media"),)
# Opened without waiting for a writer (a FIFO) and without becoming our terminal (a tty).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def system_folder(path: Path) -> Path | None:
    """The system folder ``path`` really lies in, or None for the user's own files."""
    real = Path(os.path.realpath(path))
    if any(real.is_relative_to(mount) for mount in USER_MOUNTS):
        return None
    return next((folder for folder in SYSTEM_FOLDERS if real.is_relative_to(folder)), None)


def _check_regular(info: os.stat_result, label: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailed(label, "not a regular file (a pipe, socket or device)")


def read_input(path: Path, label: str) -> bytes:
    """The bytes of an input file, refusing system files, special files and huge files.

    A special file is refused before it is opened (opening a device can have effects) and
    again on the opened descriptor, so a file swapped for a FIFO in between cannot block.
    """
    folder = system_folder(path)
    if folder is not None:
        raise ImportFailed(
            label, f"a system file (in {folder}), not a news article; system folders are not read"
        )
    try:
        _check_regular(path.stat(), label)
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise ImportFailed(label, "no such file or folder") from None
    except PermissionError:
        raise ImportFailed(label, "cannot read: permission denied") from None
    except OSError as exc:
        raise ImportFailed(label, f"cannot read: {os_reason(exc)}") from None
    with open(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        _check_regular(info, label)
        limit = MAX_COLLECTION_BYTES if path.suffix.lower() in SGML_SUFFIXES else MAX_ARTICLE_BYTES
        try:
            head = os.pread(descriptor, 8192, 0)
        except OSError as exc:
            raise ImportFailed(label, f"cannot read: {os_reason(exc)}") from None
        if documents.is_document(head):  # by content, not by name
            limit = documents.MAX_DOCUMENT_BYTES
        elif (collection_limit := collection_files.size_limit(head)) is not None:
            limit = collection_limit  # many articles: exports, feeds, mailboxes
        elif (saved_limit := saved_pages.size_limit(head)) is not None:
            limit = saved_limit  # saved pages with their pictures, web archives
        if info.st_size > limit:
            raise ImportFailed(
                label,
                f"too large for a news article ({_megabytes(info.st_size)}; "
                f"the limit is {_megabytes(limit)})",
            )
        try:
            return handle.read(limit + 1)
        except OSError as exc:
            raise ImportFailed(label, f"cannot read: {os_reason(exc)}") from None


def importable(path: Path) -> bool:
    """Whether a folder import reads this file (``.warc.gz`` has two suffixes)."""
    return path.suffix.lower() in IMPORTABLE_SUFFIXES or saved_pages.is_warc_name(path)


def choose_parser(suffix: str, text: str) -> Parser:
    """Content decides when it is unmistakable; otherwise the extension does."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and html_page.looks_like_html(text)):
        return html_page.parse
    if suffix in MARKDOWN_SUFFIXES or markdown_file.has_front_matter(text):
        return markdown_file.parse
    if suffix not in TEXT_SUFFIXES and markdown_file.looks_like_markdown(text):
        return markdown_file.parse
    return plaintext.parse


def parse_bytes(
    data: bytes, suffix: str, name: str, in_folder: bool = False
) -> tuple[list[Draft], list[ImportFailed]]:
    """Every article in one input file, and the records of it that could not be read.

    Raises ImportFailed, naming the file, for a file that gives no article at all; with
    ``in_folder`` (a folder walk found it), NotAnArticle for a plain text that is a list or
    data, tested only once no other format has claimed the bytes (a feed named ``.txt``).
    """
    saved = saved_pages.read_saved_page(data, suffix, name)
    if saved is not None:
        return saved
    collection = collection_files.read_collection(data, suffix, name)
    if collection is not None:
        return collection
    document = documents.read_document(data, suffix, name)
    if document is not None:
        return document
    if suffix.lower() in SGML_SUFFIXES or reuters.looks_like_reuters(data):
        return reuters.parse_records(data, name)
    if not data.strip():
        raise ImportFailed(name, "empty file: nothing to import")
    text = decode_bytes(data, name)  # binary bytes are refused as such, not as "data"
    if in_folder and suffix.lower() in TEXT_SUFFIXES:
        not_articles.refuse_non_article(data, name)
    try:
        return choose_parser(suffix, text)(text, name), []
    except FrontMatterRefused as exc:
        raise ImportFailed(name, str(exc)) from None
