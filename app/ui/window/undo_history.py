"""Edit > Undo History, and the status bar line that says what an undo or redo did.

The history is a ``QUndoView`` over the window's stack in a dock: clicking a row steps back
(or forward) to it, several steps at once, each bringing its article on screen as it goes.
Whatever moves the stack (Ctrl+Z, the menu, the history) ends in one sentence in the status
bar: "Undid: highlight in yellow “…” in “<title>”".
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QUndoView
from shiboken6 import isValid

from app.core.trash import empty_trash
from app.ui.annotations.undo_steps import Step

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

MESSAGE_MS = 10_000
DOCK_WIDTH = 320


def step(window: "MainWindow", *, back: bool) -> None:
    """Ctrl+Z / Ctrl+Shift+Z: save what is being typed first, as a step of its own, so the
    undo that follows never has a save pushed in its middle."""
    window.annotations.controller.flush_edits()
    if back:
        window.undo_stack.undo()
    else:
        window.undo_stack.redo()


class UndoHistory(QObject):
    """The history dock and the status bar reporter for one window."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        stack = window.undo_stack
        self.view = QUndoView(stack)
        self.view.setObjectName("undoHistory")
        self.view.setEmptyLabel("Before your first change")
        self.view.setAccessibleName("Undo history")
        self.view.setToolTip("Click a step to go back (or forward) to just after it")
        self.dock = QDockWidget("Undo History", window)
        self.dock.setObjectName("undoHistoryDock")
        self.dock.setWidget(self.view)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self._index = stack.index()
        stack.indexChanged.connect(self._moved)
        # The trash holds what the last session's undone imports took out; that undo is gone.
        empty_trash(window.workspace.data_dir)

    def toggle(self) -> None:
        if self.dock.isVisible():
            self.dock.hide()
            return
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _moved(self, index: int) -> None:
        """Say what the stack just did; a new change (pushed, not redone) says nothing."""
        before, self._index = self._index, index
        stack = self.window.undo_stack
        if not isValid(stack):
            return  # the stack empties itself as the window goes: nothing was undone
        if index < before:
            verb, last, moved = "Undid", "Undo", range(before - 1, index - 1, -1)
        elif index > before:
            verb, last, moved = "Redid", "Redo", range(before, index)
        else:
            return
        commands = [stack.command(i) for i in moved]
        steps = [c for c in commands if isinstance(c, Step) and c.last == last]
        if len(steps) != len(commands):
            return
        library = self.window.workspace.library

        def title_of(article_id: str) -> str | None:
            return library.get(article_id).title if article_id in library else None

        said = steps[-1].summary(title_of)
        if len(steps) > 1:
            which = "the earliest" if last == "Undo" else "the latest"
            said = f"{len(steps)} steps, {which}: {said}"
        self.window.status.showMessage(f"{verb}: {said}", MESSAGE_MS)
