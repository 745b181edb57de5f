"""The library's articles as columns of metadata: what a list of 250,000 articles needs, and
none of their text.

A library of 250,000 articles held as ``Article`` objects with their bodies took 714 MB and
15 s to open; the bodies are 80% of that and only ever wanted one at a time (the reader, an
export, a diff). So each file is a row here: its path, the size and mtime that prove it
unchanged, its content hash and its front-matter fields, kept in parallel lists (numbers in
``array``s, repeated strings such as sources and tags shared). ``article(row)`` makes an
``Article`` whose body is read from its file when first asked for (``StoredArticle``).

The columns are plain lists, bytes and strings, so the snapshot (``library_cache``) is one
``marshal`` call each way, with no per-article work at load.
"""

import datetime as dt
import marshal
import sys
from array import array
from pathlib import Path
from typing import Any

from app.core.article import Article
from app.core.stored_article import StoredArticle

_NO_DATE = 0  # no date has ordinal 0, so it stands for "undated"
UNPROVEN = -1
"""The mtime saved for a row whose ``extra`` fields ``marshal`` cannot hold (a YAML datetime):
no file has it, so the next start reads that file again instead of trusting the snapshot."""


_DAYS: dict[int, dt.date] = {}
"""One ``date`` object per day, shared by every article of that day (20 years: 7,305)."""


class ArticleTable:
    """One row per article file; rows are only appended (``put`` rewrites one in place)."""

    def __init__(self) -> None:
        self.rels: list[str] = []  # the file below the root, ``/``-separated
        self.mtimes = array("q")
        self.sizes = array("q")
        self.hashes: list[bytes] = []  # SHA-1 digests, as content_hash writes them in hex
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.authors: list[str | None] = []
        self.dates = array("i")  # ordinals, _NO_DATE for none
        self.sources: list[str | None] = []
        self.urls: list[str | None] = []
        self.tags: list[tuple[str, ...]] = []
        self.imported: list[str | None] = []
        self.extras: list[dict[str, Any] | None] = []
        self.live: dict[str, int] = {}  # id -> its row; a file with a taken id has none
        self.by_hash: dict[bytes, int] | None = None  # made by the first row_with_hash
        self._tag_sets: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, rel: str, mtime_ns: int, size: int, article: Article) -> int:
        """Add a row for ``article`` read from (or written to) ``rel``; returns the row."""
        self.rels.append(rel)
        self.mtimes.append(mtime_ns)
        self.sizes.append(size)
        self.hashes.append(bytes.fromhex(article.content_hash))
        self.ids.append(article.id)
        self.titles.append(article.title)
        self.authors.append(_shared(article.author))
        self.dates.append(article.date.toordinal() if article.date else _NO_DATE)
        self.sources.append(_shared(article.source))
        self.urls.append(article.url)
        self.tags.append(self._tag_set(article.tags))
        self.imported.append(_shared(article.imported_from))
        self.extras.append(dict(article.extra) if article.extra else None)
        return len(self.ids) - 1

    def put(self, row: int, mtime_ns: int, size: int, article: Article) -> None:
        """Rewrite ``row`` after its file was rewritten (new details, same path)."""
        self.mtimes[row], self.sizes[row] = mtime_ns, size
        self.hashes[row] = bytes.fromhex(article.content_hash)
        self.ids[row], self.titles[row] = article.id, article.title
        self.authors[row] = _shared(article.author)
        self.dates[row] = article.date.toordinal() if article.date else _NO_DATE
        self.sources[row], self.urls[row] = _shared(article.source), article.url
        self.tags[row] = self._tag_set(article.tags)
        self.imported[row] = _shared(article.imported_from)
        self.extras[row] = dict(article.extra) if article.extra else None
        self.by_hash = None  # its text may have changed on disk too

    def keep(self, article_id: str, row: int) -> None:
        """Make ``row`` the article ``article_id`` (an article just written)."""
        self.live[article_id] = row
        if self.by_hash is not None:
            self.by_hash.setdefault(self.hashes[row], row)

    def drop(self, article_id: str) -> None:
        """The article is no longer in the library (its row stays, unused)."""
        row = self.live.pop(article_id, None)
        if (
            row is not None
            and self.by_hash is not None
            and self.by_hash.get(self.hashes[row]) == row
        ):
            del self.by_hash[self.hashes[row]]

    def row_with_hash(self, digest: bytes) -> int | None:
        """The first article whose text has this SHA-1 digest (an import's duplicate
        check); the look-up table is made on first use, not at every start."""
        if self.by_hash is None:
            by_hash: dict[bytes, int] = {}
            for row in list(self.live.values()):
                by_hash.setdefault(self.hashes[row], row)
            self.by_hash = by_hash
        return self.by_hash.get(digest)

    def _tag_set(self, tags: list[str]) -> tuple[str, ...]:
        """The same tuple object for every article with these tags: a library has far fewer
        tag sets than articles."""
        key = tuple(sys.intern(t) for t in tags)
        return self._tag_sets.setdefault(key, key)

    def hash_of(self, row: int) -> str:
        return self.hashes[row].hex()

    def date_of(self, row: int) -> dt.date | None:
        ordinal = self.dates[row]
        if ordinal == _NO_DATE:
            return None
        day = _DAYS.get(ordinal)
        if day is None:
            day = _DAYS[ordinal] = dt.date.fromordinal(ordinal)
        return day

    def article(self, row: int, root: Path) -> StoredArticle:
        """The row as an ``Article``; its body and path are made only when asked for."""
        return StoredArticle.of(
            root,
            self.rels[row],
            self.hashes[row].hex(),
            self.extras[row],
            self.ids[row],
            self.titles[row],
            self.authors[row],
            self.date_of(row),
            self.sources[row],
            self.urls[row],
            self.tags[row],
            self.imported[row],
        )

    def gather(self, rows: list[int]) -> "ArticleTable":
        """A new table of these rows, in this order (a refresh keeps what is still there)."""
        out = ArticleTable()
        for name in _OBJECT_COLUMNS:
            column = getattr(self, name)
            setattr(out, name, [column[r] for r in rows])
        for name in _NUMBER_COLUMNS:
            column = getattr(self, name)
            setattr(out, name, array(column.typecode, [column[r] for r in rows]))
        out._tag_sets = self._tag_sets
        return out

    def to_plain(self) -> tuple[Any, ...]:
        """The columns as values ``marshal`` can hold. A row whose extra fields it cannot hold
        is saved without them and with an mtime no file has, so it is read again."""
        mtimes = self.mtimes
        extras = list(self.extras)
        for row, extra in enumerate(extras):
            if extra is not None and not _marshallable(extra):
                if mtimes is self.mtimes:
                    mtimes = array("q", self.mtimes)
                mtimes[row], extras[row] = UNPROVEN, None
        return (
            self.rels, mtimes.tobytes(), self.sizes.tobytes(), self.hashes, self.ids,
            self.titles, self.authors, self.dates.tobytes(), self.sources, self.urls,
            self.tags, self.imported, extras,
        )  # fmt: skip

    @classmethod
    def from_plain(cls, plain: Any) -> "ArticleTable":
        """The table ``to_plain`` saved; ValueError when the values are not of that shape."""
        if not isinstance(plain, tuple) or len(plain) != 13:
            raise ValueError("not a table of the library")
        table = cls()
        (table.rels, mtimes, sizes, table.hashes, table.ids, table.titles, table.authors, dates,
         table.sources, table.urls, table.tags, table.imported, table.extras) = plain  # fmt: skip
        table.mtimes.frombytes(mtimes)
        table.sizes.frombytes(sizes)
        table.dates.frombytes(dates)
        rows = len(table.ids)
        columns = [getattr(table, name) for name in _OBJECT_COLUMNS]
        if not all(isinstance(c, list) and len(c) == rows for c in columns):
            raise ValueError("columns of different lengths")
        numbers = (len(table.mtimes), len(table.sizes), len(table.dates))
        if numbers != (rows, rows, rows):
            raise ValueError("columns of different lengths")
        return table


_OBJECT_COLUMNS = (
    "rels", "hashes", "ids", "titles", "authors", "sources", "urls", "tags", "imported",
    "extras",
)  # fmt: skip
_NUMBER_COLUMNS = ("mtimes", "sizes", "dates")


def _shared(text: str | None) -> str | None:
    """One string object for a value many articles repeat (a source, an author, a file)."""
    return sys.intern(text) if text is not None else None


def _marshallable(value: Any) -> bool:
    try:
        marshal.dumps(value)
    except ValueError:
        return False
    return True
