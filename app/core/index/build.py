"""Full builds of the index: every library file read, rendered and indexed from scratch.

Rendering Markdown and analysing text are the cost, so on a large library the files are
split between worker processes, each writing its own segment (Whoosh's multiprocess writer
does the same but renders nothing in parallel, since documents are built in the parent). The
parent holds the index lock the whole time and commits the workers' segments in one step:
until then readers see the last committed index, and a cancelled build leaves it as it was.
Workers are started with "spawn": forking a process that runs Qt threads is unsafe. They
end with the parent (see ``lifeline.py``), so a killed build leaves no process behind.
"""

import contextlib
import multiprocessing as mp
import os
import queue
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.writing import CLEAR, SegmentWriter

from app.core.article import FrontMatterError
from app.core.errors import ReadmarkError
from app.core.index import storage
from app.core.index.annotation_fields import annotation_fields
from app.core.index.docinfo import DocInfo, info_of, write_sidecar
from app.core.index.lifeline import die_with_parent, release_std_streams
from app.core.index.schema import load_file, make_document, record_of
from app.core.index.writer import IndexWriter

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
PARALLEL_MIN_FILES = 2000
PROGRESS_EVERY = 200
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


def build_in_process(
    writer: SegmentWriter,
    source: DocSource,
    paths: list[Path],
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> BuildOutcome:
    outcome = BuildOutcome()
    seen: dict[str, Path] = {}
    for done, (path, doc) in enumerate(source.documents(paths, outcome.problems), 1):
        if cancel is not None and cancel():
            outcome.cancelled = True
            writer.cancel()
            return outcome
        duplicate = _first_path_wins(seen, record_of(doc).id, path)
        if duplicate:
            outcome.problems.append(duplicate)
        else:
            writer.add_document(**doc)
            outcome.indexed += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(paths))
    writer.commit(mergetype=CLEAR)
    if progress is not None:
        progress(len(paths), len(paths))
    return outcome


def _worker(
    parent_pid: int,
    index_dir: str,
    source: DocSource,
    paths: list[Path],
    events: Any,
    stop: Any,
) -> None:
    """One worker process: index its share of the files into a segment of its own."""
    die_with_parent(parent_pid)
    release_std_streams()
    try:
        writer = IndexWriter(storage.open_existing(Path(index_dir)), _lk=False)
        problems: list[str] = []
        ids: list[tuple[str, Path]] = []
        infos: list[DocInfo] = []
        for done, (path, doc) in enumerate(source.documents(paths, problems), 1):
            if stop.is_set():
                writer._close_segment()
                events.put(("cancelled",))
                return
            writer.add_document(**doc)
            ids.append((record_of(doc).id, path))
            infos.append(info_of(doc))
            if done % PROGRESS_EVERY == 0:
                events.put(("progress", PROGRESS_EVERY))
        segment = writer._finalize_segment() if ids else None
        if segment is not None:
            write_sidecar(Path(index_dir), segment.segment_id(), infos)
        events.put(("done", segment, ids, problems, len(paths) % PROGRESS_EVERY))
    except Exception as exc:  # reported to the parent, which cancels the whole build
        events.put(("failed", f"{type(exc).__name__}: {exc}"))


def build_parallel(
    ix: FileIndex,
    writer: SegmentWriter,
    source: DocSource,
    paths: list[Path],
    procs: int,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> BuildOutcome:
    context = mp.get_context("spawn")
    events = context.Queue()
    stop = context.Event()
    shares = [paths[i::procs] for i in range(procs)]
    folder = str(ix.storage.folder)
    workers = [
        context.Process(target=_worker, args=(os.getpid(), folder, source, share, events, stop))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    outcome, segments, placed = BuildOutcome(), [], []
    finished, done, failure = 0, 0, None
    try:
        while finished < len(workers):
            if cancel is not None and cancel() and not stop.is_set():
                stop.set()
            try:
                event = events.get(timeout=0.2)
            except queue.Empty:
                crashed = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                if crashed or not any(w.is_alive() for w in workers):
                    failure = failure or f"a build worker stopped (exit code {crashed})"
                    stop.set()
                    break
                continue
            kind = event[0]
            if kind == "progress":
                done += event[1]
                if progress is not None:
                    progress(done, len(paths))
                continue
            finished += 1
            if kind == "done":
                _kind, segment, ids, problems, rest = event
                done += rest
                outcome.problems.extend(problems)
                placed.extend(ids)
                if segment is not None:
                    segments.append(segment)
            elif kind == "cancelled":
                outcome.cancelled = True
            else:
                failure = event[1]
                stop.set()
    finally:
        for worker in workers:
            worker.join(timeout=30)
    if failure or outcome.cancelled or stop.is_set():
        writer.cancel()
        if failure:
            raise ReadmarkError(f"the index build failed: {failure}")
        outcome.cancelled = True
        return outcome
    _commit_segments(writer, segments)
    outcome.indexed = _drop_duplicates(ix, placed, outcome.problems)
    if progress is not None:
        progress(len(paths), len(paths))
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
