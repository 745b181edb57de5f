"""The saved searches list in the left pane: each with its hit count and a badge of the
matches added since the user last opened it.

A compact list (a few rows high; it grows up to ``MAX_ROWS`` and scrolls after that) with a
header line. Clicking a row opens the search; the context menu renames or deletes one; rows
are dragged to reorder them. What the list does to the file is the controller's
(``saved_search_steps``); this module only shows and asks.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.search.saved_searches_model import NEW_ROLE, TOTAL_ROLE, SavedSearchesModel
from app.ui.themes import Theme
from app.ui.widgets.row_delegate import OneLineDelegate

MAX_ROWS = 5
PADDING_X, BADGE_PADDING = 8, 6


def badge_text(new: int) -> str:
    return f"{new:,} new" if new else ""


class SavedSearchDelegate(OneLineDelegate):
    """Name on the left; the hit count muted and the new-match badge (accent) on the right."""

    EXTRA_HEIGHT = 10

    def badge_rect(self, option: QStyleOptionViewItem, new: int) -> QRect:
        """Where the badge is drawn (empty when nothing is new)."""
        if not new:
            return QRect()
        width = option.fontMetrics.horizontalAdvance(badge_text(new)) + 2 * BADGE_PADDING
        rect = option.rect.adjusted(0, 3, -PADDING_X, -3)
        return QRect(rect.right() - width, rect.top(), width, rect.height())

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        row = self.begin_row(painter, option, index)
        opt = row.option
        new = int(index.data(NEW_ROLE) or 0)
        badge = self.badge_rect(opt, new)
        if new:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.theme.accent))
            radius = badge.height() / 2
            painter.drawRoundedRect(badge, radius, radius)
            painter.setPen(QColor(self.theme.base))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text(new))
        right = badge.left() - 6 if new else opt.rect.right() - PADDING_X
        total = f"{int(index.data(TOTAL_ROLE) or 0):,}"
        total_width = opt.fontMetrics.horizontalAdvance(total)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(row.muted)
        total_rect = QRect(right - total_width, opt.rect.top(), total_width, opt.rect.height())
        painter.drawText(total_rect, middle | Qt.AlignmentFlag.AlignRight, total)
        name_rect = QRect(
            opt.rect.left() + PADDING_X,
            opt.rect.top(),
            max(0, total_rect.left() - 8 - opt.rect.left() - PADDING_X),
            opt.rect.height(),
        )
        font = QFont(opt.font)
        font.setBold(bool(new))
        painter.setFont(font)
        painter.setPen(row.text)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        elided = painter.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, middle | Qt.AlignmentFlag.AlignLeft, elided)
        painter.restore()


class SavedSearchesView(QWidget):
    """Header and list; emits what the user asked for, by row."""

    open_requested = Signal(int)
    rename_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, model: SavedSearchesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearches")
        self.model = model
        self.title = QLabel("Saved searches", self)
        self.title.setObjectName("filterLabel")
        self.list = QListView(self)
        self.list.setObjectName("savedSearchList")
        self.list.setModel(model)
        self.delegate = SavedSearchDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setAccessibleName("Saved searches")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragEnabled(True)
        self.list.setDropIndicatorShown(True)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.clicked.connect(lambda index: self.open_requested.emit(index.row()))
        self.list.activated.connect(lambda index: self.open_requested.emit(index.row()))
        self.list.setToolTip(
            "Click to run a saved search; drag to reorder; right-click to rename or delete"
        )
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.list)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._fit)
        self._fit()

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.list.viewport().update()

    def _fit(self, *_args: object) -> None:
        """As tall as its rows, up to MAX_ROWS; hidden while there is no saved search."""
        rows = self.model.rowCount()
        self.setVisible(rows > 0)
        row_height = self.list.fontMetrics().height() + 10
        frame = 2 * self.list.frameWidth()
        self.list.setFixedHeight(min(max(rows, 1), MAX_ROWS) * row_height + frame)

    def _menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_requested.emit(index.row()))
        menu.addAction("Rename…", lambda: self.rename_requested.emit(index.row()))
        menu.addAction("Delete", lambda: self.delete_requested.emit(index.row()))
        menu.exec(self.list.viewport().mapToGlobal(point))
