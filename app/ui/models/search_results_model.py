"""One page of search hits as a list model: title, date, source and the marked snippet.

The delegate paints from the roles below; the model only holds the core's hit objects.
"""

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.index import SearchHit
from app.ui.models.rows import Index, read_only_flags
from app.ui.safe_document import shown_as_typed

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 4
POSITIONS_ROLE = Qt.ItemDataRole.UserRole + 5


class SearchResultsModel(QAbstractListModel):
    """The hits of the newest search; replaced whole when a newer answer arrives."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def append_hits(self, hits: list[SearchHit]) -> None:
        """The next page of the same search, below the hits already shown."""
        if not hits:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_hits([])

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role == ARTICLE_ID_ROLE:
            return hit.id
        if role == DATE_ROLE:
            return hit.date.isoformat() if hit.date else ""
        if role == SOURCE_ROLE:
            return hit.source or ""
        if role == SNIPPET_ROLE:
            return hit.snippet_html
        if role == POSITIONS_ROLE:
            return list(hit.positions)
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown_as_typed(hit.title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
