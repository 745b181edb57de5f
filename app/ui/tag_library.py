"""The tag library: every tag with its count, and the highlights under the chosen tag across
the whole library (article title, quote, note). Activating a highlight opens its article at
it; renaming a tag to an existing name merges the two. Both are undoable (Ctrl+Z), so
neither asks for confirmation.
"""

from PySide6.QtCore import (
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import NotFound, ReadmarkError
from app.ui.annotation_controller import AnnotationController
from app.ui.models.tag_highlights_model import (
    ANNOTATION_ID_ROLE,
    ARTICLE_ID_ROLE,
    TaggedHighlight,
    TagHighlightsModel,
)
from app.ui.safe_document import plain_label, shown_as_typed
from app.ui.tag_highlight_delegate import TagHighlightDelegate
from app.ui.tag_picker import TagPicker
from app.ui.themes import LIGHT, Theme

MISSING_ARTICLE = "(article no longer in the library)"


class TagLibrary(QWidget):
    sig_open_annotation = Signal(str, str)  # article id, annotation id

    def __init__(
        self,
        controller: AnnotationController,
        theme: Theme = LIGHT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagLibrary")
        self.controller = controller
        self.store = controller.store
        self.picker = TagPicker()
        self.tags = self.picker.model
        self.highlights = TagHighlightsModel()
        self.shown_tags = self.picker.proxy
        self.tag_filter = self.picker.field
        self.tag_filter.setObjectName("tagLibraryFilter")
        self.tag_view = self.picker.view
        self.tag_view.setObjectName("tagList")
        self.tag_view.setMinimumHeight(80)
        self.highlight_view = QListView()
        self.highlight_view.setObjectName("taggedHighlights")
        self.highlight_view.setModel(self.highlights)
        self.delegate = TagHighlightDelegate(theme, self)
        self.highlight_view.setItemDelegate(self.delegate)
        self.highlight_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.highlight_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.highlight_view.setAccessibleName("Highlights with the chosen tag")
        self.highlight_view.setMinimumHeight(80)
        self.highlight_view.setToolTip("Double-click or press Enter to open the article there")
        self.rename_button = QPushButton("Rename or Merge…")
        self.rename_button.setObjectName("renameTag")
        self.rename_button.setToolTip(
            "Rename the tag everywhere; a name that already exists merges the two (F2)"
        )
        self.rename_button.clicked.connect(self.ask_rename)
        self.status = plain_label()
        self.status.setObjectName("tagLibraryStatus")
        self.status.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.picker, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rename_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.highlight_heading = plain_label("Highlights")
        right_layout.addWidget(self.highlight_heading)
        right_layout.addWidget(self.highlight_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.tag_view.selectionModel().currentChanged.connect(lambda *_: self._show_tag())
        self.highlight_view.activated.connect(self._open)
        controller.sig_annotations_changed.connect(self._on_changed)

    def sizeHint(self) -> QSize:
        """A strip under the panes by default; the user can drag it taller."""
        return QSize(720, 240)

    def _on_changed(self, _article_id: str) -> None:
        """Reading every annotation file is not free: a hidden library refreshes when shown."""
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the tags; the chosen tag stays chosen while it exists."""
        chosen = self.current_tag()
        try:
            tags = self.store.tags()
        except (ReadmarkError, OSError) as exc:
            self.controller.sig_error.emit(exc, "Reading the tags")
            tags = []
        self.tags.set_tags(tags)
        row = self.tags.row_of(chosen) if chosen else -1
        if row < 0 and tags:
            row = 0
        if row >= 0:
            self.choose_tag(self.tags.tag(row).name)
        else:
            self._show_tag()
        noun = "tag" if len(tags) == 1 else "tags"
        self.status.setText(
            f"{len(tags)} {noun} in the library"
            if tags
            else "No tags yet: press T on a highlight to add one."
        )

    def current_tag(self) -> str:
        return self.picker.current_tag()

    def apply_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.highlight_view.viewport().update()

    def choose_tag(self, name: str) -> bool:
        if not self.picker.choose_tag(name):
            return False
        self._show_tag()
        return True

    def _show_tag(self) -> None:
        tag = self.current_tag()
        rows: list[TaggedHighlight] = []
        if tag:
            library = self.store.library
            for annotation in self.store.by_tag(tag):
                title = (
                    library.get(annotation.article_id).title
                    if annotation.article_id in library
                    else MISSING_ARTICLE
                )
                rows.append(TaggedHighlight(annotation, title))
        self.highlights.set_rows(rows)
        self.highlight_heading.setText(
            f"Highlights tagged '{tag}' · {len(rows)}" if tag else "Highlights"
        )
        self.rename_button.setEnabled(bool(tag))

    def _open(self, index: QModelIndex) -> None:
        article_id = str(index.data(ARTICLE_ID_ROLE) or "")
        if article_id not in self.store.library:
            self.controller.sig_error.emit(
                NotFound(f"the article '{article_id}' is no longer in the library"), ""
            )
            return
        self.sig_open_annotation.emit(article_id, str(index.data(ANNOTATION_ID_ROLE)))

    def ask_rename(self) -> None:
        old = self.current_tag()
        if not old:
            return
        new, ok = QInputDialog.getText(
            self,
            "Rename or Merge Tag",
            shown_as_typed(f"New name for '{old}' (an existing tag's name merges the two):"),
            QLineEdit.EchoMode.Normal,
            old,
        )
        if ok:
            self.rename(old, new)

    def rename(self, old: str, new: str) -> bool:
        new = new.strip()
        if not new or new == old:
            return False
        if not self.controller.rename_tag(old, new):
            return False
        self.refresh()
        self.choose_tag(new)
        self.status.setText(f"{self.controller.undo_stack.undoText()}. Ctrl+Z undoes it.")
        return True
