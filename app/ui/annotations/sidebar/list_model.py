"""The shown article's annotations as a list model, in text order, orphans last.

Rows are the core's ``Placed`` values (an annotation and where it sits in the current text).
Editing a note through ``setData`` keeps the new text in the row at once (the card shows it
even if saving fails) and reports it through ``note_edited``; the annotation controller
writes it through the store and the undo stack.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    Qt,
    Signal,
)

from app.core.annotations import Placed
from app.ui.widgets.rows import Index
from app.ui.widgets.safe_document import shown_as_typed

QUOTE_LIMIT = 280


class AnnotationRole:
    """The card's data roles; plain ints, since views ask for them thousands of times."""

    ID = int(Qt.ItemDataRole.UserRole) + 1
    COLOUR = ID + 1
    QUOTE = ID + 2
    TAGS = ID + 3
    NOTE = ID + 4
    CREATED = ID + 5
    MODIFIED = ID + 6
    STATUS = ID + 7
    START = ID + 8
    END = ID + 9
    ORPHAN = ID + 10
    NOW_READS = ID + 11  # an orphan's old place now reads this; None when that is unknown
    CARD = ID + 12  # what the card's size depends on: id, modified, status, note


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word, with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut + "…"


def _accessible(placed: Placed) -> str:
    a = placed.annotation
    tags = ", ".join(a.tags) or "none"
    return f"{a.colour} highlight: {shorten(a.exact or '', 80)}. Tags: {tags}."


def _start(placed: Placed) -> int:
    anchor = placed.anchor
    return anchor.start if anchor is not None and anchor.start is not None else -1


def _end(placed: Placed) -> int:
    anchor = placed.anchor
    return anchor.end if anchor is not None and anchor.end is not None else -1


# One reader per role: views and proxies ask for these thousands of times per article.
_FIELDS: dict[int, Callable[[Placed], Any]] = {
    int(Qt.ItemDataRole.DisplayRole): lambda p: shorten(p.annotation.exact or ""),
    AnnotationRole.QUOTE: lambda p: shorten(p.annotation.exact or ""),
    int(Qt.ItemDataRole.ToolTipRole): lambda p: shown_as_typed(p.annotation.exact or ""),
    int(Qt.ItemDataRole.EditRole): lambda p: p.annotation.note,
    int(Qt.ItemDataRole.AccessibleTextRole): _accessible,
    AnnotationRole.ID: lambda p: p.annotation.id,
    AnnotationRole.COLOUR: lambda p: p.annotation.colour or "",
    AnnotationRole.TAGS: lambda p: list(p.annotation.tags),
    AnnotationRole.NOTE: lambda p: p.annotation.note,
    AnnotationRole.CREATED: lambda p: p.annotation.created,
    AnnotationRole.MODIFIED: lambda p: p.annotation.modified,
    AnnotationRole.STATUS: lambda p: p.anchor.status if p.anchor else "",
    AnnotationRole.START: _start,
    AnnotationRole.END: _end,
    AnnotationRole.ORPHAN: lambda p: p.is_orphan,
    AnnotationRole.NOW_READS: lambda p: p.anchor.now_reads if p.anchor else None,
    AnnotationRole.CARD: lambda p: (
        p.annotation.id,
        p.annotation.modified,
        p.anchor.status if p.anchor else "",
        p.annotation.note,
    ),
}


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


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
        """Show new entries by changing only the rows that differ: rows gone (or moved by a
        re-attach) are removed, new ones inserted at their place, edited ones updated.
        A reset laid out every card again and closed an open note editor; after one
        highlight the view now lays out what Qt must and repaints one card (issue 11)."""
        rows = sorted((p for p in entries if p.anchor is not None), key=text_order)
        wanted = {p.annotation.id: p for p in rows}
        doomed = [
            row
            for row, p in enumerate(self._rows)
            if p.annotation.id not in wanted or text_order(wanted[p.annotation.id]) != text_order(p)
        ]
        gone = set(doomed)
        kept = {p.annotation.id for r, p in enumerate(self._rows) if r not in gone}
        if [p.annotation.id for p in rows if p.annotation.id in kept] != [
            p.annotation.id for p in self._rows if p.annotation.id in kept
        ] or len(wanted) != len(rows):  # an order the rows cannot be brought to by steps
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        for first, last in reversed(runs(doomed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._insert_missing(rows)
        changed = [row for row, p in enumerate(rows) if self._rows[row] != p]
        self._rows = rows
        for first, last in runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0))

    def _insert_missing(self, rows: list[Placed]) -> None:
        """Insert the rows of ``rows`` not shown yet, in runs; the shown ones are already
        in the same order, so each run goes in before the next shown row."""
        row = 0
        while row < len(rows):
            shown = self._rows[row].annotation.id if row < len(self._rows) else None
            if shown == rows[row].annotation.id:
                row += 1
                continue
            end = row
            while end < len(rows) and rows[end].annotation.id != shown:
                end += 1
            self.beginInsertRows(QModelIndex(), row, end - 1)
            self._rows[row:row] = rows[row:end]
            self.endInsertRows()
            row = end

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
        if not index.isValid():
            return None
        row = index.row()
        field = _FIELDS.get(int(role))
        if field is None or not 0 <= row < len(self._rows):
            return None
        return field(self._rows[row])

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
