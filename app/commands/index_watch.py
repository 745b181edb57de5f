"""``readmark index --watch``: keep the search index current until Ctrl+C.

One line per sync on stdout, a one-line summary at the end. Ctrl+C only asks the watcher to
stop, so a sync under way always finishes (an index is never left half-written) and no
traceback is printed; the exit status is 0.
"""

import signal
import sys
import time
from types import FrameType

from app.commands.output import EXIT_OK, ProgressLine
from app.core.errors import IndexBusy
from app.core.index import SyncReport
from app.core.watch import FolderWatcher
from app.core.workspace import Workspace

IDLE_MS = 250  # how soon the first sync runs, and how often a busy index is tried again
COUNTED = ("added", "changed", "renamed", "deleted", "annotated")


def watch_index(workspace: Workspace, rebuild: bool = False) -> int:
    """Sync once the watch is in place (so nothing written meanwhile is missed), then after
    every change set; an index another process is writing is tried again when idle."""
    watcher = FolderWatcher(workspace.library_dir, workspace.annotations_dir)
    totals = dict.fromkeys(COUNTED, 0)
    syncs = 0
    started = time.monotonic()
    due, told_busy = True, False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        watcher.stop()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        print(
            f"watching {workspace.library_dir} and {workspace.annotations_dir}; Ctrl+C stops",
            flush=True,
        )
        for changes in watcher.changes(idle_ms=IDLE_MS):
            due = due or bool(changes)
            if not due or watcher.stopped:
                continue
            try:
                report = _sync(workspace, rebuild)
            except IndexBusy as exc:
                if not told_busy:
                    print(f"note: {exc}; trying again shortly", file=sys.stderr, flush=True)
                told_busy = True
                continue
            due, told_busy, rebuild = False, False, False
            syncs += 1
            for name in COUNTED:
                totals[name] += getattr(report, name)
            clock = time.strftime("%H:%M:%S")
            print(f"{clock} {report.summary} in {report.elapsed_ms / 1000:.1f} s", flush=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    counts = ", ".join(f"{n} {name}" for name, n in totals.items() if n) or "no changes"
    minutes = (time.monotonic() - started) / 60
    print(f"stopped watching after {syncs} sync(s) in {minutes:.1f} min ({counts})")
    return EXIT_OK


def _sync(workspace: Workspace, rebuild: bool) -> SyncReport:
    progress = ProgressLine("indexing", every_seconds=2.0)
    try:
        report = workspace.index.rebuild(progress) if rebuild else workspace.index.sync(progress)
    finally:
        progress.finish()
    for problem in report.problems:
        print(f"warning: {problem}", file=sys.stderr, flush=True)
    return report
