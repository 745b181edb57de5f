"""One-line list rows painted by hand (related articles, saved searches): the shared start
of painting a row, so the selection fill and the text colours are chosen in one place."""

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.themes import LIGHT


@dataclass(frozen=True)
class RowStart:
    """What a row's painting needs after the background: its style option, whether it is
    selected or under the mouse, and the colours of its main and secondary text."""

    option: QStyleOptionViewItem
    selected: bool
    hovered: bool
    text: QColor
    muted: QColor


class OneLineDelegate(QStyledItemDelegate):
    """A row one line of text high plus ``EXTRA_HEIGHT``, in the window's theme."""

    EXTRA_HEIGHT = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = LIGHT

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), option.fontMetrics.height() + self.EXTRA_HEIGHT)

    def begin_row(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> RowStart:
        """Fill a selected row and pick its colours; the caller has saved the painter."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        hovered = bool(opt.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(opt.rect, opt.palette.color(QPalette.ColorRole.Highlight))
        chosen = QPalette.ColorRole.HighlightedText
        text = opt.palette.color(chosen if selected else QPalette.ColorRole.Text)
        muted = opt.palette.color(chosen if selected else QPalette.ColorRole.PlaceholderText)
        return RowStart(opt, selected, hovered, text, muted)
