"""The search index of one library: the API the window, the CLI and the annotation store use.

One writer at a time (Whoosh's file lock, across processes); searches run against the last
committed generation, so a second process keeps searching while another rebuilds, and is
told the index is being updated instead of waiting. Within a process, a lock is held only
to swap which generation is current; a new one loads outside it while queries read the one
before (latest.py), and each query reads through a searcher of its own (generations.py) and
answers from it (answers.py), so two searches, a sync and an annotation commit never wait
for each other.
"""

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from app.core.errors import IndexBusy, InvalidInput
from app.core.index import storage
from app.core.index.answers import Reading
from app.core.index.build import (
    PARALLEL_MIN_FILES,
    DocSource,
    annotation_stamp,
    annotation_stamps,
    build_in_process,
    build_parallel,
)
from app.core.index.generations import OPEN_TRIES, Generation
from app.core.index.latest import LatestGeneration, committed_count
from app.core.index.query import make_parser
from app.core.index.results import IndexState, SearchResults
from app.core.index.schema import document_from_record, record_of
from app.core.index.spelling_table import SpellingTables
from app.core.index.sync import (
    SyncPlan,
    SyncReport,
    apply_plan,
    merge_tiny,
    plan_sync,
    scan_library,
)
from app.core.index.writer import IndexWriter
from app.core.library import Library
from app.core.library_scan import Scan
from app.core.progress import Cancel, Progress

BUSY_MESSAGE = "the search index is being updated by another process"
DAMAGED_MESSAGE = "the search index is damaged; the next update rebuilds it from the files"
SORTS = ("relevance", "date")
MAX_LIMIT = 500
REBUILD_SHARE = 0.5
LOCK_WAIT = 0.5


class SearchIndex:
    """Whoosh index in ``index_dir`` over the files of ``library``."""

    def __init__(
        self,
        index_dir: Path,
        library: Library,
        *,
        annotations_dir: Path | None = None,
        procs: int | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.library = library
        self.annotations_dir = annotations_dir
        self.procs = procs or max(1, min(os.cpu_count() or 1, 4))
        self._generations = LatestGeneration(index_dir)
        self._spelling = SpellingTables(index_dir)
        self._parsers = threading.local()  # a parser per thread: it carries one query's hints
        self._writing = False

    # -- state -------------------------------------------------------------------------

    def state(self) -> IndexState:
        if self._writing or storage.someone_writing(self.index_dir):
            return IndexState("busy", BUSY_MESSAGE + "; searches use the last complete index")
        problem = storage.problem_with(self.index_dir)
        if problem:
            status = "missing" if "no search index" in problem else "broken"
            return IndexState(status, problem + "; the next sync rebuilds it")
        # The count without loading a generation: the window asks on its own thread.
        generation = self._generations.peek()
        try:
            if generation is not None and generation.up_to_date():
                count = generation.searcher.doc_count()
            else:
                count = committed_count(self.index_dir)
        except storage.DAMAGE_ERRORS as exc:  # replaced or damaged since it was checked
            return IndexState("broken", f"{DAMAGED_MESSAGE} ({type(exc).__name__})")
        return IndexState("ready", f"{count} articles indexed", count)

    def _source(self) -> DocSource:
        return DocSource(
            self.library.root, self.annotations_dir, annotation_stamps(self.annotations_dir)
        )

    def _latest(self) -> Generation | None:
        return self._generations.latest()

    def _current(self) -> Searcher | None:
        """The latest generation's first searcher: for its counts, which read no file."""
        generation = self._latest()
        return generation.searcher if generation is not None else None

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Reading | None]:
        """The latest generation and a searcher of it that this thread alone reads until the
        block ends (None without a readable index). A generation retired, or whose files a
        newer commit removed, before its searcher was lent is passed over for the newer one."""
        for attempt in range(OPEN_TRIES):
            generation = self._generations.latest(wait=attempt > 0)
            if generation is None:
                break
            try:
                searcher = generation.borrow()
            except OSError:
                if attempt == OPEN_TRIES - 1 or generation.up_to_date():
                    raise
                continue
            if searcher is None:
                continue
            try:
                yield Reading(generation, searcher, self._parser(), self._spelling)
            finally:
                generation.give_back(searcher)
            return
        yield None

    def _parser(self) -> Any:
        """This thread's query parser (parsing one query leaves its hints on the parser)."""
        parser = getattr(self._parsers, "parser", None)
        if parser is None:
            parser = self._parsers.parser = make_parser()
        return parser

    def _damaged(self, exc: BaseException) -> None:
        """Reading the index failed although it looked whole: forget it and leave a mark, so
        the next sync (of any process) rebuilds it instead of failing the same way."""
        self._drop_searcher()
        storage.mark_damaged(self.index_dir, f"{type(exc).__name__}: {exc}")

    def _drop_searcher(self) -> None:
        self._generations.drop()

    def close(self) -> None:
        self._drop_searcher()

    # -- writing -----------------------------------------------------------------------

    def _writer(self, ix: FileIndex) -> SegmentWriter:
        try:
            # A short wait: searches probe the lock for a few microseconds (see
            # storage.someone_writing), and a writer arriving then must not give up.
            writer: SegmentWriter = IndexWriter(ix, timeout=LOCK_WAIT, delay=0.02)
        except LockError:
            raise IndexBusy(BUSY_MESSAGE + "; try again when it has finished") from None
        return writer

    @contextlib.contextmanager
    def _writing_to(self, ix: FileIndex) -> Iterator[SegmentWriter]:
        """This index's one writer: this process's searches see the index as busy meanwhile,
        and any error cancels the writer so its lock is never left behind."""
        self._writing = True
        try:
            writer = self._writer(ix)
            try:
                yield writer
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
        finally:
            self._writing = False
        self._generations.latest(wait=True)  # this process reads its own commit from now on

    def sync(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        files: Scan | None = None,
    ) -> SyncReport:
        """Bring the index in line with the library files; rebuilds when it must, saying why.
        ``files`` is a scan of the library the caller has just made (the window re-reads
        the library and syncs in one job: one scan of 250,000 files instead of two).

        Planned against the latest generation without the writer: a sync with nothing to
        write (every CLI search starts with one) neither waits for nor blocks another
        writer. The writer taken for the writes checks that no commit came between; if one
        did, the library is scanned and planned again under it (the other writer may have
        indexed files our scan predates, which the old plan would delete)."""
        started = time.perf_counter()
        if self._current() is None:  # checked in depth whenever the index is opened
            if storage.someone_writing(self.index_dir):
                raise IndexBusy(BUSY_MESSAGE + "; try again when it has finished")
            problem = storage.problem_with(self.index_dir) or "the search index could not be read"
            return self.rebuild(progress, cancel, reason=problem)
        files = files if files is not None else scan_library(self.library.root)
        plan, planned_on = self._plan(files, progress, cancel)
        if self._rebuild_rather(plan, files):
            return self.rebuild(progress, cancel, reason=f"{_changed(plan)} files changed")
        if plan and not plan.report.cancelled:
            with self._writing_to(planned_on.ix) as writer:
                if not planned_on.up_to_date():  # another commit came between: its files
                    files = scan_library(self.library.root)  # are newer than our scan
                    plan, _generation = self._plan(files, progress, cancel)
                    if self._rebuild_rather(plan, files):
                        writer.cancel()
                        return self.rebuild(
                            progress, cancel, reason=f"{_changed(plan)} files changed"
                        )
                if plan.report.cancelled or not plan:
                    writer.cancel()
                else:
                    apply_plan(writer, plan)
        report = plan.report
        current = self._current()
        report.documents = current.doc_count() if current else 0
        report.elapsed_ms = (time.perf_counter() - started) * 1000
        return report

    def _plan(
        self, files: Scan, progress: Progress | None, cancel: Cancel | None
    ) -> tuple[SyncPlan, Generation]:
        """What the sync must write against the latest generation, and that generation."""
        with self._reading() as reading:
            if reading is None:  # lost since it was opened: the next sync rebuilds it
                raise IndexBusy("the search index changed while it was read; try again")
            live = reading.generation.table.live_infos()
            plan = plan_sync(self._source(), reading.searcher, live, files, progress, cancel)
            return plan, reading.generation

    @staticmethod
    def _rebuild_rather(plan: SyncPlan, files: Scan) -> bool:
        """So many files changed that one build is quicker than replacing them one by one."""
        return _changed(plan) > max(PARALLEL_MIN_FILES, REBUILD_SHARE * len(files))

    def rebuild(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        reason: str | None = None,
    ) -> SyncReport:
        """Index every library file from scratch; the old index serves searches until the
        new one is committed, and stays if the build is cancelled. An index that cannot be
        used is thrown away first, and the report's reason says why."""
        started = time.perf_counter()
        problem = storage.problem_with(self.index_dir)
        reason = reason or problem or "a rebuild was asked for"
        if problem is not None:
            if storage.someone_writing(self.index_dir):
                raise IndexBusy(BUSY_MESSAGE + "; try again when it has finished")
            self._drop_searcher()
            ix = storage.create_fresh(self.index_dir)
        else:
            self._current()
            ix = self._generations.ix or storage.open_existing(self.index_dir)
        paths = [self.library.root / f.rel for f in scan_library(self.library.root)]
        source = self._source()
        with self._writing_to(ix) as writer:
            if self.procs > 1 and len(paths) >= PARALLEL_MIN_FILES:
                outcome = build_parallel(ix, writer, source, paths, self.procs, progress, cancel)
            else:
                outcome = build_in_process(writer, source, paths, progress, cancel)
        current = self._current()
        return SyncReport(
            rebuilt=not outcome.cancelled,
            reason=reason,
            cancelled=outcome.cancelled,
            documents=current.doc_count() if current else 0,
            problems=outcome.problems,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def update_many_annotations(self, changes: dict[str, tuple[list[str], str]]) -> bool:
        """Replace the annotation tags and notes of several articles in ONE commit (a tag
        renamed on 150 articles made 150 commits, 75 s under load).

        Returns False when the change is left to the next sync instead: no index yet, an
        article not indexed yet, another process writing the index, or an index that cannot
        be read (marked, so the sync rebuilds it). The sync reads the annotation files (their
        modification times are recorded), so nothing is lost; the caller's files are saved
        already, so this never raises.
        """
        generation = self._latest() if changes else None
        if generation is None:
            return False
        ix = generation.ix
        stamps = {a: annotation_stamp(self.annotations_dir, a) for a in changes}
        try:
            with self._writing_to(ix) as writer:
                with self._reading() as reading:
                    assert reading is not None
                    found = [(a, reading.generation.table.docnum_of(a)) for a in changes]
                    placed = [(a, d) for a, d in found if d is not None]
                    stored = reading.searcher.stored_fields
                    records = [(a, d, record_of(stored(d))) for a, d in placed]
                if not records:
                    writer.cancel()
                    return False
                for article_id, docnum, record in records:
                    tags, notes = changes[article_id]
                    doc = document_from_record(
                        record, note_tags=tuple(tags), notes=notes, notes_stamp=stamps[article_id]
                    )
                    writer.delete_document(docnum)
                    writer.add_document(**doc)
                writer.commit(mergetype=merge_tiny)
        except IndexBusy:
            return False
        except storage.DAMAGE_ERRORS as exc:  # the index, not the annotations: see _damaged
            self._damaged(exc)
            return False
        return len(records) == len(changes)

    # -- searching ---------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = True,
    ) -> SearchResults:
        """Never raises for what the user typed: problems come back as ``error_hint``."""
        started = time.perf_counter()
        results = SearchResults(query=query, offset=max(0, offset))
        limit = max(0, min(limit, MAX_LIMIT))
        if sort not in SORTS:
            results.error_hint = f"unknown sort '{sort}'; use relevance or date"
            sort = "relevance"
        try:
            with self._reading() as reading:
                if reading is None:
                    results.notice = "the search index is not built yet; run a sync first"
                    return results
                reading.answer(query, results, limit, sort, facets)
        except storage.DAMAGE_ERRORS as exc:  # the index, not the query: see _damaged
            self._damaged(exc)
            results.hits, results.total, results.facets = [], 0, {}
            results.index_damaged = True
            results.notice = DAMAGED_MESSAGE
            return results
        if self._writing or storage.someone_writing(self.index_dir):
            results.notice = BUSY_MESSAGE + "; results are from the last complete index"
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results

    def match_days(self, query: str) -> npt.NDArray[np.int64]:
        """The day ordinal (0: undated) of every match of ``query``, for a timeline: one pass
        as the search makes, no ranking or snippets (count searches per bar cost 360 ms for
        17k hits). InvalidInput when the query cannot run, as ``strict_search``."""
        with self._reading() as reading:
            found = self._every_match(reading, query)
            assert reading is not None
            return reading.generation.table.columns.days[found]

    def match_ids(self, query: str) -> set[str]:
        """Every matching article id (a saved search's new matches), without paging."""
        with self._reading() as reading:
            found = self._every_match(reading, query)
            assert reading is not None
            return set(reading.generation.table.ids_of(found))

    def text_frequencies(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """The number of indexed articles and how many of their texts hold each word (as the
        index stems it; 0 for a stop word): the idf that picks an article's distinctive words
        for its related articles. (0, {}) when there is no readable index."""
        try:
            with self._reading() as reading:
                return reading.frequencies(words) if reading is not None else (0, {})
        except storage.DAMAGE_ERRORS as exc:  # the index, not the words: see _damaged
            self._damaged(exc)
            return 0, {}

    def _every_match(self, reading: Reading | None, query: str) -> npt.NDArray[np.int64]:
        if reading is None:
            raise InvalidInput("the search index is not built yet; run a sync first")
        try:
            return reading.every_match(query)
        except storage.DAMAGE_ERRORS as exc:  # the index, not the query: see _damaged
            self._damaged(exc)
            raise InvalidInput(DAMAGED_MESSAGE) from None


def _changed(plan: SyncPlan) -> int:
    return len(plan.writes) + len(plan.removed)
