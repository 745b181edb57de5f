"""The search index of one library: the API the window, the CLI and the annotation store use.

One writer at a time (Whoosh's file lock, across processes); searches run against the last
committed generation, so a second process keeps searching while another rebuilds, and is
told the index is being updated instead of waiting. Within a process, the lock is held only
to pick the latest generation; each query then reads through a searcher of its own
(generations.py), so two searches, a sync and an annotation commit never wait for each other.
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
from whoosh.query import Query, QueryError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from app.core.errors import IndexBusy, InvalidInput
from app.core.index import storage
from app.core.index.analysis import normal_term
from app.core.index.build import (
    PARALLEL_MIN_FILES,
    DocSource,
    annotation_stamp,
    annotation_stamps,
    build_in_process,
    build_parallel,
)
from app.core.index.dates import split_dates
from app.core.index.docinfo import DocTable
from app.core.index.generations import OPEN_TRIES, Generation
from app.core.index.query import ParsedQuery, make_parser, parse_query
from app.core.index.results import IndexState, SearchHit, SearchResults
from app.core.index.schema import document_from_record, record_of
from app.core.index.scoring import Matches, Scorer, first_ranked
from app.core.index.snippets import QueryTerms, hit_spans, make_snippet, query_terms
from app.core.index.spelling_table import SpellingTables
from app.core.index.suggest import suggest
from app.core.index.sync import SyncReport, apply_plan, merge_tiny, plan_sync, scan_library
from app.core.index.writer import IndexWriter
from app.core.library import Library
from app.core.progress import Cancel, Progress

BUSY_MESSAGE = "the search index is being updated by another process"
DAMAGED_MESSAGE = "the search index is damaged; the next update rebuilds it from the files"
SORTS = ("relevance", "date")
MAX_LIMIT = 500
REBUILD_SHARE = 0.5
LOCK_WAIT = 0.5
SUGGESTION_ARTICLES = 3


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
        self._ix: FileIndex | None = None
        self._generation: Generation | None = None
        self._spelling = SpellingTables(index_dir)
        self._parsers = threading.local()  # a parser per thread: it carries one query's hints
        self._lock = threading.RLock()
        self._writing = False

    # -- state -------------------------------------------------------------------------

    def state(self) -> IndexState:
        if self._writing or storage.someone_writing(self.index_dir):
            return IndexState("busy", BUSY_MESSAGE + "; searches use the last complete index")
        problem = storage.problem_with(self.index_dir)
        if problem:
            status = "missing" if "no search index" in problem else "broken"
            return IndexState(status, problem + "; the next sync rebuilds it")
        searcher = self._current()
        count = searcher.doc_count() if searcher else 0
        return IndexState("ready", f"{count} articles indexed", count)

    def _source(self) -> DocSource:
        return DocSource(
            self.library.root, self.annotations_dir, annotation_stamps(self.annotations_dir)
        )

    def _latest(self) -> Generation | None:
        """The last committed generation, replaced when another commit (from this or another
        process) has happened since; the one it replaces closes when its last query ends."""
        with self._lock:
            if self._generation is not None:
                try:
                    if self._generation.up_to_date():
                        return self._generation
                    # Not Searcher.refresh(): whoosh-reloaded 2.7.5 keeps the old segments
                    # in a refreshed reader, so a rebuilt index would count twice.
                    fresh = self._generation.successor()
                except Exception:  # the index cannot be read any more: the next sync rebuilds
                    self._drop_searcher()
                    return None
                self._generation.retire()
                self._generation = fresh
                return fresh
            if storage.problem_with(self.index_dir) is not None:
                return None
            try:
                self._ix = storage.open_existing(self.index_dir)
                self._generation = Generation.first(self._ix, DocTable(self.index_dir), Scorer())
            except Exception:  # damaged or replaced since it was checked: the sync rebuilds
                self._drop_searcher()
                return None
            return self._generation

    def _current(self) -> Searcher | None:
        """The latest generation's first searcher: for its counts, which read no file."""
        generation = self._latest()
        return generation.searcher if generation is not None else None

    @property
    def _scorer(self) -> Scorer:
        """The latest generation's scorer (tests look into its kept matches)."""
        generation = self._latest()
        return generation.scorer if generation is not None else Scorer()

    @property
    def _table(self) -> DocTable:
        """The latest generation's document table (tests compare it with the records)."""
        generation = self._latest()
        return generation.table if generation is not None else DocTable(self.index_dir)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[tuple[Generation, Searcher] | None]:
        """The latest generation and a searcher of it that this thread alone reads until the
        block ends (None without a readable index). A generation retired, or whose files a
        newer commit removed, before its searcher was lent is passed over for the newer one."""
        for attempt in range(OPEN_TRIES):
            generation = self._latest()
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
                yield generation, searcher
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
        with self._lock:
            if self._generation is not None:
                self._generation.retire()
            self._generation, self._ix = None, None

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

    def sync(self, progress: Progress | None = None, cancel: Cancel | None = None) -> SyncReport:
        """Bring the index in line with the library files; rebuilds when it must, saying why."""
        started = time.perf_counter()
        if self._current() is None:  # checked in depth whenever the index is opened
            if storage.someone_writing(self.index_dir):
                raise IndexBusy(BUSY_MESSAGE + "; try again when it has finished")
            problem = storage.problem_with(self.index_dir) or "the search index could not be read"
            return self.rebuild(progress, cancel, reason=problem)
        files = scan_library(self.library.root)
        ix = self._ix or storage.open_existing(self.index_dir)
        with self._writing_to(ix) as writer:
            # Planned with the writer held: the generation read is the latest, and no
            # commit can come between the plan and its writes.
            with self._reading() as reading:
                assert reading is not None
                generation, searcher = reading
                live = generation.table.live_infos()
                plan = plan_sync(self._source(), searcher, live, files, progress, cancel)
            changes = len(plan.writes) + len(plan.removed)
            if changes > max(PARALLEL_MIN_FILES, REBUILD_SHARE * len(files)):
                writer.cancel()
                return self.rebuild(progress, cancel, reason=f"{changes} files changed")
            if plan.report.cancelled or not plan:
                writer.cancel()
            else:
                apply_plan(writer, plan)
        report = plan.report
        current = self._current()
        report.documents = current.doc_count() if current else 0
        report.elapsed_ms = (time.perf_counter() - started) * 1000
        return report

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
            ix = self._ix or storage.open_existing(self.index_dir)
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

    def update_annotations(self, article_id: str, tags: list[str], notes: str) -> bool:
        """Replace one article's annotation tags and notes so ``tag:`` and ``note:`` find
        them at once; the annotation store calls this on every change, after writing its file.
        See ``update_many_annotations``."""
        return self.update_many_annotations({article_id: (tags, notes)})

    def update_many_annotations(self, changes: dict[str, tuple[list[str], str]]) -> bool:
        """Replace the annotation tags and notes of several articles in ONE commit (a tag
        renamed on 150 articles made 150 commits, 75 s under load).

        Returns False when the change is left to the next sync instead: no index yet, an
        article not indexed yet, another process writing the index, or an index that cannot
        be read (marked, so the sync rebuilds it). The sync reads the annotation files (their
        modification times are recorded), so nothing is lost; the caller's files are saved
        already, so this never raises.
        """
        with self._lock:
            if not changes or self._current() is None or self._ix is None:
                return False
            ix = self._ix
        stamps = {a: annotation_stamp(self.annotations_dir, a) for a in changes}
        try:
            with self._writing_to(ix) as writer:
                with self._reading() as reading:
                    assert reading is not None
                    generation, searcher = reading
                    found = [(a, generation.table.docnum_of(a)) for a in changes]
                    placed = [(a, d) for a, d in found if d is not None]
                    records = [(a, d, record_of(searcher.stored_fields(d))) for a, d in placed]
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
                self._answer(*reading, query, results, limit, sort, facets)
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

    def _answer(
        self,
        generation: Generation,
        searcher: Searcher,
        query: str,
        results: SearchResults,
        limit: int,
        sort: str,
        facets: bool,
    ) -> None:
        parsed = parse_query(self._parser(), searcher, query)
        results.error_hint = "; ".join(h for h in (results.error_hint, parsed.hint) if h) or None
        if parsed.query is not None:
            try:
                self._run(generation, searcher, parsed, results, limit, sort, facets)
            except QueryError as exc:
                results.error_hint = f"this query cannot run: {exc}"
        if results.total == 0 and parsed.words and parsed.plain:
            results.suggestion = suggest(
                searcher,
                self._spelling,
                query,
                parsed.words,
                lambda q: self._finds(generation, searcher, q),
            )

    def _finds(self, generation: Generation, searcher: Searcher, text: str) -> list[int]:
        """The documents ``text`` matches (a suggestion shows the words as they write them)."""
        parsed = parse_query(self._parser(), searcher, text)
        if parsed.query is None:
            return []
        found = self._matches(generation, searcher, parsed.query)
        return list(found.ids[:SUGGESTION_ARTICLES].tolist())

    def _matches(self, generation: Generation, searcher: Searcher, query: Query) -> Matches:
        """Every live match of ``query`` with its score; date clauses filter by the day
        array instead of being matched as terms."""
        rest, days = split_dates(query)
        scorer = generation.scorer
        columns = generation.table.columns if days else None
        if rest is None:
            assert columns is not None
            ids = columns.dated_between(scorer.live, days)
            return Matches(ids, np.ones(len(ids)))
        found = scorer.matches(searcher, rest)
        if columns is not None:
            allowed = columns.dated_between(scorer.live, days)
            keep = np.isin(found.ids, allowed, assume_unique=True)
            found = Matches(found.ids[keep], found.scores[keep])
        return found

    def match_days(self, query: str) -> npt.NDArray[np.int64]:
        """The day ordinal (0: undated) of every match of ``query``, for a timeline: one pass
        as the search makes, no ranking or snippets (count searches per bar cost 360 ms for
        17k hits). InvalidInput when the query cannot run, as ``strict_search``."""
        with self._reading() as reading:
            generation, found = self._all_matches(reading, query)
            return generation.table.columns.days[found]

    def match_ids(self, query: str) -> set[str]:
        """Every matching article id (a saved search's new matches), without paging."""
        with self._reading() as reading:
            generation, found = self._all_matches(reading, query)
            return set(generation.table.ids_of(found))

    def text_frequencies(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """The number of indexed articles and how many of their texts hold each word (as the
        index stems it; 0 for a stop word): the idf that picks an article's distinctive words
        for its related articles. (0, {}) when there is no readable index."""
        try:
            with self._reading() as reading:
                if reading is None:
                    return 0, {}
                _generation, searcher = reading
                terms = {word: normal_term(word) for word in words}
                found = {w: searcher.doc_frequency("body", t) if t else 0 for w, t in terms.items()}
                return searcher.doc_count(), found
        except storage.DAMAGE_ERRORS as exc:  # the index, not the words: see _damaged
            self._damaged(exc)
            return 0, {}

    def _all_matches(
        self, reading: tuple[Generation, Searcher] | None, query: str
    ) -> tuple[Generation, npt.NDArray[np.int64]]:
        if reading is None:
            raise InvalidInput("the search index is not built yet; run a sync first")
        generation, searcher = reading
        found = np.zeros(0, dtype=np.int64)
        try:
            parsed = parse_query(self._parser(), searcher, query)
            if parsed.query is not None:
                found = self._matches(generation, searcher, parsed.query).ids
        except QueryError as exc:
            raise InvalidInput(f"query {query!r}: this query cannot run: {exc}") from None
        except storage.DAMAGE_ERRORS as exc:  # the index, not the query: see _damaged
            self._damaged(exc)
            raise InvalidInput(DAMAGED_MESSAGE) from None
        if parsed.hint and not len(found):
            raise InvalidInput(f"query {query!r}: {parsed.hint}")
        return generation, found

    def _run(
        self,
        generation: Generation,
        searcher: Searcher,
        parsed: ParsedQuery,
        results: SearchResults,
        limit: int,
        sort: str,
        facets: bool,
    ) -> None:
        assert parsed.query is not None
        found = self._matches(generation, searcher, parsed.query)
        results.total = len(found.ids)
        columns = generation.table.columns
        if facets:
            results.facets = columns.counts(found.ids)
        days = columns.days if sort == "date" else None
        shown = first_ranked(found, results.offset + limit, days)[results.offset :]
        wanted = query_terms(parsed.query)
        results.hits = [
            self._hit(searcher, int(found.ids[i]), float(found.scores[i]), wanted) for i in shown
        ]

    def _hit(self, searcher: Searcher, docnum: int, score: float, wanted: QueryTerms) -> SearchHit:
        record = record_of(searcher.stored_fields(docnum))
        text = record.text
        spans = hit_spans(text, wanted)
        snippet = make_snippet(text, spans)
        return SearchHit(
            id=record.id,
            title=record.title,
            author=record.author,
            source=record.source,
            date=record.date,
            score=float(score),
            snippet_text=snippet.text,
            snippet_html=snippet.html,
            snippet_marks=snippet.marks,
            positions=spans,
        )
