"""Work off the GUI thread, results back on it.

Thread ownership: the GUI thread owns every widget, model and the undo stack; the write
worker (one thread) does every write to the user's files (annotation changes through
``runner.OperationRunner``, imports, details, trash, codebook, saved searches), so writes
happen one at a time in the order asked; the index worker (one thread) does every write to
the search index (syncs, full builds, the annotations' index updates), so a long build
never holds a highlight's save back; the search pool (two threads) only reads. A job gets
values (ids, spans, ``Article`` and ``Annotation`` copies) and returns values; the GUI
thread sees them only in the callback this module posts back to it, never a live core
object the worker is still changing.

Following Anki's task manager: index writes run on a single-worker executor (Whoosh allows one
writer at a time), searches on a separate small pool so typing never waits behind a sync.
Following Spyder: every exception raised in a job is caught and reported through a signal,
cancellation is a flag the job checks, and the executors are stopped and waited for in one
place (``shutdown``). Jobs never touch widgets; the GUI thread gets a callable through a
queued signal and runs it there.
"""

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from app.ui.tasks.gil_turns import hand_back_sooner

T = TypeVar("T")
R = TypeVar("R")


class CancelFlag:
    """What a long core function polls; ``bool(flag)`` is True once cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()

    def __bool__(self) -> bool:
        return self._event.is_set()


class ProgressRelay(QObject):
    """A callable a worker may call as often as it likes; the GUI sees it as a signal."""

    progress = Signal(int, int, str)  # done, total, what is being worked on

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.progress.emit(int(done), int(total), str(message))


class TaskManager(QObject):
    """Runs callables on worker threads and calls back on the GUI thread."""

    task_failed = Signal(object)  # an exception no caller asked to handle itself
    _call_on_gui = Signal(object)

    def __init__(self, parent: QObject | None = None, search_threads: int = 2) -> None:
        super().__init__(parent)
        hand_back_sooner()  # the workers' Python must not hold the GUI's events back 5 ms
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readmark-write")
        self._indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readmark-index")
        self._readers = ThreadPoolExecutor(
            max_workers=search_threads, thread_name_prefix="readmark-search"
        )
        self._closed = False
        self._pending: set[Future[Any]] = set()
        self._writes: set[Future[Any]] = set()
        self._posted = 0  # callbacks of writes posted to the GUI thread and not run yet
        self._lock = threading.Lock()
        self._call_on_gui.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    def run_write(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Writes to the user's files: strictly one after another."""
        return self._submit_write(self._writer, job, on_done, on_error)

    def run_index(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Writes to the search index (syncs, builds, annotation updates): one after
        another, beside the file writes. Safe to call from a worker (a write that leaves
        work for the index queues it before it ends, so ``idle`` never sees a gap)."""
        return self._submit_write(self._indexer, job, on_done, on_error)

    def _submit_write(
        self,
        pool: ThreadPoolExecutor,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> Future[T]:
        future = self._submit(pool, job, on_done, on_error, write=True)
        with self._lock:
            if not future.done():
                self._writes.add(future)
        return future

    def idle(self) -> bool:
        """No write (file or index) queued or running, and no result of one still to be
        handed over: what
        the watcher waits for before taking a file change as someone else's, and a test or
        the benchmark before reading what the writes left."""
        with self._lock:
            return not self._writes and self._posted == 0

    def run_read(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Searches and other reads: may overlap with a write and with each other."""
        return self._submit(self._readers, job, on_done, on_error)

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        *,
        write: bool = False,
    ) -> Future[T]:
        if self._closed:
            return _after_close(job, write)

        def wrapped() -> T:
            try:
                result = job()
            except BaseException as exc:
                self._post(lambda error=exc: self._fail(error, on_error), write)  # type: ignore[misc]
                raise
            self._post((lambda: on_done(result)) if on_done is not None else None, write)
            return result

        try:
            future = pool.submit(wrapped)
        except RuntimeError:  # shut down by the GUI thread since the check (a worker's ask)
            return _after_close(job, write)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)
            self._writes.discard(future)

    def _post(self, call: Callable[[], None] | None, write: bool) -> None:
        """Hand ``call`` to the GUI thread. Every write posts (``None`` when it has no
        callback), so ``idle`` stays False until the GUI has seen the write's end."""
        if self._closed or (call is None and not write):
            return
        if write:
            with self._lock:
                self._posted += 1
        self._call_on_gui.emit((call, write))

    def _fail(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            self.task_failed.emit(exc)

    def _run_on_gui(self, posted: tuple[Callable[[], None] | None, bool]) -> None:
        call, write = posted
        if write:
            with self._lock:
                self._posted -= 1
        if self._closed or call is None:
            return
        try:
            call()
        except Exception as exc:  # a callback bug must not take the window down
            self.task_failed.emit(exc)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop accepting work, let every queued write run (a note saved as the window
        closes is one), drop queued searches, and drop the callbacks."""
        self._closed = True
        deadline = time.monotonic() + timeout
        self._readers.shutdown(wait=False, cancel_futures=True)
        self._writer.shutdown(wait=False, cancel_futures=False)
        self._indexer.shutdown(wait=False, cancel_futures=False)
        with self._lock:
            running = list(self._pending)
        for future in running:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                future.exception(timeout=remaining)
            except Exception:  # a job failing while we close changes nothing
                continue


def _after_close(job: Callable[[], T], write: bool) -> "Future[T]":
    """The window is closing and the workers are stopped: a write still asked for (a note
    editor commits what it holds as it hides) runs here, on the caller's thread, so the
    words reach the disk; a read is dropped. A failure has no window left to show it in, so
    it goes to the log."""
    future: Future[T] = Future()
    if not write:
        future.cancel()
        return future
    try:
        future.set_result(job())
    except Exception as exc:
        logging.getLogger(__name__).warning("a write after closing failed: %s", exc)
        future.set_exception(exc)
    return future


@dataclass(frozen=True)
class Outcome(Generic[R, T]):
    """One finished request: which one it answers and how long it took."""

    seq: int
    request: R
    result: T
    seconds: float


class LatestOnly(QObject, Generic[R, T]):
    """Runs requests where only the newest answer matters (search as you type).

    Every request gets a sequence number; an answer that is not for the newest request is
    dropped, so a slow old search can never replace a newer one on screen. A request that is
    already stale when its turn comes is not run at all.
    """

    finished = Signal(object)  # Outcome
    failed = Signal(object, object)  # request, exception

    def __init__(
        self, tasks: TaskManager, run: Callable[[R], T], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._run = run
        self._seq = 0
        self.dropped = 0

    def submit(self, request: R) -> int:
        self._seq += 1
        seq = self._seq

        def job() -> Outcome[R, T] | None:
            if seq != self._seq:
                return None
            started = time.perf_counter()
            result = self._run(request)
            return Outcome(seq, request, result, time.perf_counter() - started)

        self._tasks.run_read(job, self._deliver, lambda exc: self._report(seq, request, exc))
        return seq

    def cancel_pending(self) -> None:
        """Make every request in flight stale (the field was cleared)."""
        self._seq += 1

    def _deliver(self, outcome: "Outcome[R, T] | None") -> None:
        if outcome is None or outcome.seq != self._seq:
            self.dropped += 1
            return
        self.finished.emit(outcome)

    def _report(self, seq: int, request: R, exc: BaseException) -> None:
        if seq == self._seq:
            self.failed.emit(request, exc)
        else:
            self.dropped += 1
