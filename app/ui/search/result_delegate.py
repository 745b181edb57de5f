"""Paints one search hit: the title, a muted date and source line, the snippet with hits marked.

The snippet is the core's HTML (``<mark>`` around hit words); a ``QTextDocument`` lays it out
so the marks get the theme's hit colour. Rows have one fixed height, so the view sizes the
list without laying out a single snippet, and only painted rows build (cached) documents.
A row standing for several versions of one story says "+3 versions" at the right of its
date line, in the link colour; a click there unfolds them (``SearchResultsModel``).
"""

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.search.results_model import (
    DATE_ROLE,
    SNIPPET_ROLE,
    SOURCE_ROLE,
    VERSIONS_ROLE,
    SearchResultsModel,
)
from app.ui.themes import LIGHT, Theme
from app.ui.widgets.safe_document import SafeDocument

PADDING_X, PADDING_Y, GAP = 10, 8, 3
SNIPPET_LINES = 3


class SearchResultDelegate(QStyledItemDelegate):
    """Three parts per row; the snippet is cut to a few lines so the list stays scannable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = LIGHT
        self._docs: dict[tuple[str, int], QTextDocument] = {}
        self._line_heights: dict[str, int] = {}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._docs.clear()

    def forget_layouts(self) -> None:
        self._docs.clear()

    def _snippet(self, html: str, width: int, font: QFont) -> QTextDocument:
        key = (html, width)
        doc = self._docs.get(key)
        if doc is None:
            doc = SafeDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(font)
            doc.setDefaultStyleSheet(
                f"mark {{ background-color: {self.theme.search_hit}; color: {self.theme.text}; }}"
                f"body {{ color: {self.theme.muted}; }}"
            )
            doc.setHtml(f"<body>{html}</body>")
            doc.setTextWidth(width)
            if len(self._docs) > 400:
                self._docs.clear()
            self._docs[key] = doc
        return doc

    def _line_height(self, font: QFont) -> int:
        """One line as the snippet document lays it out (taller than the font's spacing)."""
        key = font.key()
        if key not in self._line_heights:
            probe = SafeDocument()
            probe.setDocumentMargin(0)
            probe.setDefaultFont(font)
            probe.setPlainText("Xg")
            self._line_heights[key] = int(probe.documentLayout().documentSize().height())
        return self._line_heights[key]

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        meta = QFont(option.font)
        meta.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.88))
        snippet = QFont(option.font)
        snippet.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.95))
        return title, meta, snippet

    def _layout(self, option: QStyleOptionViewItem) -> tuple[QRect, QRect, QRect, int]:
        """Every row has the same height (three snippet lines), so the view can ask once."""
        snippet_font = self._fonts(option)[2]
        width = max(60, option.rect.width() - 2 * PADDING_X)
        title_height = option.fontMetrics.height() + 2
        meta_height = int(option.fontMetrics.height() * 0.9) + 1
        snippet_height = self._line_height(snippet_font) * SNIPPET_LINES
        left, top = option.rect.left() + PADDING_X, option.rect.top() + PADDING_Y
        title_rect = QRect(left, top, width, title_height)
        meta_rect = QRect(left, title_rect.bottom() + GAP, width, meta_height)
        snippet_rect = QRect(left, meta_rect.bottom() + GAP, width, snippet_height)
        total = PADDING_Y * 2 + title_height + meta_height + snippet_height + GAP * 2
        return title_rect, meta_rect, snippet_rect, total

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        *_, total = self._layout(opt)
        return QSize(max(60, opt.rect.width()), total)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(opt.rect, opt.palette.color(QPalette.ColorRole.Highlight))
        title_rect, meta_rect, snippet_rect, _ = self._layout(opt)
        title_font, meta_font, snippet_font = self._fonts(opt)
        doc = self._snippet(str(index.data(SNIPPET_ROLE) or ""), snippet_rect.width(), snippet_font)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(text_role))
        painter.setFont(title_font)
        elided = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.setFont(meta_font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        meta = "  ·  ".join(p for p in (index.data(DATE_ROLE), index.data(SOURCE_ROLE)) if p)
        painter.drawText(
            meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta
        )
        versions = str(index.data(VERSIONS_ROLE) or "")
        if versions:
            colour = opt.palette.color(text_role) if selected else QColor(self.theme.link)
            painter.setPen(colour)
            painter.drawText(
                self.versions_rect(opt, versions),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                versions,
            )
        painter.translate(snippet_rect.topLeft())
        painter.setClipRect(QRect(0, 0, snippet_rect.width(), snippet_rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        painter.restore()

    def versions_rect(self, option: QStyleOptionViewItem, text: str) -> QRect:
        """Where "+3 versions" is drawn: the right end of the date line."""
        meta_rect = self._layout(option)[1]
        width = QFontMetrics(self._fonts(option)[1]).horizontalAdvance(text) + 4
        return QRect(meta_rect.right() - width, meta_rect.top(), width, meta_rect.height())

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """A click on "+3 versions" unfolds them instead of opening the row."""
        text = str(index.data(VERSIONS_ROLE) or "")
        if (
            text
            and isinstance(event, QMouseEvent)
            and isinstance(model, SearchResultsModel)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and self.versions_rect(option, text).contains(event.position().toPoint())
        ):
            return model.toggle_versions(index.row())
        return super().editorEvent(event, model, option, index)
