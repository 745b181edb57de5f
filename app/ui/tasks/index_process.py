"""A full index build in a process of its own, so the window never waits for it.

Building the corpus index from a worker thread stalled the GUI thread for up to 0.4 s at a
time: the core's parallel build pickles its file list for each build process and unpickles
large results, single C calls that hold the GIL however the threads are arranged. In a
separate process those calls hold another interpreter's lock. Only full builds (a missing or
broken index) go this way; an ordinary sync is small and stays on the write worker, which
also runs and waits for this process, so there is still one writer at a time.
"""

import multiprocessing
import os
import queue
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from app.core.errors import ReadmarkError
from app.core.index import SyncReport
from app.core.index.lifeline import die_with_parent

POLL_SECONDS = 0.1
STOP_SECONDS = 30.0
BACKGROUND_NICENESS = 10


def in_the_background() -> None:
    """This process, and the processes and threads it starts from now on, run only on
    CPU time the window does not want.

    A nice value alone is not enough: the build's processes keep both cores of a small
    laptop busy, and the scheduler let a niced one finish its time slice (one tick, 4 ms)
    before the window's thread, woken by a highlight landing, ran; every landing during a
    build waited that long once or twice (issue 11's stall bench). Linux's ``SCHED_IDLE``
    policy gives way at once to any ordinary thread. Where it is missing or refused (a
    sandbox may refuse it) the nice value still applies. The price: on a machine kept busy
    by other work the build waits for that work; its progress stays on the status line
    meanwhile.
    """
    if hasattr(os, "nice"):
        os.nice(BACKGROUND_NICENESS)
    if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        with suppress(OSError):  # refused: niced is the most this process may be lowered
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def _build(window_pid: int, library_dir: str, data_dir: str, messages: Any, stop: Event) -> None:
    """Runs in the child: open the workspace, sync (which rebuilds), send back the report.

    In the background (``in_the_background``, inherited by the build's own processes), so
    the window is scheduled first and stays responsive; the build only takes longer. It
    ends with the window, killed or crashed (and its own workers end with it).
    """
    from app.core.workspace import Workspace

    in_the_background()
    die_with_parent(window_pid)

    try:
        with Workspace(Path(library_dir), Path(data_dir)) as workspace:
            report = workspace.index.sync(
                progress=lambda done, total, _what: messages.put(("progress", done, total)),
                cancel=stop.is_set,
            )
        messages.put(("done", report))
    except Exception as exc:
        messages.put(("error", exc))


def build_in_child(
    library_dir: Path,
    data_dir: Path,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> SyncReport:
    """Run the build in a child process, relaying its progress; raises what it raised."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    child = context.Process(
        target=_build,
        args=(os.getpid(), str(library_dir), str(data_dir), messages, stop),
        name="readmark-index-build",
    )
    child.start()
    try:
        while True:
            if cancelled():
                stop.set()
            try:
                message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive() and messages.empty():
                    raise ReadmarkError(
                        f"the index build stopped unexpectedly (exit code {child.exitcode}); "
                        "the next update rebuilds it"
                    ) from None
                continue
            if message[0] == "progress":
                progress(message[1], message[2])
            elif message[0] == "done":
                report: SyncReport = message[1]
                return report
            else:
                raise message[1]
    finally:
        stop.set()
        child.join(STOP_SECONDS)
        if child.is_alive():
            child.terminate()
            child.join()
        messages.close()
