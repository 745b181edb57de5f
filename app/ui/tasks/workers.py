"""Work off the GUI thread, results back on it.

Following Anki's task manager: index writes run on a single-worker executor (Whoosh allows one
writer at a time), searches on a separate small pool so typing never waits behind a sync.
Following Spyder: every exception raised in a job is caught and reported through a signal,
cancellation is a flag the job checks, and the executors are stopped and waited for in one
place (``shutdown``). Jobs never touch widgets; the GUI thread gets a callable through a
queued signal and runs it there.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

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
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readmark-write")
        self._readers = ThreadPoolExecutor(
            max_workers=search_threads, thread_name_prefix="readmark-search"
        )
        self._closed = False
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._call_on_gui.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    def run_write(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Index and library writes: strictly one after another."""
        return self._submit(self._writer, job, on_done, on_error)

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
    ) -> Future[T]:
        def wrapped() -> T:
            try:
                result = job()
            except BaseException as exc:
                self._post(lambda error=exc: self._fail(error, on_error))  # type: ignore[misc]
                raise
            if on_done is not None:
                self._post(lambda: on_done(result))
            return result

        future = pool.submit(wrapped)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def _post(self, call: Callable[[], None]) -> None:
        if not self._closed:
            self._call_on_gui.emit(call)

    def _fail(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            self.task_failed.emit(exc)

    def _run_on_gui(self, call: Callable[[], None]) -> None:
        if self._closed:
            return
        try:
            call()
        except Exception as exc:  # a callback bug must not take the window down
            self.task_failed.emit(exc)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop accepting work, let running jobs finish, and drop their callbacks."""
        self._closed = True
        deadline = time.monotonic() + timeout
        for pool in (self._readers, self._writer):
            pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            running = list(self._pending)
        for future in running:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                future.exception(timeout=remaining)
            except Exception:  # a job failing while we close changes nothing
                continue


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
