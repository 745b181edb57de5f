"""The small floating bar that appears over a text selection in the reader.

Its buttons are the controller's actions (five colours, Tag, Note), so the bar, the context
menu and the keys 1-5, T and N all do the same thing and show the same tooltips.
"""

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton

from app.ui.reader.view import Reader
from app.ui.themes import Theme

SHOW_DELAY_MS = 120
GAP = 6


class SelectionBar(QFrame):
    def __init__(self, reader: Reader, actions: list[QAction]) -> None:
        super().__init__(reader.viewport())
        self.reader = reader
        self.setObjectName("selectionBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(1)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setIconSize(QSize(16, 16))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if not action.icon().isNull():
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            else:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            layout.addWidget(button)
            self.buttons.append(button)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_DELAY_MS)
        self._timer.timeout.connect(self.follow_selection)
        reader.selectionChanged.connect(self._timer.start)
        reader.verticalScrollBar().valueChanged.connect(lambda _v: self.follow_selection())
        reader.sig_document_changed.connect(self.hide)

    def apply_theme(self, theme: Theme) -> None:
        """The bar floats over the page, so it takes the theme's card colours, not Qt's."""
        self.setStyleSheet(
            f"#selectionBar {{ background: {theme.alternate}; border: 1px solid {theme.border};"
            f" border-radius: 6px; }}"
            f"#selectionBar QToolButton {{ color: {theme.text}; padding: 2px 4px; }}"
            f"#selectionBar QToolButton:hover {{ background: {theme.selection};"
            f" border-radius: 4px; }}"
        )

    def follow_selection(self) -> None:
        """Show the bar over the selection, or hide it (no selection, scrolled away)."""
        if self.reader.selected_range() is None:
            self.hide()
            return
        self.adjustSize()
        size = self.sizeHint()
        viewport = self.reader.viewport().rect()
        place = self.placement(size)
        if not viewport.intersects(QRect(place, size)):
            self.hide()
            return
        y = max(0, min(place.y(), viewport.height() - size.height()))
        self.move(place.x(), y)
        self.show()
        self.raise_()

    def placement(self, size: QSize) -> QPoint:
        """Above the selection when the bar fits between it and the line above (a paragraph's
        margin, the top of the page); otherwise below it. The bar must never hide the line
        above, which is what the reader has just read and what a highlight often continues."""
        cursor = self.reader.textCursor()
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end = QTextCursor(cursor)
        end.setPosition(cursor.selectionEnd())
        first = self.reader.cursorRect(start)
        last = self.reader.cursorRect(end)
        above = QTextCursor(start)
        free_top = 0
        if above.movePosition(QTextCursor.MoveOperation.Up):
            free_top = max(0, self.reader.cursorRect(above).bottom() + 1)
        viewport = self.reader.viewport().rect()
        x = min(max(0, first.left()), max(0, viewport.width() - size.width()))
        y = first.top() - size.height() - GAP
        if y < free_top:
            y = last.bottom() + GAP
        return QPoint(x, y)
