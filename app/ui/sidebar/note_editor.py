"""A plain-text Markdown note editor that saves by itself.

It saves when it loses the focus and after a short pause while typing, so a note is never
lost to a forgotten "Save" and the store is not written on every keystroke.
"""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PAUSE_MS = 800


class NoteEditor(QPlainTextEdit):
    sig_save = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write a note (Markdown)…")
        self.setToolTip("Saved when you pause typing or leave the field")
        self._saved: str | None = ""
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.save)
        self.textChanged.connect(self._on_changed)

    def set_note(self, text: str) -> None:
        """Show a note as saved (no save follows)."""
        self._pause.stop()
        self._saved = text
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

    def save(self) -> None:
        """Emit the text if it changed since the last save; the caller writes it."""
        self._pause.stop()
        if self.is_dirty():
            text = self.toPlainText()
            self._saved = text
            self.sig_save.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.save()
        super().focusOutEvent(event)
