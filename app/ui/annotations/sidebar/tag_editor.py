"""The small dialog behind T: tags separated by commas, completed from the library's tags.

Like a note, what is typed here is kept however the dialog closes (OK, Enter, Escape, the
window's close button); only the explicit "Discard" button throws it away.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class LastTagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data(Qt.ItemDataRole.EditRole))
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        head = typed.rsplit(",", 1)[0] if "," in typed else ""
        return f"{head}, {chosen}, " if head else f"{chosen}, "


class TagDialog(QDialog):
    def __init__(
        self,
        known_tags: list[str],
        current: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.setObjectName("tagDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tags, separated by commas:"))
        self.field = QLineEdit(", ".join(current or []))
        self.field.setObjectName("tagField")
        self.field.setPlaceholderText("e.g. aegis-ashore, defence")
        self.field.setAccessibleName("Tags")
        self.known = QStringListModel(sorted(known_tags, key=str.casefold), self)
        completer = LastTagCompleter(self.known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        layout.addWidget(self.field)
        self.discarded = False
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Discard
        )
        buttons.accepted.connect(self.accept)
        self.discard_button = buttons.button(QDialogButtonBox.StandardButton.Discard)
        self.discard_button.setToolTip("Close without changing the tags")
        self.discard_button.clicked.connect(self.discard)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def reject(self) -> None:
        """Escape and the close button keep what was typed."""
        self.accept()

    def discard(self) -> None:
        self.discarded = True
        super().reject()

    def tags(self) -> list[str]:
        return split_tags(self.field.text())
