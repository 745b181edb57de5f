"""The reader's footer: articles related to the open one, and its other versions.

A header line ("Related articles", folded or not, and "Versions (3)" when the story has
other versions in the library) over a short list of the closest articles with date and
source; one click opens one. The lists come from the core (``related``, ``versions``) on a
worker; this only shows them.
"""

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.neighbours import Neighbour
from app.ui.story.neighbours_model import BYLINE_ROLE, NeighboursModel
from app.ui.themes import Theme, palette
from app.ui.widgets.row_delegate import OneLineDelegate
from app.ui.widgets.rows import ARTICLE_ID_ROLE

ROWS = 5
PADDING_X = 8


class NeighbourDelegate(OneLineDelegate):
    """The title on the left in the theme's link colour; date and source muted on the right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        row = self.begin_row(painter, option, index)
        opt, selected, hovered = row.option, row.selected, row.hovered
        rect = opt.rect.adjusted(PADDING_X, 0, -PADDING_X, 0)
        middle = Qt.AlignmentFlag.AlignVCenter
        line = str(index.data(BYLINE_ROLE) or "")
        width = opt.fontMetrics.horizontalAdvance(line)
        painter.setPen(row.muted)
        painter.drawText(rect, middle | Qt.AlignmentFlag.AlignRight, line)
        title_rect = QRect(
            rect.left(), rect.top(), max(0, rect.width() - width - 12), rect.height()
        )
        font = painter.font()
        font.setUnderline(hovered and not selected)
        painter.setFont(font)
        painter.setPen(row.text if selected else QColor(self.theme.link))
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )
        painter.drawText(title_rect, middle | Qt.AlignmentFlag.AlignLeft, title)
        painter.restore()


class RelatedPanel(QFrame):
    """Header and list; ``resized`` tells the reader to make room when it folds."""

    open_requested = Signal(str)  # article id
    versions_requested = Signal()
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("relatedToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setProperty("chip", True)
        self.toggle.setText("Related articles")
        self.toggle.setToolTip("Show or hide the articles most like this one")
        self.state = QLabel(self)
        self.state.setObjectName("filterLabel")
        self.versions = QPushButton(self)
        self.versions.setObjectName("versionsButton")
        self.versions.setToolTip("Compare this story's versions side by side, word by word")
        self.versions.hide()
        self.model = NeighboursModel()
        self.list = QListView(self)
        self.list.setObjectName("relatedList")
        self.list.setModel(self.model)
        self.delegate = NeighbourDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setMouseTracking(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Related articles")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._open)
        self.list.activated.connect(self._open)
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 8, 0)
        header.addWidget(self.toggle)
        header.addWidget(self.state)
        header.addStretch(1)
        header.addWidget(self.versions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self.toggle.toggled.connect(self._fold)
        self.versions.clicked.connect(self.versions_requested)
        self.set_related(None)

    def sizeHint(self) -> QSize:
        header = max(self.toggle.sizeHint().height(), self.versions.sizeHint().height()) + 4
        if self.list.isHidden():
            return QSize(200, header)
        row = self.list.fontMetrics().height() + 8
        return QSize(200, header + row * ROWS + 2 * self.list.frameWidth())

    def set_theme(self, theme: Theme) -> None:
        """The window's colours, not the reader page's it sits in (links on the list)."""
        self.setPalette(palette(theme))
        self.delegate.theme = theme
        self.list.viewport().update()

    def _fold(self, unfolded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow)
        self.list.setVisible(unfolded and self.model.rowCount() > 0)
        self.resized.emit()

    def set_related(self, found: Sequence[Neighbour] | None) -> None:
        """The related articles of the open one (None: none open, or still looking)."""
        self.model.set_neighbours(list(found or []))
        if found is None:
            self.state.setText("")
        else:
            self.state.setText("none found" if not found else "")
        self._fold(self.toggle.isChecked())

    def set_loading(self) -> None:
        self.model.set_neighbours([])
        self.state.setText("looking…")
        self._fold(self.toggle.isChecked())

    def set_versions(self, count: int) -> None:
        """How many versions the open story has (itself included; under 2: no button)."""
        self.versions.setText(f"Versions ({count})")
        self.versions.setVisible(count > 1)
        self.resized.emit()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(str(index.data(ARTICLE_ID_ROLE)))
