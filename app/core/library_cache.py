"""A disposable snapshot of the parsed library, so opening 20,000 articles parses no YAML.

An entry is reused only while its file keeps the same size and modification time (ns);
any other file is parsed again. It is written with ``marshal`` (plain values only, so loading
it can run no code) into the data folder, and any problem reading it just means a cold start:
the files are the truth.
"""

import contextlib
import datetime as dt
import marshal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.article import Article
from app.core.atomic import write_atomic

FORMAT = 1


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
        try:
            data = marshal.loads(self.file.read_bytes())
            fmt, root, records = data
            if fmt != FORMAT or root != self.root:
                return {}
            return {path: _entry(path, record) for path, record in records.items()}
        except (OSError, EOFError, ValueError, TypeError):
            return {}

    def save(self, entries: dict[str, CachedArticle]) -> None:
        """Best effort: a data folder we cannot write only costs the next start some time."""
        records = {path: r for path, e in entries.items() if (r := _record(e)) is not None}
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, marshal.dumps((FORMAT, self.root, records)))
