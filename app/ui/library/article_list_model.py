"""The library's articles as a table model: title, source, date; sorted and filtered in Python.

Sorting and the tag / source / year filter happen here on plain lists, not in a
``QSortFilterProxyModel``: a proxy compares rows through ``data()`` calls, which for the
23,803-article corpus kept the GUI thread busy for over a second after every sync. A key
sort of the list takes a few milliseconds.
"""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)

from app.core.article import Article
from app.ui.widgets.rows import ARTICLE_ID_ROLE, Index, read_only_flags
from app.ui.widgets.safe_document import shown_as_typed

COLUMNS = ("Title", "Source", "Date")
TITLE, SOURCE, DATE = range(3)


def format_date(article: Article) -> str:
    return article.date.isoformat() if article.date else ""


def title_key(article: Article) -> str:
    return article.title.casefold()


def sort_key(column: int) -> Any:
    """Dates chronologically, text without case; ties by title."""
    if column == DATE:
        return lambda a: (a.date.toordinal(), title_key(a))
    if column == SOURCE:
        return lambda a: ((a.source or "").casefold(), title_key(a))
    return title_key


def has_value(article: Article, column: int) -> bool:
    """Whether the article has something to sort by in this column (title always)."""
    if column == DATE:
        return article.date is not None
    if column == SOURCE:
        return bool(article.source)
    return True


def arranged(articles: list[Article], column: int, descending: bool) -> list[Article]:
    """Sorted by the column, articles without a value (no date, no source) last and by
    title whichever way the column runs: reversing the whole list put undated articles
    first, or at the end in reverse alphabetical order."""
    valued = [a for a in articles if has_value(a, column)]
    missing = [a for a in articles if not has_value(a, column)]
    valued.sort(key=sort_key(column), reverse=descending)
    missing.sort(key=title_key)
    return valued + missing


class ArticleListModel(QAbstractTableModel):
    """A snapshot of the library; ``set_articles`` replaces it after a sync or an import."""

    def __init__(self, articles: list[Article] | None = None) -> None:
        super().__init__()
        self._all: list[Article] = list(articles or [])
        self._shown: list[Article] = []
        self._rows: dict[str, int] = {}
        self.sort_column = DATE
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.tag: str | None = None
        self.source: str | None = None
        self.year: int | None = None
        self._arrange()

    # -- contents, filter, order ---------------------------------------------------------

    def _arrange(self) -> None:
        shown = arranged(
            [a for a in self._all if self._accepts(a)],
            self.sort_column,
            self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        self._shown = shown
        self._rows = {a.id: row for row, a in enumerate(shown)}

    def _accepts(self, article: Article) -> bool:
        if self.source is not None and article.source != self.source:
            return False
        if self.year is not None and (article.date is None or article.date.year != self.year):
            return False
        return self.tag is None or any(t.casefold() == self.tag for t in article.tags)

    def set_articles(self, articles: list[Article]) -> None:
        self.beginResetModel()
        self._all = list(articles)
        self._arrange()
        self.endResetModel()

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
        before = {p: self._shown[p.row()].id for p in self.persistentIndexList()}
        self.sort_column, self.sort_order = column, order
        self._arrange()
        for persistent, article_id in before.items():
            row = self._rows.get(article_id)
            new = self.index(row, persistent.column()) if row is not None else QModelIndex()
            self.changePersistentIndex(persistent, new)
        self.layoutChanged.emit()

    def update_article(self, article: Article) -> None:
        """One article's details changed (edited in the dialog): repaint its row only."""
        self._all = [article if a.id == article.id else a for a in self._all]
        row = self._rows.get(article.id)
        if row is None:
            return
        self._shown[row] = article
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def article(self, row: int) -> Article:
        return self._shown[row]

    def title_spans(self, row: int) -> bool:
        """Whether the row has neither source nor date, so its title may use their room."""
        if not 0 <= row < len(self._shown):
            return False
        article = self._shown[row]
        return not article.source and article.date is None

    def column_is_empty(self, column: int) -> bool:
        """No article in the library has a value here (no BBC article has a source)."""
        return not any(has_value(a, column) for a in self._all)

    def total(self) -> int:
        """Articles in the library, shown or filtered out."""
        return len(self._all)

    def row_of(self, article_id: str) -> int | None:
        return self._rows.get(article_id)

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        article = self._shown[index.row()]
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

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
