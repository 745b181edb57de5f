"""Articles listed beside the open one (related articles): title, date and source.

Rows are the core's ``Neighbour`` objects, replaced whole when another article opens.
"""

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.neighbours import Neighbour
from app.ui.widgets.rows import ARTICLE_ID_ROLE, Index, read_only_flags
from app.ui.widgets.safe_document import shown_as_typed

BYLINE_ROLE = Qt.ItemDataRole.UserRole + 2


def byline(neighbour: Neighbour) -> str:
    """Date and source, as the search results write them."""
    date = neighbour.date.isoformat() if neighbour.date else ""
    return "  ·  ".join(p for p in (date, neighbour.source or "") if p)


class NeighboursModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Neighbour] = []

    def set_neighbours(self, rows: list[Neighbour]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def neighbour(self, row: int) -> Neighbour:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}, {byline(row)}" if byline(row) else row.title
        if role == ARTICLE_ID_ROLE:
            return row.id
        if role == BYLINE_ROLE:
            return byline(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown_as_typed(f"{row.title}\n{byline(row)}".strip())
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
