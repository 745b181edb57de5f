"""A list of tags with their counts under a field that narrows it as you type.

One widget for both places that choose among many tags: the tag library (tags of
annotations) and the library list's tag filter (tags of articles; the Reuters corpus has
hundreds, which a plain drop-down made a long scroll with no counts).
"""

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from app.core.annotations import TagCount
from app.ui.tags.list_model import TAG_ROLE, TagListModel


class TagPicker(QWidget):
    """The filter field and the list; Enter (in the list, or in the field for the first
    match) or a click chooses a tag."""

    tag_activated = Signal(str)

    def __init__(self, noun: str = "annotation", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagListModel(noun=noun)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(TAG_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Filter tags")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Filter tags")
        self.field.textChanged.connect(self.proxy.setFilterFixedString)
        self.field.returnPressed.connect(self._choose_first)
        self.field.installEventFilter(self)
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Tags")
        self.view.setUniformItemSizes(True)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.view, 1)

    def set_tags(self, tags: list[TagCount]) -> None:
        self.model.set_tags(tags)

    def current_tag(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(TAG_ROLE)) if index.isValid() else ""

    def choose_tag(self, name: str) -> bool:
        """Make a tag (any case) the current row, clearing a filter that hides it."""
        row = self.model.row_of(name)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.field.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)
        return True

    def shown_tags(self) -> list[str]:
        """The tags the filter lets through, in list order."""
        return [str(self.proxy.index(r, 0).data(TAG_ROLE)) for r in range(self.proxy.rowCount())]

    def _choose_first(self) -> None:
        if self.proxy.rowCount():
            self._on_activated(self.proxy.index(0, 0))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tag_activated.emit(str(index.data(TAG_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the field moves into the list, as in the search field."""
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)
