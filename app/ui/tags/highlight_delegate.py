"""Paints one row of the tag library's highlight list: the article's title, the colour chip
and the quote, the note's first lines. Quiet, like a reference manager's item list."""

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.tags.highlights_model import (
    COLOUR_ROLE,
    NOTE_ROLE,
    QUOTE_ROLE,
    TITLE_ROLE,
    markdown_as_text,
)
from app.ui.themes import Theme
from app.ui.widgets.rows import Index

PAD = 8
CHIP = 9
NOTE_LINES = 2


class TagHighlightDelegate(QStyledItemDelegate):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        quote = QFont(option.font)
        quote.setItalic(True)
        return title, quote, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, quote, body = self._fonts(option)
        lines = QFontMetrics(title).lineSpacing() + QFontMetrics(quote).lineSpacing()
        if index.data(NOTE_ROLE):
            lines += QFontMetrics(body).lineSpacing() * NOTE_LINES
        return QSize(option.rect.width() or 400, lines + 2 * PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        theme = self.theme
        title_font, quote_font, body_font = self._fonts(option)
        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(theme.selection))
        painter.setPen(QColor(theme.border))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        y = rect.top() + PAD // 2
        metrics = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.text))
        title = metrics.elidedText(
            str(index.data(TITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QRect(rect.left(), y, rect.width(), metrics.lineSpacing()), 0, title)
        y += metrics.lineSpacing()
        colour = theme.highlights.get(str(index.data(COLOUR_ROLE) or ""), theme.muted)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        metrics = QFontMetrics(quote_font)
        painter.drawEllipse(QRectF(rect.left(), y + (metrics.height() - CHIP) / 2, CHIP, CHIP))
        painter.setFont(quote_font)
        painter.setPen(QColor(theme.text))
        quote = metrics.elidedText(
            f"“{index.data(QUOTE_ROLE) or ''}”", Qt.TextElideMode.ElideRight, rect.width() - 16
        )
        painter.drawText(
            QRect(rect.left() + 16, y, rect.width() - 16, metrics.lineSpacing()), 0, quote
        )
        y += metrics.lineSpacing()
        note = str(index.data(NOTE_ROLE) or "")
        if note:
            metrics = QFontMetrics(body_font)
            painter.setFont(body_font)
            painter.setPen(QColor(theme.muted))
            painter.drawText(
                QRect(rect.left() + 16, y, rect.width() - 16, metrics.lineSpacing() * NOTE_LINES),
                Qt.TextFlag.TextWordWrap,
                markdown_as_text(note)[:400],
            )
        painter.restore()
