"""The library's table view, where a title whose source and date are empty runs over them.

BBC articles have neither: their rows left two blank columns while the title was cut to
fifteen characters. ``QTreeView.setFirstColumnSpanned`` would do it, but it keeps a list
it searches linearly for every spanned row (0.5 s for the 2,225 BBC articles), so the
spanning here is painted: the title cell draws no text for such a row, and ``drawRow``
draws the title once across the whole row after the cells.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from app.ui.library.article_list_model import TITLE, ArticleListModel

Index = QModelIndex | QPersistentModelIndex
TEXT_MARGIN = 5  # px, where the cells' own text starts


class TitleDelegate(QStyledItemDelegate):
    """The title cell of a row whose title runs across the row paints no text."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if isinstance(model, ArticleListModel) and model.title_spans(index.row()):
            option.text = ""


class ArticleTree(QTreeView):
    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.articles = model
        self.setModel(model)
        self.setItemDelegateForColumn(TITLE, TitleDelegate(self))

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().drawRow(painter, option, index)
        row = index.row()
        if not self.articles.title_spans(row) or self.isColumnHidden(TITLE):
            return
        header = self.header()
        left = header.sectionViewportPosition(TITLE) + TEXT_MARGIN
        rect = QRect(
            left, option.rect.top(), header.length() - left - TEXT_MARGIN, option.rect.height()
        )
        selected = self.selectionModel().isRowSelected(row, QModelIndex())
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title = str(self.articles.index(row, TITLE).data() or "")
        painter.save()
        painter.setFont(option.font)
        painter.setPen(option.palette.color(role))
        shown = option.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
        painter.restore()
