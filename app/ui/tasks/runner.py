"""The one way the window changes the user's data: a core operation on the write worker.

Thread ownership (see docs/architecture.md "Threads"): the operation (a ``Callable`` returning
``Done``) runs on the single write worker of ``TaskManager``, so writes never run on the GUI
thread and two writes never race; writes to one article keep the order they were asked in.
It may read and write the ``Workspace`` (library files, annotation store, index) but never
touch a widget. What it returns is a value (``Done``: what it made, ``Changes``, problems)
handed to the GUI thread through the task manager's queued signal; there, in this order,
the problems go to the message bar, the changes are published on the ``ChangesHub`` (every
view refreshes itself, once for the landings of one turn of the event loop) and then the
caller's ``on_done`` gets the value. A failure goes to the
caller's ``on_error``, or to the message bar as one sentence.
"""

from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from PySide6.QtCore import QObject

from app.core.ops.changes import Done
from app.ui.tasks.hub import ChangesHub
from app.ui.tasks.workers import TaskManager

T = TypeVar("T")

Report = Callable[[BaseException, str], None]  # the exception, what the user was doing


class OperationRunner(QObject):
    """Runs core operations for the whole window; owned by the GUI thread."""

    def __init__(
        self, tasks: TaskManager, hub: ChangesHub, report: Report, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.hub = hub
        self.report = report

    def run(
        self,
        operation: Callable[[], Done[T]],
        context: str,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Done[T]]:
        """Queue ``operation`` behind every write asked for before it. ``context`` says what
        the user was doing ("Highlighting"), for the message bar."""

        def landed(done: Done[T]) -> None:
            for problem in done.problems:
                self.report(problem, "")
            self.hub.publish(done.changes)
            if on_done is not None:
                self.hub.after(lambda: on_done(done.value))

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                self.hub.after(lambda: on_error(exc))
            else:
                self.report(exc, context)

        return self.tasks.run_write(operation, landed, failed)

    def idle(self) -> bool:
        """No write queued or running, and no result still to come or to reach the views
        (the hub gathers landings for one turn of the event loop)."""
        return self.tasks.idle() and not self.hub.pending()
