"""The library's articles as a table model: title, source, date.

Views sort through ``SORT_ROLE`` (a key that sorts dates chronologically and text without
case), so the proxy never has to parse what is displayed.
"""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.core.article import Article

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Source", "Date")
TITLE, SOURCE, DATE = range(3)
Index = QModelIndex | QPersistentModelIndex


def format_date(article: Article) -> str:
    return article.date.isoformat() if article.date else ""


class ArticleListModel(QAbstractTableModel):
    """A snapshot of the library; ``set_articles`` replaces it after a sync or an import."""

    def __init__(self, articles: list[Article] | None = None) -> None:
        super().__init__()
        self._articles: list[Article] = list(articles or [])
        self._rows: dict[str, int] = {}
        self._reindex()

    def _reindex(self) -> None:
        self._rows = {a.id: row for row, a in enumerate(self._articles)}

    def set_articles(self, articles: list[Article]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self._reindex()
        self.endResetModel()

    def update_article(self, article: Article) -> None:
        """One article's details changed (edited in the dialog): repaint its row only."""
        row = self._rows.get(article.id)
        if row is None:
            return
        self._articles[row] = article
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def article(self, row: int) -> Article:
        return self._articles[row]

    def articles(self) -> list[Article]:
        return list(self._articles)

    def row_of(self, article_id: str) -> int | None:
        return self._rows.get(article_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._articles)

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
        if not index.isValid() or not 0 <= index.row() < len(self._articles):
            return None
        article = self._articles[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (article.title, article.source or "", format_date(article))[column]
        if role == SORT_ROLE:
            if column == DATE:
                return format_date(article) or "0000"
            return (article.title if column == TITLE else article.source or "").casefold()
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            byline = ", ".join(
                p for p in (article.author, article.source, format_date(article)) if p
            )
            return f"{article.title}\n{byline}" if byline else article.title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
