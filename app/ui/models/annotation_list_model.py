"""The shown article's annotations as a list model, in text order, orphans last.

Rows are the core's ``Placed`` values (an annotation and where it sits in the current text).
Editing a note through ``setData`` keeps the new text in the row at once (the card shows it
even if saving fails) and reports it through ``note_edited``; the annotation controller
writes it through the store and the undo stack.
"""

from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.core.annotations import Placed

Index = QModelIndex | QPersistentModelIndex
QUOTE_LIMIT = 280


class AnnotationRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    COLOUR = Qt.ItemDataRole.UserRole + 2
    QUOTE = Qt.ItemDataRole.UserRole + 3
    TAGS = Qt.ItemDataRole.UserRole + 4
    NOTE = Qt.ItemDataRole.UserRole + 5
    CREATED = Qt.ItemDataRole.UserRole + 6
    MODIFIED = Qt.ItemDataRole.UserRole + 7
    STATUS = Qt.ItemDataRole.UserRole + 8
    START = Qt.ItemDataRole.UserRole + 9
    END = Qt.ItemDataRole.UserRole + 10
    ORPHAN = Qt.ItemDataRole.UserRole + 11


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word, with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut + "…"


def text_order(placed: Placed) -> tuple[int, int, str]:
    anchor = placed.anchor
    if anchor is None or anchor.start is None:
        return (1, 0, placed.annotation.created)
    return (0, anchor.start, placed.annotation.created)


class AnnotationListModel(QAbstractListModel):
    """Highlights of one article; the note on the whole article lives elsewhere."""

    note_edited = Signal(str, str)  # annotation id, the note as typed

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Placed] = []

    def set_entries(self, entries: list[Placed]) -> None:
        """Show new entries; when the same annotations come back in the same order (an edit
        of a note, a tag or a colour) the rows change in place, so an open editor stays."""
        rows = sorted((p for p in entries if p.anchor is not None), key=text_order)
        same = [p.annotation.id for p in rows] == [p.annotation.id for p in self._rows]
        if same and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 0))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def entries(self) -> list[Placed]:
        return list(self._rows)

    def row_of(self, annotation_id: str) -> int:
        for row, placed in enumerate(self._rows):
            if placed.annotation.id == annotation_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        placed = self._rows[index.row()]
        a = placed.annotation
        anchor = placed.anchor
        orphan = anchor is not None and anchor.status == "orphan"
        if role in (Qt.ItemDataRole.DisplayRole, AnnotationRole.QUOTE):
            return shorten(a.exact or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return a.exact or ""
        if role == Qt.ItemDataRole.EditRole:
            return a.note
        if role == Qt.ItemDataRole.AccessibleTextRole:
            tags = ", ".join(a.tags)
            return f"{a.colour} highlight: {shorten(a.exact or '', 80)}. Tags: {tags or 'none'}."
        values: dict[int, Any] = {
            AnnotationRole.ID: a.id,
            AnnotationRole.COLOUR: a.colour or "",
            AnnotationRole.TAGS: list(a.tags),
            AnnotationRole.NOTE: a.note,
            AnnotationRole.CREATED: a.created,
            AnnotationRole.MODIFIED: a.modified,
            AnnotationRole.STATUS: anchor.status if anchor else "",
            AnnotationRole.START: anchor.start if anchor and anchor.start is not None else -1,
            AnnotationRole.END: anchor.end if anchor and anchor.end is not None else -1,
            AnnotationRole.ORPHAN: orphan,
        }
        return values.get(role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role not in (Qt.ItemDataRole.EditRole, AnnotationRole.NOTE):
            return False
        if not isinstance(value, str):
            return False
        placed = self._rows[index.row()]
        if placed.annotation.note != value:
            changed = replace(placed.annotation, note=value)
            self._rows[index.row()] = replace(placed, annotation=changed)
            self.dataChanged.emit(index, index)
        # Reported even when unchanged here: an earlier save may have failed, and only the
        # controller knows what is on disk.
        self.note_edited.emit(placed.annotation.id, value)
        return True
