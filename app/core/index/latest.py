"""Which committed generation this process reads, loaded without making readers wait.

Loading a generation reads its document table and scorer tables: a fraction of a second at
250,000 articles. The lock here guards only which generation is current (a pointer swap);
loading happens outside it, by one thread at a time. Meanwhile other queries read the
generation before it, as they do while another process writes ("results are from the last
complete index"). A thread that has just committed waits for the generation holding its
commit (``latest(wait=True)``), so this process always reads its own writes once the write
has returned.
"""

import threading
from pathlib import Path

from whoosh.index import FileIndex

from app.core.index import storage
from app.core.index.docinfo import DocTable
from app.core.index.generations import Generation
from app.core.index.scoring import Scorer


class LatestGeneration:
    """The index's current generation for this process and the one thread loading its next."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._generation: Generation | None = None
        self._lock = threading.Lock()
        self._loaded = threading.Condition(self._lock)
        self._loading = False
        self._epoch = 0  # bumped by drop(): a load begun before it must not be installed

    @property
    def ix(self) -> FileIndex | None:
        generation = self.peek()
        return generation.ix if generation is not None else None

    def peek(self) -> Generation | None:
        """The generation queries read now, without looking for a newer one."""
        with self._lock:
            return self._generation

    def latest(self, *, wait: bool = False) -> Generation | None:
        """The last committed generation (None without a readable index). With ``wait``
        False, a reader arriving while another thread loads the next one reads the current
        one instead of waiting for it; with ``wait`` True (after a commit, or when the
        current one's files are gone) it waits and then checks again.

        Whether the current one is still the latest is asked without taking the loader's
        turn (a directory listing), so readers asking all the time never keep a committing
        thread from its turn."""
        while True:
            with self._lock:
                current, epoch = self._generation, self._epoch
            if current is not None and _still_latest(current):
                return current
            with self._lock:
                if self._loading:
                    if not wait and self._generation is not None:
                        return self._generation
                    self._loaded.wait_for(lambda: not self._loading)
                    continue
                if self._generation is not current or self._epoch != epoch:
                    continue  # another thread installed or dropped one meanwhile
                self._loading = True
            return self._install(current, epoch)

    def _install(self, current: Generation | None, epoch: int) -> Generation | None:
        """The loader's turn: load outside the lock, then swap (unless dropped meanwhile)."""
        fresh: Generation | None = None
        try:
            fresh = self._load(current)
        finally:
            with self._lock:
                self._loading = False
                installed = epoch == self._epoch
                if installed:
                    self._generation = fresh
                self._loaded.notify_all()
        if not installed and fresh is not None:
            fresh.retire()  # the index was dropped while this one loaded
            return None
        if current is not None and current is not fresh:
            current.retire()
        return fresh

    def _load(self, current: Generation | None) -> Generation | None:
        """Outside the lock: ``current`` if nothing was committed since, else the latest
        generation; None when the index cannot be read (the next sync rebuilds it)."""
        try:
            if current is not None:
                if current.up_to_date():
                    return current
                # Not Searcher.refresh(): whoosh-reloaded 2.7.5 keeps the old segments in
                # a refreshed reader, so a rebuilt index would count twice.
                return current.successor()
            if storage.problem_with(self.index_dir) is not None:
                return None
            ix = storage.open_existing(self.index_dir)
            return Generation.first(ix, DocTable(self.index_dir), Scorer())
        except Exception:  # damaged or replaced since it was checked: the sync rebuilds
            return None

    def drop(self) -> None:
        """Forget the current generation (the index was damaged, replaced or closed); its
        searchers close when their last query ends, and a load under way is not kept."""
        with self._lock:
            dropped, self._generation = self._generation, None
            self._epoch += 1
        if dropped is not None:
            dropped.retire()


def committed_count(index_dir: Path) -> int:
    """The number of live documents the last commit holds, read from its table of contents
    alone: a status line asks for it without loading a generation's tables."""
    toc = storage.open_existing(index_dir)._read_toc()
    return sum(segment.doc_count() for segment in toc.segments)


def _still_latest(generation: Generation) -> bool:
    try:
        return generation.up_to_date()
    except Exception:  # the folder cannot be listed: the loader's turn finds out why
        return False
