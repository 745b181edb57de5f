"""Saved searches as a list model: name, hit count and how many matches are new to the user.

Rows are the core's ``SearchStatus`` objects, replaced whole after each count (which runs on
a worker). Rows can be dragged to a new place: the model moves the row at once, so the list
answers the hand, and asks for the move to be written (``move_requested``); the write and
its undo step belong to the view's controller.
"""

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, Qt, Signal

from app.core.saved_searches import SearchStatus
from app.ui.widgets.rows import Index
from app.ui.widgets.safe_document import shown_as_typed

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2
NEW_ROLE = Qt.ItemDataRole.UserRole + 3
QUERY_ROLE = Qt.ItemDataRole.UserRole + 4
MIME = "application/x-readmark-saved-search"


class SavedSearchesModel(QAbstractListModel):
    """One row per saved search, in the order the file keeps."""

    move_requested = Signal(str, int)  # name, new position (1 is the top)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SearchStatus] = []

    def set_statuses(self, statuses: list[SearchStatus]) -> None:
        self.beginResetModel()
        self._rows = list(statuses)
        self.endResetModel()

    def status(self, row: int) -> SearchStatus:
        return self._rows[row]

    def row_of(self, name: str) -> int:
        wanted = name.casefold()
        return next((r for r, s in enumerate(self._rows) if s.search.name.casefold() == wanted), -1)

    def names(self) -> list[str]:
        return [s.search.name for s in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        status = self._rows[index.row()]
        search = status.search
        if role in (Qt.ItemDataRole.DisplayRole, NAME_ROLE):
            return search.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            new = f", {status.new} new" if status.new else ""
            return f"{search.name}: {status.total} results{new}"
        if role == TOTAL_ROLE:
            return status.total
        if role == NEW_ROLE:
            return status.new
        if role == QUERY_ROLE:
            return search.full_query
        if role == Qt.ItemDataRole.ToolTipRole:
            new = f"\n{status.new:,} new since you last opened it" if status.new else ""
            return shown_as_typed(f"{search.full_query}\n{status.total:,} results{new}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -- drag to reorder -----------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME, QByteArray(self._rows[rows[0]].search.name.encode("utf-8")))
        return data

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        """Move the dragged search before ``row`` (after the last when -1). Returns False so
        the view never removes the source row itself: the row has moved already."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        source = self.row_of(bytes(data.data(MIME).data()).decode("utf-8", "replace"))
        if source < 0:
            return False
        target = parent.row() if row < 0 and parent.isValid() else row
        target = len(self._rows) if target < 0 else min(target, len(self._rows))
        self.move_row(source, target)
        return False

    def move_row(self, source: int, before: int) -> bool:
        """Put row ``source`` before row ``before`` (``rowCount()``: at the end) and ask for
        the move to be written."""
        if before in (source, source + 1) or not 0 <= source < len(self._rows):
            return False
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), before)
        moving = self._rows.pop(source)
        at = before if before < source else before - 1
        self._rows.insert(at, moving)
        self.endMoveRows()
        self.move_requested.emit(moving.search.name, at + 1)
        return True
