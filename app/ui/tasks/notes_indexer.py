"""The window's annotation updates of the search index, on the index worker.

A highlight's save (the write worker) records what the index must take
(``Workspace.defer_annotation_index``) and wakes this object, which queues one job on the
index worker; that job waits for a pause in the saves (0.15 s, so it never runs beside
a landing's repaint; ``pending_notes.py``) and gives the index everything recorded by
then, in one commit. A burst of highlights is then a burst of quick saves and one commit
after it, not a commit each: the commits kept a worker running Python beside
the GUI thread all along (issue 11's stall), and a highlight made during a full build
waited for it. When the commit lands, ``Changes.indexed`` goes out on the hub so a search
showing ``tag:`` or ``note:`` results runs again.
"""

from PySide6.QtCore import QObject

from app.core.ops.changes import Changes
from app.core.workspace import Workspace
from app.ui.tasks.runner import OperationRunner


class NotesIndexer(QObject):
    """Owned by the GUI thread; ``_wake`` is called on the write worker."""

    def __init__(
        self, workspace: Workspace, runner: OperationRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        workspace.defer_annotation_index(self._wake)

    def _wake(self) -> None:
        """The first change since the last commit: at most one job waits at a time, and it
        takes every change recorded until it runs (``PendingNotes``)."""
        self.runner.tasks.run_index(self._index_when_quiet, self._indexed, self._failed)

    def _index_when_quiet(self) -> frozenset[str]:
        return self.workspace.index_annotations(when_quiet=True)

    def stop(self) -> None:
        """The window is closing: the commit waiting for a pause goes now, so closing
        waits for the commit only."""
        self.workspace.stop_waiting_for_quiet()

    def _indexed(self, articles: frozenset[str]) -> None:
        self.runner.hub.publish(Changes(indexed=articles))

    def _failed(self, exc: BaseException) -> None:
        self.runner.report(exc, "Updating the search index")
