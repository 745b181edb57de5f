"""The library's articles as a table model: title, source, date; sorted and filtered on arrays.

Sorting and the tag / source / year filter happen here, not in a ``QSortFilterProxyModel``:
a proxy compares rows through ``data()`` calls, which for the 23,803-article corpus kept the
GUI thread busy for over a second after every sync. The order is a numpy ``lexsort`` over
``ListColumns`` (``list_columns.py``), made once per snapshot: milliseconds at 250,000.
The model leaves ``flags`` to ``QAbstractTableModel`` (enabled, selectable, never a parent,
in C++): a Python ``flags`` was called twice per row when the tree view laid out 250,000.
"""

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)

from app.core.article import Article
from app.ui.library.list_columns import DATE, SOURCE, TITLE, Facets, Ints, ListColumns
from app.ui.widgets.rows import ARTICLE_ID_ROLE, Index, column_title
from app.ui.widgets.safe_document import shown_as_typed

COLUMNS = ("Title", "Source", "Date")
__all__ = ["ARTICLE_ID_ROLE", "COLUMNS", "DATE", "SOURCE", "TITLE", "ArticleListModel"]


def format_date(article: Article) -> str:
    return article.date.isoformat() if article.date else ""


class ArticleListModel(QAbstractTableModel):
    """A snapshot of the library; ``set_articles`` replaces it after a sync or an import."""

    def __init__(self, articles: list[Article] | None = None) -> None:
        super().__init__()
        self._columns = ListColumns(list(articles or []))
        self._order: Ints = np.zeros(0, dtype=np.int64)  # the snapshot places shown, in order
        self._rows: Ints | None = None  # place in the snapshot -> row shown (-1: filtered out)
        self._stale = False  # an update changed a sort or filter key: make the columns again
        self.sort_column = DATE
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.tag: str | None = None
        self.source: str | None = None
        self.year: int | None = None
        self._take(self._columns)

    # -- contents, filter, order ---------------------------------------------------------

    def _take(self, columns: ListColumns) -> None:
        self._columns = columns
        self._arrange()

    def _arrange(self) -> None:
        if self._stale:
            self._columns, self._stale = ListColumns(self._columns.articles), False
        columns = self._columns
        self._order = columns.order(
            columns.accepted(self.tag, self.source, self.year),
            self.sort_column,
            self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = None

    def _row_of_place(self) -> Ints:
        """Made when a row is first looked up after an order change: one numpy scatter
        (a dict of 250,000 ids took 0.1 s of the GUI thread)."""
        if self._rows is None:
            rows = np.full(len(self._columns), -1, dtype=np.int64)
            rows[self._order] = np.arange(len(self._order), dtype=np.int64)
            self._rows = rows
        return self._rows

    def set_articles(self, articles: list[Article] | ListColumns) -> None:
        """A new snapshot; ``ListColumns`` made on a worker spares the GUI thread making
        them (0.2-0.8 s at 250,000 articles)."""
        columns = articles if isinstance(articles, ListColumns) else ListColumns(list(articles))
        self.beginResetModel()
        self._take(columns)
        self.endResetModel()

    def facets(self) -> Facets:
        """The snapshot's tags, sources and years with their counts, for the filter boxes."""
        return self._columns.facets()

    def set_filter(
        self, *, tag: str | None = None, source: str | None = None, year: int | None = None
    ) -> None:
        """Show only articles with this tag (any case), source and year; None means any."""
        self.beginResetModel()
        self.tag = tag.casefold() if tag else None
        self.source = source
        self.year = year
        self._arrange()
        self.endResetModel()

    def is_filtered(self) -> bool:
        return any(v is not None for v in (self.tag, self.source, self.year))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a header is clicked; keeps selections on their articles."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = {p: self.article(p.row()).id for p in self.persistentIndexList()}
        self.sort_column, self.sort_order = column, order
        self._arrange()
        for persistent, article_id in before.items():
            row = self.row_of(article_id)
            new = self.index(row, persistent.column()) if row is not None else QModelIndex()
            self.changePersistentIndex(persistent, new)
        self.layoutChanged.emit()

    def update_article(self, article: Article) -> None:
        """One article's details changed (edited in the dialog): repaint its row only; its
        new title, date, source or tags count from the next sort or filter on."""
        place = self._columns.places.get(article.id)
        if place is None:
            return
        columns = self._columns
        old = columns.articles[place]
        columns.articles[place] = article
        keys = ("title", "date", "source", "tags")
        self._stale = self._stale or any(getattr(old, k) != getattr(article, k) for k in keys)
        row = self.row_of(article.id)
        if row is None:
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def article(self, row: int) -> Article:
        return self._columns.articles[int(self._order[row])]

    def title_spans(self, row: int) -> bool:
        """Whether the row has neither source nor date, so its title may use their room."""
        if not 0 <= row < len(self._order):
            return False
        article = self.article(row)
        return not article.source and article.date is None

    def column_is_empty(self, column: int) -> bool:
        """No article in the library has a value here (no BBC article has a source)."""
        return not self._columns.has_values(column)

    def total(self) -> int:
        """Articles in the library, shown or filtered out."""
        return len(self._columns)

    def row_of(self, article_id: str) -> int | None:
        place = self._columns.places.get(article_id)
        row = -1 if place is None else int(self._row_of_place()[place])
        return row if row >= 0 else None

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        article = self.article(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (article.title, article.source or "", format_date(article))[column]
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            byline = ", ".join(
                p for p in (article.author, article.source, format_date(article)) if p
            )
            return shown_as_typed(f"{article.title}\n{byline}" if byline else article.title)
        return None
