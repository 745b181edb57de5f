"""The window's task manager: results and errors come back on the GUI thread, writes are one
at a time, and shutdown waits for running work."""

import threading
import time

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.core.errors import IndexBusy
from app.ui.tasks.workers import CancelFlag, LatestOnly, ProgressRelay, TaskManager


def test_results_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    tasks = TaskManager()
    seen: list[tuple[int, bool]] = []
    worker_threads: list[str] = []

    def job() -> int:
        worker_threads.append(threading.current_thread().name)
        return 42

    def done(value: int) -> None:
        seen.append((value, QThread.currentThread() is tasks.thread()))

    tasks.run_write(job, done)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [(42, True)]
    assert worker_threads[0].startswith("readmark-write")
    tasks.shutdown()


def test_an_error_nobody_handles_is_reported_through_the_signal(qtbot: QtBot) -> None:
    tasks = TaskManager()

    def fails() -> None:
        raise IndexBusy("the search index is being updated by another process")

    with qtbot.waitSignal(tasks.task_failed, timeout=5_000) as failed:
        tasks.run_read(fails)
    assert isinstance(failed.args[0], IndexBusy)
    handled: list[BaseException] = []
    tasks.run_read(fails, on_error=handled.append)
    qtbot.waitUntil(lambda: bool(handled), timeout=5_000)
    tasks.shutdown()


def test_writes_run_one_at_a_time_and_shutdown_waits_for_them(qtbot: QtBot) -> None:
    tasks = TaskManager()
    running = 0
    most = 0
    finished: list[int] = []
    lock = threading.Lock()

    def write(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
            finished.append(n)
        return n

    for n in range(3):
        tasks.run_write(lambda n=n: write(n))
    qtbot.waitUntil(lambda: running == 1 or bool(finished), timeout=5_000)
    tasks.shutdown()
    assert most == 1
    assert finished[0] == 0  # the running one completed; queued ones may be cancelled


def test_progress_and_cancel_are_plain_callables_for_the_core(qtbot: QtBot) -> None:
    relay = ProgressRelay()
    flag = CancelFlag()
    assert not flag() and not flag
    with qtbot.waitSignal(relay.progress) as progress:
        relay(3, 10, "story.md")
    assert progress.args == [3, 10, "story.md"]
    flag.cancel()
    assert flag() and flag.is_set()


def test_latest_only_skips_requests_that_went_stale_before_they_ran(qtbot: QtBot) -> None:
    tasks = TaskManager(search_threads=1)
    gate = threading.Event()
    ran: list[str] = []

    def run(query: str) -> str:
        gate.wait(5)
        ran.append(query)
        return query.upper()

    runner: LatestOnly[str, str] = LatestOnly(tasks, run)
    with qtbot.waitSignal(runner.finished, timeout=5_000) as finished:
        runner.submit("first")
        runner.submit("second")
        runner.submit("third")
        gate.set()
    assert finished.args[0].result == "THIRD"
    qtbot.waitUntil(lambda: runner.dropped == 2, timeout=5_000)
    assert "second" not in ran  # never run: it was stale when its turn came
    tasks.shutdown()
