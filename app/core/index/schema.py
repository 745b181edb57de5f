"""The Whoosh schema of the library index and the one function that turns an article file
into an index document.

Bump ``SCHEMA_VERSION`` whenever the schema or the analysis changes: an index written by
another version is thrown away and rebuilt from the files, which are the truth.
"""

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from app.core.article import Article, parse_article
from app.core.index.analysis import name_analyzer, tag_analyzer, text_analyzer
from app.core.render import render
from app.core.text_decode import decode_bytes

SCHEMA_VERSION = 1
TITLE_BOOST = 3.0
TEXT_FIELDS = ("title", "body", "author", "source", "tags", "notes")


def make_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        path=ID(stored=True),
        title=TEXT(analyzer=text, field_boost=TITLE_BOOST, stored=True),
        author=TEXT(analyzer=name_analyzer(), stored=True),
        source=TEXT(analyzer=name_analyzer(), stored=True),
        date=DATETIME(stored=True),
        body=TEXT(analyzer=text, phrase=True),
        tags=TEXT(analyzer=tag_analyzer()),
        notes=TEXT(analyzer=text, phrase=True),
        # Stored only: the plain text for snippets and hit positions (compressed, so the
        # index stays small), the annotation fields to rebuild a document without the
        # annotation store, and what incremental sync compares.
        text_z=STORED(),
        article_tags=STORED(),
        note_tags=STORED(),
        notes_text=STORED(),
        mtime_ns=STORED(),
        size=STORED(),
        sha1=STORED(),
    )


@dataclass(frozen=True)
class FileStamp:
    """What sync compares to decide whether a file changed: cheap stat first, then hash."""

    path: str
    mtime_ns: int
    size: int


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


@dataclass(frozen=True)
class Loaded:
    """An article file read for indexing: the parsed article and the file's identity."""

    article: Article
    stamp: FileStamp
    sha1: str


def load_file(root: Path, path: Path) -> Loaded:
    """Read, decode and parse one library file; errors propagate to the caller's report."""
    stat = path.stat()
    raw = path.read_bytes()
    article = parse_article(decode_bytes(raw, path), path)
    stamp = FileStamp(path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size)
    return Loaded(article, stamp, hashlib.sha1(raw).hexdigest())


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day) if day else None


def make_document(
    loaded: Loaded, note_tags: list[str], notes: str, text: str | None = None
) -> dict[str, Any]:
    """The fields of one article's document; ``text`` skips rendering when already known."""
    article = loaded.article
    plain = render(article.body).text if text is None else text
    doc: dict[str, Any] = {
        "id": article.id,
        "path": loaded.stamp.path,
        "title": article.title,
        "body": plain,
        "tags": " ".join([*article.tags, *note_tags]),
        "notes": notes,
        "text_z": pack_text(plain),
        "article_tags": list(article.tags),
        "note_tags": list(note_tags),
        "notes_text": notes,
        "mtime_ns": loaded.stamp.mtime_ns,
        "size": loaded.stamp.size,
        "sha1": loaded.sha1,
    }
    for name in ("author", "source"):
        value = getattr(article, name)
        if value:
            doc[name] = value
    date = _midnight(article.date)
    if date is not None:
        doc["date"] = date
    return doc


def document_from_stored(
    stored: dict[str, Any], note_tags: list[str], notes: str
) -> dict[str, Any]:
    """Rebuild a document from what the index stores, with new annotation fields."""
    plain = unpack_text(stored["text_z"])
    doc = {k: v for k, v in stored.items() if k not in ("note_tags", "notes_text")}
    doc.update(
        body=plain,
        tags=" ".join([*stored.get("article_tags", []), *note_tags]),
        notes=notes,
        note_tags=list(note_tags),
        notes_text=notes,
    )
    return doc
