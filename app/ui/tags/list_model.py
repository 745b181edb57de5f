"""Tags with how many annotations (the tag library) or articles (the library's tag filter)
carry them."""

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.annotations import TagCount
from app.ui.widgets.rows import Index
from app.ui.widgets.safe_document import shown_as_typed

TAG_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2


class TagListModel(QAbstractListModel):
    """A snapshot of ``AnnotationStore.tags()``, most used first."""

    def __init__(self, tags: list[TagCount] | None = None, noun: str = "annotation") -> None:
        super().__init__()
        self._tags: list[TagCount] = list(tags or [])
        self.noun = noun  # what the count counts, for the tooltip

    def set_tags(self, tags: list[TagCount]) -> None:
        self.beginResetModel()
        self._tags = list(tags)
        self.endResetModel()

    def tag(self, row: int) -> TagCount:
        return self._tags[row]

    def row_of(self, name: str) -> int:
        wanted = name.casefold()
        for row, tag in enumerate(self._tags):
            if tag.name.casefold() == wanted:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tags):
            return None
        tag = self._tags[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{tag.name}  ({tag.count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            noun = self.noun if tag.count == 1 else f"{self.noun}s"
            return shown_as_typed(f"{tag.count} {noun} tagged '{tag.name}'")
        if role == Qt.ItemDataRole.EditRole or role == TAG_ROLE:
            return tag.name
        if role == COUNT_ROLE:
            return tag.count
        return None
