"""Commands that act on whatever has the keyboard focus: Edit > Copy and Select All, and the
router that lets every window shortcut through the text inputs.

On X11 a text input claims Ctrl+E (end of line) and Ctrl+K (delete to the end of the line),
so File > Export did nothing while the search field had focus -- exactly when "export this
search" is wanted -- and Ctrl+K did not reach Find from a note. ``ShortcutRouter`` refuses
such keys for the input when they are a window command, and leaves it its editing keys.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

# What a text input keeps even where a window command has the same key: editing its text.
TEXT_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
TYPING = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def keeps(event: QKeyEvent) -> bool:
    """Typing (no Ctrl, Alt or Meta) and the text-editing keys stay with a text input."""
    if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier in TYPING:
        return True
    return any(event.matches(key) for key in TEXT_KEYS)


class ShortcutRouter(QObject):
    """An application event filter: a window command's key is refused for a text input of
    this window (unless ``keeps`` it), so Qt's shortcut map runs the command."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def window_keys(self) -> set[str]:
        return {
            sequence.toString()
            for action in self.window.actions()
            if action.isEnabled()
            for sequence in action.shortcuts()
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, TEXT_INPUTS) or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window or keeps(event):
            return False
        if QKeySequence(event.keyCombination()).toString() not in self.window_keys():
            return False
        event.ignore()  # not the input's key: the shortcut map runs the window's command
        return True


def copy_from_focus(window: "MainWindow") -> str:
    """Edit > Copy: a text's selection where there is one (the reader, a field), else the
    title (the shown text) of the chosen row of a list. Returns what was copied."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
        focus.copy()
        return QGuiApplication.clipboard().text()
    view = focus if isinstance(focus, QAbstractItemView) else None
    if view is None and window.reader.textCursor().hasSelection():
        window.reader.copy()
        return QGuiApplication.clipboard().text()
    index = view.currentIndex() if view is not None else None
    if index is None or not index.isValid():
        return ""
    text = str(index.siblingAtColumn(0).data(Qt.ItemDataRole.DisplayRole) or "")
    if text:
        QGuiApplication.clipboard().setText(text)
    return text


def select_all_in_focus(window: "MainWindow") -> None:
    """Edit > Select All: the focused field's text, else the article in the reader."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
        focus.selectAll()
        return
    window.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.reader.selectAll()
