"""The line under a dialog's fields that says what went wrong while the dialog stays open.

A failed save or export keeps the dialog and everything typed into it, so the user can fix
the one field and try again; the message goes here rather than to the window's message bar.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class ErrorLabel(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("hintLabel")
        self.setProperty("kind", "error")  # the stylesheet's error colours
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages name files and fields
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.show()
