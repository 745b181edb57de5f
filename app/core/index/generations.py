"""A committed index generation as queries read it, so searches run side by side and beside
the writer instead of one at a time.

Whoosh's readers are not safe for two threads at once: a posting list's matcher seeks the
segment's one postings file and reads each block header from that position
(``W3LeafMatcher._goto``), so two threads reading postings through one reader would read
each other's blocks. Each running query therefore borrows a searcher of its own, all of one
generation (opened from the same table of contents, so document numbers, the document table
and the scorer agree with each); they are kept for the next queries. A newer generation
retires this one, which closes its searchers when its last query gives its searcher back, so
a refresh never closes files a query is still reading.
"""

import threading
import time
from typing import Any

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from app.core.index.docinfo import DocTable
from app.core.index.scoring import Scorer

OPEN_TRIES = 10  # as Whoosh's FileIndex.reader: a commit may delete files as they are opened
OPEN_RETRY_WAIT = 0.05


def _searcher_of(ix: FileIndex, toc: Any) -> Searcher:
    reader = ix._reader(ix.storage, toc.schema, list(toc.segments), toc.generation)
    return Searcher(reader, fromindex=ix)


def open_latest(ix: FileIndex) -> tuple[Any, Searcher]:
    """The table of contents of the latest generation and a searcher of it; retried when a
    commit removed a segment between reading the table and opening the segment."""
    for attempt in range(OPEN_TRIES):
        toc = ix._read_toc()
        try:
            return toc, _searcher_of(ix, toc)
        except OSError:
            if attempt == OPEN_TRIES - 1:
                raise
            time.sleep(OPEN_RETRY_WAIT)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


class Generation:
    """One generation's searchers (one per running query), document table and scorer."""

    def __init__(
        self, ix: FileIndex, toc: Any, searcher: Searcher, table: DocTable, scorer: Scorer
    ) -> None:
        self.ix = ix
        self.searcher = searcher  # the first: the tables were made from it
        self.table = table
        self.scorer = scorer
        self._toc = toc
        self._free = [searcher]
        self._opened = [searcher]
        self._readers = 0
        self._retired = False
        self._lock = threading.Lock()

    @classmethod
    def first(cls, ix: FileIndex, table: DocTable, scorer: Scorer) -> "Generation":
        """The latest generation of ``ix``, its tables made by refreshing ``table`` and
        ``scorer`` (the first generation of this process, or one after the index was lost)."""
        toc, searcher = open_latest(ix)
        try:
            table.refresh(searcher)
            scorer.refresh(searcher, table.live)
        except BaseException:  # its segment files must not wait for the collector
            searcher.close()
            raise
        return cls(ix, toc, searcher, table, scorer)

    def successor(self) -> "Generation":
        """The latest generation, its tables sharing this one's per-segment parts."""
        toc, searcher = open_latest(self.ix)
        try:
            table = self.table.successor(searcher)
            scorer = self.scorer.successor(searcher, table.live)
        except BaseException:
            searcher.close()
            raise
        return Generation(self.ix, toc, searcher, table, scorer)

    def up_to_date(self) -> bool:
        return bool(self.searcher.up_to_date())

    def borrow(self) -> Searcher | None:
        """A searcher for one query, for this thread alone until ``give_back``; another one
        is opened when all are in use. None once retired; OSError when a newer commit removed
        this generation's files before another searcher could be opened."""
        with self._lock:
            if self._retired:
                return None
            self._readers += 1
            if self._free:
                return self._free.pop()
        try:
            searcher = _searcher_of(self.ix, self._toc)
        except BaseException:
            self.give_back(None)
            raise
        with self._lock:
            self._opened.append(searcher)
        return searcher

    def give_back(self, searcher: Searcher | None) -> None:
        with self._lock:
            self._readers -= 1
            if searcher is not None:
                self._free.append(searcher)
            closing = self._closing()
        self._close(closing)

    def retire(self) -> None:
        """A newer generation replaces this one (or the index is closed): its searchers are
        closed now if no query reads them, else when the last one ends."""
        with self._lock:
            self._retired = True
            closing = self._closing()
        self._close(closing)

    def _closing(self) -> list[Searcher]:
        """Under the lock: the searchers to close, taken once, when retired and unread."""
        if not self._retired or self._readers:
            return []
        closing, self._opened, self._free = self._opened, [], []
        return closing

    @staticmethod
    def _close(searchers: list[Searcher]) -> None:
        for searcher in searchers:
            searcher.close()
