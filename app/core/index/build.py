"""Full builds of the index: every library file read, rendered and indexed from scratch.

Reading, rendering and analysing the files are the cost, so on a large library the files
are split into shares, each indexed into segments of its own by ``BulkWriter`` (postings
written from arrays, see ``bulk.py``): one share in this process, the others in worker
processes. The parent holds the index lock the whole time and commits every share's
segments in one step: until then readers see the last committed index, and a cancelled
build leaves it as it was. Workers are started with "spawn": forking a process that runs Qt
threads is unsafe. They end with the parent (see ``lifeline.py``), so a killed build leaves
no process behind.
"""

import contextlib
import gc
import multiprocessing as mp
import os
import queue
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from app.core.article import FrontMatterError
from app.core.errors import ReadmarkError
from app.core.index import storage
from app.core.index.annotation_fields import annotation_fields
from app.core.index.bulk import BulkWriter
from app.core.index.docinfo import DocInfo, info_of, write_sidecar
from app.core.index.lifeline import die_with_parent, release_std_streams
from app.core.index.schema import load_file, make_document, record_of
from app.core.index.writer import IndexWriter
from app.core.progress import Cancel, Progress

PARALLEL_MIN_FILES = 2000
PROGRESS_EVERY = 200
# Documents a share's segment holds at most: what the bulk writer keeps per document until
# the segment is written (term numbers, records, the words' dictionary) took a share of
# 125,000 generated news articles to a peak of 975 MB. Fewer, larger segments make every
# query cheaper (a term is looked up once per segment).
SEGMENT_DOCS = 125_000
READ_ERRORS = (OSError, ReadmarkError, FrontMatterError, UnicodeError, ValueError)


@dataclass
class BuildOutcome:
    indexed: int = 0
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class DocSource:
    """Everything a (possibly separate) process needs to turn paths into documents."""

    root: Path
    annotations_dir: Path | None
    stamps: dict[str, int]

    def notes_of(self, article_id: str) -> tuple[list[str], str, int]:
        """Annotation tags, note text and the annotation file's mtime (0: no file)."""
        stamp = self.stamps.get(article_id, 0)
        if not stamp:
            return [], "", 0
        tags, notes = annotation_fields(self.annotations_dir, article_id)
        return tags, notes, stamp

    def documents(
        self, paths: Iterable[Path], problems: list[str]
    ) -> Iterator[tuple[Path, dict[str, Any]]]:
        """Documents of readable files; unreadable ones are named in ``problems``."""
        for path in paths:
            try:
                loaded = load_file(self.root, path)
            except READ_ERRORS as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            yield path, make_document(loaded, *self.notes_of(loaded.article.id))


def annotation_stamp(annotations_dir: Path | None, article_id: str) -> int:
    if annotations_dir is None:
        return 0
    try:
        return (annotations_dir / f"{article_id}.json").stat().st_mtime_ns
    except OSError:
        return 0


def annotation_stamps(annotations_dir: Path | None) -> dict[str, int]:
    """Article id -> modification time of its annotation file, read in one folder scan."""
    if annotations_dir is None or not annotations_dir.is_dir():
        return {}
    stamps = {}
    for path in annotations_dir.glob("*.json"):
        with contextlib.suppress(OSError):
            stamps[path.stem] = path.stat().st_mtime_ns
    return stamps


def _first_path_wins(seen: dict[str, Path], article_id: str, path: Path) -> str | None:
    """The library's rule for duplicate ids, so the index shows what the library shows."""
    first = seen.setdefault(article_id, path)
    if first == path:
        return None
    return f"{path.name}: duplicate id '{article_id}' (also used by {first.name}); not indexed"


@dataclass
class Share:
    """What building one share of the files gave: its segments (document numbers follow
    their order), each document's (id, path), and the files that could not be indexed."""

    segments: list[Any] = field(default_factory=list)
    placed: list[tuple[str, Path]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a share is built: it makes millions of objects
    (postings, words) and no cycles, so the collector's passes found nothing and each
    full pass walked every object the process holds (the parent's library snapshot too);
    reference counting frees what the build drops as before. What the share leaves alive
    is moved to the oldest generation (freeze, unfreeze) rather than scanned by the first
    young collection after it (0.2-0.4 s a share)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


@_collector_paused()
def build_share(
    index_dir: Path,
    source: DocSource,
    paths: list[Path],
    report: Callable[[int], None],
    stopped: Callable[[], bool],
) -> Share | None:
    """Index ``paths`` into new segments of their own (``BulkWriter``, ``segment_size``
    documents each, which bounds what it holds), not committed: the
    caller holds the index lock and commits every share's segments at once. A duplicate id
    within the share keeps its first path. ``report(n)``: n more files done; None when
    ``stopped()`` turned true (what was written is left for the caller's cancel to clear)."""
    share = Share()
    seen: dict[str, Path] = {}
    writer: BulkWriter | None = None
    infos: list[DocInfo] = []
    per_segment = segment_size(len(paths))
    for done, (path, doc) in enumerate(source.documents(paths, share.problems), 1):
        if stopped():
            if writer is not None:
                writer._close_segment()
            return None
        article_id = record_of(doc).id
        duplicate = _first_path_wins(seen, article_id, path)
        if duplicate:
            share.problems.append(duplicate)
        else:
            if writer is None:
                writer = BulkWriter(storage.open_existing(index_dir), _lk=False)
            writer.add_document(**doc)
            share.placed.append((article_id, path))
            infos.append(info_of(doc))
            if len(infos) == per_segment:
                share.segments.append(_finish_segment(index_dir, writer, infos))
                writer, infos = None, []
        if done % PROGRESS_EVERY == 0:
            report(PROGRESS_EVERY)
    if writer is not None:
        share.segments.append(_finish_segment(index_dir, writer, infos))
    report(len(paths) % PROGRESS_EVERY)
    return share


def segment_size(files: int) -> int:
    """Documents per segment for a share of ``files``: as few segments as ``SEGMENT_DOCS``
    allows, of equal size (a small last one would cost every query a segment more)."""
    segments = max(1, -(-files // SEGMENT_DOCS))
    return max(1, -(-files // segments))


def _finish_segment(index_dir: Path, writer: BulkWriter, infos: list[DocInfo]) -> Any:
    """Write the segment out (its document table beside it, so nothing reads every stored
    record back to make it)."""
    segment = writer._finalize_segment()
    write_sidecar(index_dir, segment.segment_id(), infos)
    return segment


def build_in_process(
    writer: SegmentWriter,
    source: DocSource,
    paths: list[Path],
    progress: Progress | None,
    cancel: Cancel | None,
) -> BuildOutcome:
    """The whole build in this process, committed through ``writer`` (which holds the lock)."""
    done = 0

    def report(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, len(paths), "")

    folder = Path(writer.storage.folder)
    share = build_share(folder, source, paths, report, lambda: cancel is not None and cancel())
    if share is None:
        writer.cancel()
        return BuildOutcome(cancelled=True)
    _commit_segments(writer, share.segments)
    return BuildOutcome(indexed=len(share.placed), problems=share.problems)


def _worker(parent_pid: int, index_dir: str, jobs: Any, events: Any, stop: Any) -> None:
    """One worker process: index one share of the files into segments of its own. The share
    comes through ``jobs``, not the process's arguments: those are written to the new
    process's pipe before it starts, and a share too large for the pipe held the parent
    until the worker had imported everything (0.35 s of a 7 s build on 2 cores)."""
    die_with_parent(parent_pid)
    release_std_streams()
    source, paths = jobs.get()
    try:
        share = build_share(
            Path(index_dir),
            source,
            paths,
            lambda count: events.put(("progress", count)),
            stop.is_set,
        )
        events.put(("cancelled",) if share is None else ("done", share))
    except Exception as exc:  # reported to the parent, which cancels the whole build
        events.put(("failed", f"{type(exc).__name__}: {exc}"))


class _Workers:
    """The worker processes of a parallel build and what they report, read while the
    parent builds a share of its own and after it."""

    def __init__(self, procs: int, folder: str, source: DocSource, shares: list[list[Path]]):
        context = mp.get_context("spawn")
        self.events = context.Queue()
        self.stop = context.Event()
        # Written by its feeder thread while this process builds; kept as long as the
        # workers (a queue collected early unlinks the semaphores they open at start).
        self.jobs = context.Queue()
        for share in shares:
            self.jobs.put((source, share))
        self.processes = [
            context.Process(
                target=_worker, args=(os.getpid(), folder, self.jobs, self.events, self.stop)
            )
            for _share in shares
        ]
        self.shares: list[Share] = []
        self.finished = 0
        self.done = 0
        self.cancelled = False
        self.failure: str | None = None
        for process in self.processes:
            process.start()

    def read(self, timeout: float | None) -> bool:
        """Handle one event (waiting up to ``timeout``; None: do not wait); False if none."""
        try:
            event = self.events.get(timeout=timeout) if timeout else self.events.get_nowait()
        except queue.Empty:
            if self.all_finished():
                return False
            crashed = [w.exitcode for w in self.processes if w.exitcode not in (None, 0)]
            if not crashed and any(w.is_alive() for w in self.processes):
                return False
            try:  # what a worker sent just before it ended may still be on its way
                event = self.events.get(timeout=1.0)
            except queue.Empty:
                self.fail(f"a build worker stopped without reporting (exit code {crashed})")
                return False
        kind = event[0]
        if kind == "progress":
            self.done += event[1]
            return True
        self.finished += 1
        if kind == "done":
            self.shares.append(event[1])
        elif kind == "cancelled":
            self.cancelled = True
        else:
            self.fail(event[1])
        return True

    def fail(self, failure: str) -> None:
        self.failure = self.failure or failure
        self.finished = len(self.processes)
        self.stop.set()

    def all_finished(self) -> bool:
        return self.finished >= len(self.processes)

    def join(self) -> None:
        for process in self.processes:
            process.join(timeout=30)


def build_parallel(
    ix: FileIndex,
    writer: SegmentWriter,
    source: DocSource,
    paths: list[Path],
    procs: int,
    progress: Progress | None,
    cancel: Cancel | None,
) -> BuildOutcome:
    """``procs`` shares built at once: ``procs - 1`` worker processes and this one, which
    has imported everything already (a worker's start-up imports are a fifth of its CPU)."""
    shares = [paths[i::procs] for i in range(procs)]
    folder = Path(ix.storage.folder)
    workers = _Workers(procs, str(folder), source, shares[1:])
    own_done = 0

    def report(count: int) -> None:
        nonlocal own_done
        own_done += count
        while workers.read(None):
            pass
        if cancel is not None and cancel():
            workers.stop.set()
        if progress is not None:
            progress(own_done + workers.done, len(paths), "")

    try:
        own = build_share(folder, source, shares[0], report, workers.stop.is_set)
        while not workers.all_finished():
            if cancel is not None and cancel():
                workers.stop.set()
            if workers.read(0.2) and progress is not None:
                progress(own_done + workers.done, len(paths), "")
    except BaseException:
        workers.stop.set()
        raise
    finally:
        workers.join()
    if workers.failure or workers.cancelled or workers.stop.is_set() or own is None:
        writer.cancel()
        if workers.failure:
            raise ReadmarkError(f"the index build failed: {workers.failure}")
        return BuildOutcome(cancelled=True)
    done = [own, *workers.shares]
    _commit_segments(writer, [segment for share in done for segment in share.segments])
    outcome = BuildOutcome(problems=[p for share in done for p in share.problems])
    placed = [item for share in done for item in share.placed]
    outcome.indexed = _drop_duplicates(ix, placed, outcome.problems)
    if progress is not None:
        progress(len(paths), len(paths), "")
    return outcome


def _commit_segments(writer: SegmentWriter, segments: list[Any]) -> None:
    """Replace every old segment by the workers' ones in one TOC write (MpWriter's way)."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


def _drop_duplicates(ix: FileIndex, placed: list[tuple[str, Path]], problems: list[str]) -> int:
    """Workers cannot see each other's ids; apply the first-path-wins rule afterwards.
    ``placed`` is in document-number order (segments committed in the order they came)."""
    seen: dict[str, Path] = {}
    losers: list[int] = []
    for docnum, (article_id, path) in sorted(enumerate(placed), key=lambda item: item[1][1]):
        problem = _first_path_wins(seen, article_id, path)
        if problem:
            problems.append(problem)
            losers.append(docnum)
    if losers:
        writer = IndexWriter(ix)
        for docnum in losers:
            writer.delete_document(docnum)
        writer.commit()
    return len(placed) - len(losers)
