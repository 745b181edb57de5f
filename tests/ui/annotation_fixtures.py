"""A real workspace in tmp_path with the bundled articles, a reader, a sidebar and the
controller wired as the window wires them: a task manager, a changes hub, the operation
runner and the annotation indexer, so every save runs on the write worker and every index
update on the index worker (``wait_for_writes`` waits for both)."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMenu, QWidget

from app.core.annotations import AnnotationStore
from app.core.workspace import Workspace
from app.ui.annotations.controller import AnnotationController
from app.ui.reader.view import Reader
from app.ui.tasks.hub import ChangesHub
from app.ui.tasks.notes_indexer import NotesIndexer
from app.ui.tasks.runner import OperationRunner
from app.ui.tasks.workers import TaskManager
from tests.conftest import BUNDLED_LIBRARY

NATO_SEED = "000_81b53dd98f06b5e6.txt"


@dataclass
class Harness:
    workspace: Workspace
    store: AnnotationStore
    reader: Reader
    controller: AnnotationController
    stack: QUndoStack
    window: QWidget
    errors: list[tuple[BaseException, str]]
    tasks: TaskManager
    qtbot: object

    def settle(self) -> None:
        """Wait until every write asked for has landed and the views have taken it in (the
        runner is idle only once the hub has sent the gathered changes)."""
        wait_for_writes(self.qtbot, self.controller.runner)

    @property
    def nato(self) -> str:
        """The id of the bundled NATO summit article (the first seed)."""
        return next(a.id for a in self.workspace.library if a.imported_from == NATO_SEED)

    def open(self, article_id: str | None = None) -> None:
        article = self.workspace.library.get(article_id or self.nato)
        self.reader.show_article(article)

    def file(self, article_id: str | None = None) -> Path:
        """The article's annotation file, once every write asked for so far has landed."""
        self.settle()
        return self.store.path_for(article_id or self.nato)


@pytest.fixture(name="harness")
def harness_fixture(qtbot, tmp_path: Path) -> Iterator[Harness]:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    workspace = Workspace(library, tmp_path / "data")
    store = workspace.annotations
    reader = Reader()
    stack = QUndoStack()
    tasks = TaskManager()
    errors: list[tuple[BaseException, str]] = []
    runner = OperationRunner(tasks, ChangesHub(), lambda exc, what: errors.append((exc, what)))
    controller = AnnotationController(workspace, runner, reader, stack)
    NotesIndexer(workspace, runner, controller)
    window = QWidget()
    layout = QHBoxLayout(window)
    layout.addWidget(reader, 3)
    layout.addWidget(controller.sidebar, 2)
    window.resize(1200, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller.sig_error.connect(lambda exc, context: errors.append((exc, context)))
    h = Harness(workspace, store, reader, controller, stack, window, errors, tasks, qtbot)
    yield h
    tasks.shutdown()
    workspace.close()


def wait_for_writes(qtbot, runner: OperationRunner, timeout: int = 10_000) -> None:
    """Every write queued so far has run on the worker and its result reached the views."""
    qtbot.waitUntil(runner.idle, timeout=timeout)


def press(qtbot, widget, keys: str) -> None:
    """Type keys into a widget of the active window (as after closing a dialog)."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    widget.setFocus()
    qtbot.keyClicks(widget, keys)


def tags_of(annotation: dict) -> list[str]:
    """The tags of an annotation as saved in W3C JSON."""
    return [b["value"] for b in annotation.get("body", []) if b["purpose"] == "tagging"]


def when_dialog_opens(act) -> None:
    """Run ``act(dialog)`` as soon as a modal dialog is up (the key press blocks in exec)."""
    _when_shown(QApplication.activeModalWidget, act, lambda dialog: dialog.reject())


def when_menu_opens(act) -> None:
    """Like ``when_dialog_opens``, for a popup menu (menus are popups, not modal dialogs)."""

    def menu() -> QMenu | None:
        popup = QApplication.activePopupWidget()
        return popup if isinstance(popup, QMenu) else None

    _when_shown(menu, act, lambda shown: shown.close())


def _when_shown(find, act, dismiss) -> None:
    timer = QTimer(QApplication.instance())  # owned by the app: lives until it fires
    QTimer.singleShot(10_000, timer, timer.stop)  # never left to act on a later test's window

    def poll() -> None:
        widget = find()
        if widget is not None:
            timer.stop()
            timer.deleteLater()
            try:
                act(widget)
            finally:
                if widget.isVisible():
                    dismiss(widget)  # a failing check must not leave the test waiting

    timer.timeout.connect(poll)
    timer.start(20)
