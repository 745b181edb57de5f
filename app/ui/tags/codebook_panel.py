"""The chosen tag's codebook entry in the tag library: its description (the code's
definition, Markdown rendered in a ``SafeBrowser``) and its colour, each with a button to
change it. The panel only asks; the tag library writes through the core's codebook as an
undoable step.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.annotations.model import COLOURS
from app.core.codebook import Code
from app.ui.annotations.sidebar.filter_bar import colour_icon
from app.ui.widgets.safe_document import SafeBrowser, plain_label

NO_DESCRIPTION = "A description says when the tag applies."
DESCRIPTION_HEIGHT = 96  # about four lines


class DescriptionDialog(QDialog):
    """The Markdown source of a description, edited in a plain text field."""

    def __init__(self, tag: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Describe Tag")
        self.setMinimumSize(420, 260)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("tagDescriptionEditor")
        self.editor.setPlainText(text)
        self.editor.setPlaceholderText("When does this tag apply? Markdown works here.")
        self.editor.setAccessibleName(f"Description of {tag}")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Description of '{tag}'", self))
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()


class CodePanel(QWidget):
    """A heading for the chosen tag, buttons to describe and colour it, and what it means."""

    description_edited = Signal(str, str)  # tag, the new Markdown
    colour_chosen = Signal(str, str)  # tag, "#rrggbb" or "" for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = ""
        self.code = Code("")
        self.heading = plain_label("", self)
        self.heading.setWordWrap(True)
        self.browser = SafeBrowser(self)
        self.browser.setObjectName("tagDescription")
        self.browser.setAccessibleName("Description of the chosen tag")
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        layout_of = self.browser.document().documentLayout()
        layout_of.documentSizeChanged.connect(lambda size: self._fit(size.height()))
        self.describe_button = QPushButton("Describe…", self)
        self.describe_button.setObjectName("describeTag")
        self.describe_button.setToolTip(f"Write what the tag means (Markdown). {NO_DESCRIPTION}")
        self.describe_button.clicked.connect(self.ask_description)
        self.colour_button = QPushButton("Colour", self)
        self.colour_button.setObjectName("tagColour")
        self.colour_button.setToolTip("The tag's colour in the codebook and in exports")
        self.colour_button.setMenu(self._colour_menu())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heading, 1)
        row.addWidget(self.describe_button)
        row.addWidget(self.colour_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.browser)
        self.show_code("", Code(""))

    def _colour_menu(self) -> QMenu:
        menu = QMenu(self)
        for name, hex_colour in COLOURS.items():
            action = menu.addAction(colour_icon(hex_colour), name.capitalize())
            action.triggered.connect(lambda _c=False, h=hex_colour: self._choose(h))
        menu.addSeparator()
        menu.addAction("Other Colour…").triggered.connect(lambda _c=False: self.ask_colour())
        menu.addAction("No Colour").triggered.connect(lambda _c=False: self._choose(""))
        return menu

    def _fit(self, height: float) -> None:
        """As tall as the description, up to a few lines (then it scrolls)."""
        frame = 2 * self.browser.frameWidth() + 2
        self.browser.setFixedHeight(min(DESCRIPTION_HEIGHT, int(height) + frame))

    def show_code(self, tag: str, code: Code) -> None:
        """The entry of ``tag``; the description's space is given back when it has none."""
        self.tag, self.code = tag, code
        self.browser.setMarkdown(code.description)
        self.browser.setVisible(bool(code.description))
        for button in (self.describe_button, self.colour_button):
            button.setEnabled(bool(tag))
        self.describe_button.setText("Edit Description…" if code.description else "Describe…")
        self.colour_button.setIcon(colour_icon(code.colour) if code.colour else QIcon())

    def ask_description(self) -> None:
        if not self.tag:
            return
        dialog = DescriptionDialog(self.tag, self.code.description, self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.description_edited.emit(self.tag, dialog.text())

    def ask_colour(self) -> None:
        if not self.tag:
            return
        chosen = QColorDialog.getColor(
            QColor(self.code.colour or "#ffffff"), self.window(), f"Colour of '{self.tag}'"
        )
        if chosen.isValid():
            self._choose(chosen.name())

    def _choose(self, colour: str) -> None:
        if self.tag:
            self.colour_chosen.emit(self.tag, colour)
