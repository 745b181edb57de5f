"""A disposable snapshot of the parsed library, so opening 20,000 articles parses no YAML.

An entry is reused only while its file keeps the same size and modification time (ns);
any other file is parsed again. It is written with ``marshal`` (plain values only, so loading
it can run no code) into the data folder, and any problem reading it just means a cold start:
the files are the truth.

``marshal`` trusts its input: a garbled length inside it makes ``marshal.loads`` allocate
whatever the length says (one damaged cache took 12.9 GB). So the payload sits behind a
header (magic, format, payload length, BLAKE2b digest) and is handed to ``marshal`` only when
the file is exactly as long as the header says and the digest matches: a damaged, truncated
or foreign file never reaches it, and the next save replaces it.
"""

import contextlib
import datetime as dt
import hashlib
import marshal
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.article import Article
from app.core.atomic import write_atomic

FORMAT = 2
MAGIC = b"RDMKCACH"
_HEADER = struct.Struct("<8sIQ32s")  # magic, format, payload length, BLAKE2b-256 digest
MAX_PAYLOAD = 4 * 1024**3
"""Beyond any real library (23,803 articles take about 120 MB); a longer claim is damage."""


@dataclass(frozen=True)
class CachedArticle:
    """One parsed file, with what proves it unchanged and its content hash."""

    mtime_ns: int
    size: int
    content_hash: str
    article: Article


def _record(entry: CachedArticle) -> tuple[Any, ...] | None:
    a = entry.article
    record = (
        entry.mtime_ns, entry.size, entry.content_hash, a.id, a.title, a.body, a.author,
        a.date.isoformat() if a.date else None, a.source, a.url, list(a.tags),
        a.imported_from, a.extra,
    )  # fmt: skip
    try:
        marshal.dumps(a.extra)
    except ValueError:  # a hand-written field of a type marshal cannot hold: parse it each time
        return None
    return record


def _entry(path: str, record: tuple[Any, ...]) -> CachedArticle:
    (mtime_ns, size, content_hash, article_id, title, body, author, date, source, url, tags,
     imported_from, extra) = record  # fmt: skip
    article = Article(
        id=article_id,
        title=title,
        body=body,
        author=author,
        date=dt.date.fromisoformat(date) if date else None,
        source=source,
        url=url,
        tags=tags,
        imported_from=imported_from,
        extra=extra,
        path=Path(path),
    )
    return CachedArticle(mtime_ns, size, content_hash, article)


class LibraryCache:
    """The snapshot file of one library folder (another folder's snapshot is ignored)."""

    def __init__(self, file: Path, root: Path) -> None:
        self.file = file
        self.root = str(root)

    def load(self) -> dict[str, CachedArticle]:
        payload = self._verified_payload()
        if payload is None:
            return {}
        try:
            root, records = marshal.loads(payload)
            if root != self.root:
                return {}
            return {path: _entry(path, record) for path, record in records.items()}
        except (EOFError, ValueError, TypeError, AttributeError):
            return {}

    def _verified_payload(self) -> bytes | None:
        """The payload, read only after the header vouches for the size, and returned only
        when its digest matches; None for anything else (no file, damage, another format)."""
        try:
            with open(self.file, "rb") as handle:
                header = handle.read(_HEADER.size)
                if len(header) != _HEADER.size:
                    return None
                magic, fmt, length, digest = _HEADER.unpack(header)
                if magic != MAGIC or fmt != FORMAT or length > MAX_PAYLOAD:
                    return None
                if length != os.fstat(handle.fileno()).st_size - _HEADER.size:
                    return None
                payload = handle.read(length)
        except OSError:
            return None
        if len(payload) != length or _digest(payload) != digest:
            return None
        return payload

    def save(self, entries: dict[str, CachedArticle]) -> None:
        """Best effort: a data folder we cannot write only costs the next start some time."""
        records = {path: r for path, e in entries.items() if (r := _record(e)) is not None}
        payload = marshal.dumps((self.root, records))
        header = _HEADER.pack(MAGIC, FORMAT, len(payload), _digest(payload))
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, header + payload)


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=32).digest()
