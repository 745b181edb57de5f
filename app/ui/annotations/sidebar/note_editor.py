"""A plain-text Markdown note editor that saves by itself.

It saves after a short pause while typing (and at least every few seconds of non-stop
typing), when it loses the focus, on Escape and when it is hidden or closed, so no way out of
it loses a note and the store is not written on every keystroke. Throwing away what was typed
is a separate, explicit action ("Discard Changes"), which the controller makes undoable.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QFocusEvent, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PAUSE_MS = 400
LONGEST_UNSAVED_MS = 3000  # typing without a pause still saves this often
DISCARD_KEYS = "Ctrl+Shift+Backspace"


class NoteEditor(QPlainTextEdit):
    sig_save = Signal(str)  # the text as typed; saving it is the caller's job
    sig_discard = Signal(str)  # the text to go back to (what was typed was saved just before)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write a note (Markdown)…")
        self.setToolTip(
            "Saved as you type, on Esc and when you leave the field; "
            f"{DISCARD_KEYS} throws away this edit (undoable)"
        )
        self._saved: str | None = ""
        self._began_with = ""  # the note when this edit began: what Discard goes back to
        self._pause = self._timer(PAUSE_MS)
        self._longest = self._timer(LONGEST_UNSAVED_MS)
        self.textChanged.connect(self._on_changed)
        self.discard_action = QAction("Discard Changes to This Note", self)
        self.discard_action.setObjectName("discard_note")
        self.discard_action.setShortcut(DISCARD_KEYS)
        self.discard_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.discard_action.triggered.connect(self.discard)
        self.addAction(self.discard_action)

    def _timer(self, interval_ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self.save)
        return timer

    def set_note(self, text: str) -> None:
        """Show a note as saved (no save follows). While the user is editing, the start of
        their edit stays what Discard goes back to."""
        self._pause.stop()
        self._longest.stop()
        self._saved = text
        if not self.hasFocus():
            self._began_with = text
        if self.toPlainText() != text:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._saved

    def mark_unsaved(self) -> None:
        """Saving failed: keep the text and try again on the next pause or focus-out."""
        self._saved = None

    def _on_changed(self) -> None:
        if self.is_dirty():
            self._pause.start()
            if not self._longest.isActive():
                self._longest.start()

    def save(self) -> None:
        """Emit the text if it changed since the last save; the caller writes it."""
        self._pause.stop()
        self._longest.stop()
        if self.is_dirty():
            text = self.toPlainText()
            self._saved = text
            self.sig_save.emit(text)

    def discard(self) -> None:
        """Go back to the note as it was when this edit began. What was typed is saved first,
        as a step of its own, so undoing the discard brings it back."""
        original = self._began_with
        if self.toPlainText() == original:
            return
        self.save()
        self.set_note(original)
        self.sig_discard.emit(original)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.is_dirty() and self._saved is not None:
            self._began_with = self._saved
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.save()
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """A closed card editor or window is hidden first: the last words are saved then."""
        self.save()
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape keeps the note (it is saved) and goes on to whoever closes the editor."""
        if event.key() == Qt.Key.Key_Escape:
            self.save()
            event.ignore()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        self.discard_action.setEnabled(self.toPlainText() != self._began_with)
        menu.addAction(self.discard_action)
        menu.exec(event.globalPos())
        menu.deleteLater()
