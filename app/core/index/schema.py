"""The Whoosh schema of the library index and the one function that turns an article file
into an index document.

Bump ``SCHEMA_VERSION`` whenever the schema or the analysis changes: an index written by
another version is thrown away and rebuilt from the files, which are the truth.
"""

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from whoosh.fields import DATETIME, STORED, TEXT, Schema

from app.core.article import Article
from app.core.codebook import ancestors
from app.core.index.analysis import name_analyzer, tag_analyzer
from app.core.index.front_matter import parse_library_file_quickly
from app.core.index.plain_text import plain_text
from app.core.index.positions import PhraseText
from app.core.text_decode import decode_bytes

SCHEMA_VERSION = 8
TITLE_BOOST = 3.0
TEXT_FIELDS = ("title", "body", "author", "source", "tags", "notes")


def make_schema() -> Schema:
    # No id or path terms: nothing searches them (sync, duplicates and annotation updates
    # find documents by number through the document table), and two unique terms per
    # article cost 7% of the index and of the build.
    return Schema(
        title=PhraseText(TITLE_BOOST),
        author=TEXT(analyzer=name_analyzer()),
        source=TEXT(analyzer=name_analyzer()),
        date=DATETIME(),
        body=PhraseText(),
        tags=TEXT(analyzer=tag_analyzer()),
        notes=PhraseText(),
        # Everything stored, as one tuple (see Record): Whoosh pickles a stored dict with its
        # keys for every document, which cost 400 bytes per Reuters article.
        record=STORED(),
    )


class Record(NamedTuple):
    """What the index keeps of an article: the fields of a hit, the plain text for snippets
    and hit positions (compressed with the rest by the stored column), the annotation fields
    to rebuild a document without the annotation store, and what incremental sync compares."""

    id: str
    path: str
    title: str
    author: str | None
    source: str | None
    day: int
    text: str
    article_tags: tuple[str, ...]
    note_tags: tuple[str, ...]
    notes: str
    mtime_ns: int
    size: int
    sha1: bytes
    notes_stamp: int

    @property
    def date(self) -> dt.date | None:
        return dt.date.fromordinal(self.day) if self.day else None


def record_of(stored: dict[str, Any]) -> Record:
    return Record(*stored["record"])


@dataclass(frozen=True)
class FileStamp:
    """What sync compares to decide whether a file changed: cheap stat first, then hash."""

    path: str
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class Loaded:
    """An article file read for indexing: the parsed article and the file's identity."""

    article: Article
    stamp: FileStamp
    sha1: bytes


def load_file(root: Path, path: Path) -> Loaded:
    """Read, decode and parse one library file; errors propagate to the caller's report.
    The stamp is the opened file's (``fstat``): the bytes read and the size and time sync
    later compares are those of one file, even if it is replaced meanwhile."""
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        raw = handle.read()
    article = parse_library_file_quickly(decode_bytes(raw, path), path)  # the Library's rules
    stamp = FileStamp(path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size)
    return Loaded(article, stamp, hashlib.sha1(raw).digest())


def tag_terms(tags: tuple[str, ...]) -> str:
    """The tags with every branch they sit in (``a/b/c`` also as ``a/b`` and ``a``), so
    ``tag:a`` finds everything coded under ``a`` with one plain term, and ``tag:a/b`` only
    that branch; each term once, so a branch's weight does not grow with its children."""
    terms: dict[str, str] = {}
    for tag in tags:
        for term in [*ancestors(tag), tag]:
            terms.setdefault(term.lower(), term)  # the analyzer lower-cases the same way
    return " ".join(terms.values())


def _document(record: Record, plain: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "title": record.title,
        "body": plain,
        "tags": tag_terms((*record.article_tags, *record.note_tags)),
        "notes": record.notes,
        "record": tuple(record),
    }
    if record.author:
        doc["author"] = record.author
    if record.source:
        doc["source"] = record.source
    if record.day:
        day = dt.date.fromordinal(record.day)
        doc["date"] = dt.datetime(day.year, day.month, day.day)
    return doc


def make_document(
    loaded: Loaded, note_tags: list[str], notes: str, notes_stamp: int, text: str | None = None
) -> dict[str, Any]:
    """The fields of one article's document; ``text`` skips rendering when already known."""
    article = loaded.article
    plain = plain_text(article.body) if text is None else text
    record = Record(
        id=article.id,
        path=loaded.stamp.path,
        title=article.title,
        author=article.author,
        source=article.source,
        day=article.date.toordinal() if article.date else 0,
        text=plain,
        article_tags=tuple(article.tags),
        note_tags=tuple(note_tags),
        notes=notes,
        mtime_ns=loaded.stamp.mtime_ns,
        size=loaded.stamp.size,
        sha1=loaded.sha1,
        notes_stamp=notes_stamp,
    )
    return _document(record, plain)


def document_from_record(record: Record, **changes: Any) -> dict[str, Any]:
    """Re-index an article from what the index keeps, with some fields replaced (new
    annotation fields, or the new path and stamp of a renamed or touched file)."""
    updated = record._replace(**changes)
    return _document(updated, updated.text)
