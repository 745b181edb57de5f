"""The library list: every article (title, source, date), sortable, with a tag/source/year filter.

Shown under the search field whenever the field is empty. Choosing a row opens the article.
The tag filter is a button that drops down the tag library's picker (a field that narrows
the list, every tag with its article count): a corpus has hundreds of tags.
"""

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.annotations import TagCount
from app.core.article import Article
from app.ui.library.article_list_model import (
    DATE,
    SOURCE,
    TITLE,
    ArticleListModel,
)
from app.ui.library.article_table_view import ArticleTableView
from app.ui.library.list_columns import ListColumns
from app.ui.tags.picker import TagPicker
from app.ui.widgets.rows import ARTICLE_ID_ROLE

MAX_FILTER_ITEMS = 300
ALL_TAGS = "All tags"
POPUP_SIZE = (300, 360)
MAX_SOURCE_WIDTH = 140  # px: a long source name elides; the title keeps the free width
CELL_PADDING = 24


class PopupCombo(QComboBox):
    """Looks and takes keys like the other filter boxes, but opens our own popup (a field
    and a list with counts) instead of a plain list of hundreds of items."""

    popup_requested = Signal()

    def set_text(self, text: str) -> None:
        self.clear()
        self.addItem(text)

    def text(self) -> str:
        return self.currentText()

    def showPopup(self) -> None:
        self.popup_requested.emit()


class LibraryPane(QWidget):
    """A sortable article table over the core library, with three filter boxes above it."""

    article_chosen = Signal(str)  # article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel()
        self.view = ArticleTableView(self.model, self)
        self.view.setObjectName("articleList")
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAccessibleName("Articles")
        self.setFocusProxy(self.view)
        self.view.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Interactive)
        # widths computed here: "resize to contents" asks every row for its text, which took
        # 0.4 s of the GUI thread on a 23,803-article library
        header.setSectionResizeMode(DATE, QHeaderView.ResizeMode.Fixed)
        date_width = self.fontMetrics().horizontalAdvance("0000-00-00") + CELL_PADDING
        header.resizeSection(DATE, date_width)
        header.setSortIndicatorShown(True)
        header.setToolTip("Click a column to sort by title, source or date")
        self.tag: str | None = None  # the chosen tag, folded
        self.tag_button = PopupCombo(self)
        self.tag_button.setObjectName("tagFilterButton")
        self.tag_button.setToolTip("Only articles with this tag: type to find it among all tags")
        self.tag_button.popup_requested.connect(self.show_tag_popup)
        self.tag_popup = QFrame(self, Qt.WindowType.Popup)
        self.tag_popup.setObjectName("tagFilterPopup")
        self.tag_popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.tag_picker = TagPicker(noun="article", parent=self.tag_popup)
        self.tag_picker.field.setObjectName("tagFilterField")
        self.tag_picker.tag_activated.connect(self._choose_tag)
        self.all_tags_button = QPushButton(ALL_TAGS, self.tag_popup)
        self.all_tags_button.setObjectName("allTags")
        self.all_tags_button.clicked.connect(lambda: self._choose_tag(None))
        popup_layout = QVBoxLayout(self.tag_popup)
        popup_layout.setContentsMargins(6, 6, 6, 6)
        popup_layout.addWidget(self.tag_picker, 1)
        popup_layout.addWidget(self.all_tags_button)
        self.tag_popup.resize(*POPUP_SIZE)
        self.source_box = self._combo("Only articles from this source")
        self.year_box = self._combo("Only articles from this year")
        self.count = QLabel(self)
        self.count.setObjectName("filterLabel")
        filters = QHBoxLayout()
        filters.setSpacing(4)
        self.tag_button.setAccessibleName("Tag filter")
        self.tag_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        filters.addWidget(self.tag_button, 1)
        for label, box in (
            ("Source", self.source_box),
            ("Year", self.year_box),
        ):
            box.setAccessibleName(f"{label} filter")
            box.setPlaceholderText(label)
            filters.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.activated.connect(self._on_activated)

    def _combo(self, tooltip: str) -> QComboBox:
        box = QComboBox(self)
        box.setToolTip(tooltip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(4)
        box.currentIndexChanged.connect(self._apply_filter)
        return box

    def set_articles(self, articles: list[Article] | ListColumns) -> None:
        """Show a fresh snapshot of the library, keeping the chosen filters when still valid.
        The boxes are filled from the model's columns (``facets``), not article by article."""
        self.model.set_articles(articles)
        facets = self.model.facets()
        self.tag_picker.set_tags([TagCount(name, n) for name, n in facets.tags])
        if self.tag is not None and not any(t.casefold() == self.tag for t, _ in facets.tags):
            self.tag = None
        self.tag_button.setEnabled(bool(facets.tags))
        sources = [s for s, _ in facets.sources]
        self._fill(self.source_box, "All sources", sources[:MAX_FILTER_ITEMS])
        self._fill(self.year_box, "All years", [str(y) for y in facets.years])
        self._fit_columns(sources)
        self._apply_filter()

    def _fit_columns(self, sources: list[str]) -> None:
        """A column no article fills is hidden (BBC articles have no source), the source
        column is as wide as its longest name up to a limit, and the title takes the rest."""
        for column in (SOURCE, DATE):
            self.view.setColumnHidden(column, self.model.column_is_empty(column))
        metrics = self.view.fontMetrics()
        widest = max((metrics.horizontalAdvance(s) for s in sources), default=0)
        self.view.header().resizeSection(
            SOURCE,
            min(MAX_SOURCE_WIDTH, max(widest, metrics.horizontalAdvance("Source"))) + CELL_PADDING,
        )

    def _fill(self, box: QComboBox, everything: str, values: list[str]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for value in values:
            box.addItem(value, value)
        found = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(0, found))
        box.setEnabled(bool(values))
        box.blockSignals(False)

    def set_filter(
        self, *, tag: str | None = None, source: str | None = None, year: int | None = None
    ) -> None:
        self.tag = tag.casefold() if tag else None
        for box, value in (
            (self.source_box, source),
            (self.year_box, str(year) if year else None),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
            box.blockSignals(False)
        self._apply_filter()

    def show_tag_popup(self) -> None:
        """Drop the tag list down under the button, the field ready for typing."""
        if self.tag is not None:
            self.tag_picker.choose_tag(self.tag)
        self.tag_picker.field.clear()
        self.tag_popup.move(self.tag_button.mapToGlobal(self.tag_button.rect().bottomLeft()))
        self.tag_popup.show()
        self.tag_picker.field.setFocus(Qt.FocusReason.PopupFocusReason)

    def _choose_tag(self, tag: str | None) -> None:
        self.tag_popup.hide()
        self.tag = tag.casefold() if tag else None
        self._apply_filter()

    def _apply_filter(self) -> None:
        year = self.year_box.currentData()
        wanted = (self.tag, self.source_box.currentData(), year and int(year))
        if wanted != (self.model.tag, self.model.source, self.model.year):
            self.model.set_filter(tag=wanted[0], source=wanted[1], year=wanted[2])
        shown, total = self.model.rowCount(), self.model.total()
        noun = "article" if total == 1 else "articles"
        self.count.setText(f"{shown:,} of {total:,} {noun}")
        self.count.setVisible(self.model.is_filtered())
        row = self.tag_picker.model.row_of(self.tag) if self.tag else -1
        shown_tag = self.tag_picker.model.tag(row).name if row >= 0 else None
        self.tag_button.set_text(shown_tag or ALL_TAGS)

    def select_article(self, article_id: str) -> bool:
        """Select the article's row without opening it again."""
        row = self.model.row_of(article_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.blockSignals(True)
        self.view.selectionModel().blockSignals(True)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().blockSignals(False)
        self.view.blockSignals(False)
        self.view.scrollTo(index)
        return True

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.article_chosen.emit(str(indexes[0].data(ARTICLE_ID_ROLE)))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.article_chosen.emit(str(index.data(ARTICLE_ID_ROLE)))
