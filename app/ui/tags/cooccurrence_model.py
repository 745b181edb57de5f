"""A co-occurrence table of the core (``app.core.cooccurrence.Table``) as a Qt table: a tag
per row and per column, each cell the number of passages (or articles) that carry both. The
cell keeps its passages, so choosing it can list them. Rows are headed "3  defence/industry"
and columns by the same number only, so a dozen long tag paths still fit across a dock."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.core.cooccurrence import Passage, Table
from app.ui.widgets.rows import Index
from app.ui.widgets.safe_document import shown_as_typed

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_TAG_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMN_TAG_ROLE = Qt.ItemDataRole.UserRole + 3
NOUNS = {"passage": ("passage", "passages"), "article": ("article", "articles")}


class CooccurrenceModel(QAbstractTableModel):
    """``set_table`` replaces the snapshot; ``unit`` is what a cell counts."""

    def __init__(self) -> None:
        super().__init__()
        self.table = Table([], [])
        self.unit = "passage"

    def set_table(self, table: Table, unit: str) -> None:
        self.beginResetModel()
        self.table = table
        self.unit = unit if unit in NOUNS else "passage"
        self.endResetModel()

    def passages(self, index: Index) -> list[Passage]:
        if not self._inside(index):
            return []
        pair = (self.table.rows[index.row()], self.table.columns[index.column()])
        return list(self.table.passages.get(pair, []))

    def pair(self, index: Index) -> tuple[str, str] | None:
        if not self._inside(index):
            return None
        return self.table.rows[index.row()], self.table.columns[index.column()]

    def _inside(self, index: Index) -> bool:
        return (
            index.isValid()
            and 0 <= index.row() < len(self.table.rows)
            and 0 <= index.column() < len(self.table.columns)
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self._inside(index):
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        names = self.table.columns if orientation == Qt.Orientation.Horizontal else self.table.rows
        if not 0 <= section < len(names):
            return None
        number = section + 1
        if role == Qt.ItemDataRole.DisplayRole:  # columns numbered: tag names made it wide
            horizontal = orientation == Qt.Orientation.Horizontal
            return str(number) if horizontal else f"{number}  {names[section]}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return shown_as_typed(f"{number}: {names[section]}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.pair(index)
        if pair is None:
            return None
        row, column = pair
        same = row.casefold() == column.casefold()
        count = self.table.count(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if same else (str(count) if count else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if same:
                return shown_as_typed(f"'{row}' with itself is not counted")
            one, many = NOUNS[self.unit]
            noun = one if count == 1 else many
            return shown_as_typed(f"{count} {noun} tagged both '{row}' and '{column}'")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        values: dict[int, Any] = {
            COUNT_ROLE: 0 if same else count,
            ROW_TAG_ROLE: row,
            COLUMN_TAG_ROLE: column,
        }
        return values.get(role)
