"""The library's table view, where a title whose source and date are empty runs over them.

A ``QTableView``, not a ``QTreeView``: a tree view lays out every row whenever the model
resets or is sorted (0.4-0.5 s of the GUI thread for 250,000 articles, at every start and
every click on a column), a table view only the rows on screen (10-20 ms).

BBC articles have neither source nor date: their rows left two blank columns while the
title was cut to fifteen characters. A span per such row would have to be set again at
every sort, so the spanning is painted: the title cell draws no text for such a row, and
``paintEvent`` draws the title across the row for the rows on screen.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.ui.library.article_list_model import TITLE, ArticleListModel

Index = QModelIndex | QPersistentModelIndex
TEXT_MARGIN = 5  # px, where the cells' own text starts
ROW_PADDING = 6  # px above and below a line of text


class TitleDelegate(QStyledItemDelegate):
    """The title cell of a row whose title runs across the row paints no text."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if isinstance(model, ArticleListModel) and model.title_spans(index.row()):
            option.text = ""


class ArticleTableView(QTableView):
    """Whole rows, one line each, no grid, no row numbers; Tab leaves the list."""

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.articles = model
        self.setModel(model)
        self.setItemDelegateForColumn(TITLE, TitleDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.horizontalHeader().setHighlightSections(False)
        # Column titles sit over their text, at the left, as in the tree view it replaced.
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)

    def header(self) -> QHeaderView:
        """The column header, by the name the tree view it replaced gave it."""
        return self.horizontalHeader()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.isColumnHidden(TITLE) or self.articles.rowCount() == 0:
            return
        viewport = self.viewport()
        first = max(0, self.rowAt(0))
        last = self.rowAt(viewport.height() - 1)
        last = self.articles.rowCount() - 1 if last < 0 else last
        painter = QPainter(viewport)
        try:
            for row in range(first, last + 1):
                if self.articles.title_spans(row):
                    self._paint_title(painter, row)
        finally:
            painter.end()

    def _paint_title(self, painter: QPainter, row: int) -> None:
        left = self.columnViewportPosition(TITLE) + TEXT_MARGIN
        top, height = self.rowViewportPosition(row), self.rowHeight(row)
        rect = QRect(left, top, self.horizontalHeader().length() - left - TEXT_MARGIN, height)
        selected = self.selectionModel().isRowSelected(row, QModelIndex())
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title = str(self.articles.index(row, TITLE).data() or "")
        painter.setFont(self.font())
        painter.setPen(self.palette().color(role))
        shown = self.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
