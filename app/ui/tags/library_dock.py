"""The tag library: the tags as a tree ('/' makes levels: ``defence/missile-defence``) with
counts rolled up to every branch, the chosen tag's codebook entry (description and colour),
the highlights under it across the whole library with their timeline (a click on a bar
narrows the list to that period: ``tag_timeline.py``), and a co-occurrence tab.

Activating a highlight opens its article at it. Renaming a tag to an existing name merges
the two, and a rename takes the whole branch along; dragging a tag onto another moves it
under that one (a rename to ``new-parent/leaf``). Description and colour are written to the
codebook on the write worker. Every change is undoable (Ctrl+Z), so none asks to confirm.
"""

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.annotations import Annotation, AnnotationStore
from app.core.codebook import Codebook, is_under, key
from app.core.errors import NotFound, ReadmarkError
from app.core.ops.changes import Changes
from app.ui.annotations.controller import AnnotationController
from app.ui.annotations.undo_steps import EditCode
from app.ui.tags.codebook_panel import CodePanel
from app.ui.tags.cooccurrence_pane import CooccurrencePane
from app.ui.tags.highlight_delegate import TagHighlightDelegate
from app.ui.tags.highlights_model import (
    ANNOTATION_ID_ROLE,
    MISSING_ARTICLE,
    TaggedHighlight,
    TagHighlightsModel,
    titled,
)
from app.ui.tags.tag_timeline import TagTimeline
from app.ui.tags.tree_model import TAG_ROLE, TagTreeModel
from app.ui.tasks.workers import TaskManager
from app.ui.themes import LIGHT, Theme
from app.ui.widgets.rows import ARTICLE_ID_ROLE
from app.ui.widgets.safe_document import plain_label, shown_as_typed

__all__ = ["MISSING_ARTICLE", "TagLibrary"]
LEFT_WIDTH = 300  # the tree: three levels of a tag and its count without eliding


def highlight_list(name: str, accessible: str, delegate: TagHighlightDelegate) -> QListView:
    """A list of highlights as the tag library paints them; Enter or a double-click opens."""
    view = QListView()
    view.setObjectName(name)
    view.setItemDelegate(delegate)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows elide
    view.setAccessibleName(accessible)
    view.setMinimumHeight(80)
    view.setToolTip("Double-click or press Enter to open the article there")
    return view


TagsRead = tuple[dict[str, int], list[Annotation]]


def read_tags(store: AnnotationStore) -> TagsRead:
    """Every tag with its count, and every annotation (what the chosen tag's list filters)."""
    return {t.name: t.count for t in store.tags()}, store.all()


class TagLibrary(QWidget):
    sig_open_annotation = Signal(str, str)  # article id, annotation id
    sig_code_written = Signal(str)  # a tag whose description or colour is now in the file

    def __init__(
        self,
        controller: AnnotationController,
        tasks: TaskManager,
        theme: Theme = LIGHT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagLibrary")
        self.controller = controller
        self.store = controller.store
        self.tasks = tasks
        self.codebook = Codebook(self.store.folder.parent)
        self._annotations: list[Annotation] = []  # every annotation, as last read
        self._asked = 0  # reads asked for after changes; only the latest one is shown
        self.tags = TagTreeModel()
        self.tags.move_requested.connect(self.move_tag, Qt.ConnectionType.QueuedConnection)
        self.shown_tags = QSortFilterProxyModel(self)
        self.shown_tags.setSourceModel(self.tags)
        self.shown_tags.setFilterRole(TAG_ROLE)
        self.shown_tags.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.shown_tags.setRecursiveFilteringEnabled(True)  # a match keeps its branch shown
        self.shown_tags.setAutoAcceptChildRows(True)  # and a matching branch its children
        self.tag_filter = QLineEdit()
        self.tag_filter.setObjectName("tagLibraryFilter")
        self.tag_filter.setPlaceholderText("Filter tags")
        self.tag_filter.setClearButtonEnabled(True)
        self.tag_filter.setAccessibleName("Filter tags")
        self.tag_filter.textChanged.connect(self._filter)
        self.tag_view = self._tree()
        self.delegate = TagHighlightDelegate(theme, self)
        self.highlights = TagHighlightsModel()
        self.highlight_view = highlight_list(
            "taggedHighlights", "Highlights with the chosen tag", self.delegate
        )
        self.highlight_view.setModel(self.highlights)
        self.found: list[TaggedHighlight] = []  # every highlight of the tag, narrowed or not
        self.timeline = TagTimeline(self.store, tasks, self)
        self.timeline.narrowed.connect(self._show_rows)
        self.timeline.sig_error.connect(controller.sig_error)
        self.timeline.apply_theme(theme)
        self.code_panel = CodePanel()
        self.code_panel.description_edited.connect(
            lambda tag, text: self.set_code(tag, description=text)
        )
        self.code_panel.colour_chosen.connect(lambda tag, colour: self.set_code(tag, colour=colour))
        self.rename_button = QPushButton("Rename or Merge…")
        self.rename_button.setObjectName("renameTag")
        self.rename_button.setToolTip(
            "Rename the tag and everything under it; a name that already exists merges the "
            "two. Drag a tag onto another to move it under that one."
        )
        self.rename_button.clicked.connect(self.ask_rename)
        self.status = plain_label()
        self.status.setObjectName("tagLibraryStatus")
        self.status.setWordWrap(True)
        self.cooccurrence = CooccurrencePane(
            self.store,
            tasks,
            highlight_list("cooccurrencePassages", "Highlights in the chosen cell", self.delegate),
        )
        self.cooccurrence.sig_error.connect(controller.sig_error)
        self.cooccurrence.passage_view.activated.connect(self._open)
        self.highlight_view.activated.connect(self._open)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tagLibraryTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)  # a light line across a dark theme otherwise
        self.tabs.addTab(self._highlights_tab(), "Highlights")
        self.tabs.addTab(self.cooccurrence, "Co-occurrence")
        self.tabs.currentChanged.connect(lambda _i: self._refresh_cooccurrence())
        self._lay_out()
        self.tag_view.selectionModel().currentChanged.connect(lambda *_: self._show_tag())
        controller.runner.hub.changed.connect(self._on_changed)
        self.sig_code_written.connect(self._code_written)

    def _tree(self) -> QTreeView:
        view = QTreeView()
        view.setObjectName("tagTree")
        view.setModel(self.shown_tags)
        view.setAccessibleName("Tags")
        view.setUniformRowHeights(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDropIndicatorShown(True)
        view.setMinimumHeight(80)
        view.setToolTip("Drag a tag onto another to move it under that one")
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        return view

    def _highlights_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.code_panel)
        self.highlight_heading = self.code_panel.heading
        layout.addWidget(self.timeline.chart)
        layout.addWidget(self.highlight_view, 1)
        return tab

    def _lay_out(self) -> None:
        left = QWidget()
        left.setMinimumWidth(LEFT_WIDTH)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tag_filter)
        left_layout.addWidget(self.tag_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rename_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def sizeHint(self) -> QSize:
        """A strip under the panes by default; the user can drag it taller."""
        return QSize(720, 240)

    def _on_changed(self, changes: Changes) -> None:
        """Reading every annotation file is not free: a hidden library refreshes when shown,
        a shown one reads on a read thread and shows what it read when that lands (the hub
        holds the changes' callbacks until then): on the GUI thread the read took 51 ms a
        landing with 5,000 annotations in 1,000 files (issue 11)."""
        if (changes.annotated or changes.codebook) and self.isVisible():
            self._asked += 1
            asked, store = self._asked, self.store
            release = self.controller.runner.hub.hold()  # a rename chooses its tag after

            def show(read: TagsRead) -> None:
                try:
                    if asked == self._asked:
                        self._show_read(*read)
                finally:
                    release()  # a hold never outlives its read

            def failed(exc: BaseException) -> None:
                release()
                self.controller.sig_error.emit(exc, "Reading the tags")

            self.controller.runner.tasks.run_read(lambda: read_tags(store), show, failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the tags and the codebook; the chosen tag stays chosen while it exists."""
        try:
            read = read_tags(self.store)
        except (ReadmarkError, OSError) as exc:
            self.controller.sig_error.emit(exc, "Reading the tags")
            read = ({}, [])
        self._show_read(*read)

    def _show_read(self, counts: dict[str, int], annotations: list[Annotation]) -> None:
        """Show the tags and annotations read (here or on the worker) with the codebook."""
        chosen = self.current_tag()
        self._annotations = annotations
        try:
            codes = self.codebook.codes()
        except (ReadmarkError, OSError) as exc:
            self.controller.sig_error.emit(exc, "Reading the tags")
            codes = []
        for problem in self.codebook.problems:
            self.controller.sig_error.emit(problem, "")
        self.codebook.problems.clear()
        self.tags.set_tags(counts, codes)
        self.tag_view.expandAll()
        tags = self.tags.tags()
        if not (chosen and self.choose_tag(chosen)) and not (tags and self.choose_tag(tags[0])):
            self._show_tag()
        noun = "tag" if len(counts) == 1 else "tags"
        self.status.setText(
            f"{len(counts)} {noun} in the library"
            if counts
            else "No tags yet: press T on a highlight to add one."
        )
        self._refresh_cooccurrence()

    def _refresh_cooccurrence(self) -> None:
        if self.tabs.currentWidget() is self.cooccurrence:
            self.cooccurrence.refresh()

    def _filter(self, text: str) -> None:
        self.shown_tags.setFilterFixedString(text)
        self.tag_view.expandAll()

    def current_tag(self) -> str:
        index = self.tag_view.currentIndex()
        return str(index.data(TAG_ROLE)) if index.isValid() else ""

    def apply_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.timeline.apply_theme(theme)
        self.highlight_view.viewport().update()
        self.cooccurrence.passage_view.viewport().update()

    def choose_tag(self, name: str) -> bool:
        """Make a tag (any case) the current row, clearing a filter that hides it."""
        source = self.tags.index_of(name)
        if not source.isValid():
            return False
        if not self.shown_tags.mapFromSource(source).isValid():
            self.tag_filter.clear()
        index = self.shown_tags.mapFromSource(source)
        self.tag_view.setCurrentIndex(index)
        self.tag_view.scrollTo(index)
        self._show_tag()
        return True

    def _show_tag(self) -> None:
        """The chosen tag's entry and the highlights with it or any tag below it."""
        tag = self.current_tag()
        found = (
            [a for a in self._annotations if any(is_under(t, tag) for t in a.tags)] if tag else []
        )
        self.found = titled(self.store.library, found)
        self.timeline.show_tag(tag)
        self._show_rows()
        self.code_panel.show_code(tag, self.tags.code(tag))
        self.rename_button.setEnabled(bool(tag))

    def _show_rows(self) -> None:
        """The tag's highlights in the period chosen on its timeline (all of them if none)."""
        tag = self.current_tag()
        rows = self.timeline.narrow(self.found)
        self.highlights.set_rows(rows)
        count = self.timeline.count_text(len(rows), len(self.found))
        self.highlight_heading.setText(
            f"Highlights tagged '{tag}' or below · {count}" if tag else "Highlights"
        )

    def _open(self, index: QModelIndex) -> None:
        article_id = str(index.data(ARTICLE_ID_ROLE) or "")
        if article_id not in self.store.library:
            self.controller.sig_error.emit(
                NotFound(f"the article '{article_id}' is no longer in the library"), ""
            )
            return
        self.sig_open_annotation.emit(article_id, str(index.data(ANNOTATION_ID_ROLE)))

    # -- changes ---------------------------------------------------------------------------

    def ask_rename(self) -> None:
        old = self.current_tag()
        if not old:
            return
        new, ok = QInputDialog.getText(
            self,
            "Rename or Merge Tag",
            shown_as_typed(
                f"New name for '{old}' and the tags under it (an existing tag's name merges "
                "the two; '/' makes levels):"
            ),
            QLineEdit.EchoMode.Normal,
            old,
        )
        if ok:
            self.rename(old, new)

    def rename(self, old: str, new: str) -> bool:
        new = new.strip()
        if not new or new == old:
            return False

        def renamed(_step: object) -> None:  # the hub has refreshed the tags by now
            self.choose_tag(new)
            self.status.setText(f"{self.controller.undo_stack.undoText()}. Ctrl+Z undoes it.")

        self.controller.rename_tag(old, new, renamed)
        return True

    def move_tag(self, tag: str, target: str) -> bool:
        """A drag onto another tag: the rename that puts the tag (and its branch) there."""
        return self.rename(tag, target)

    def set_code(
        self, tag: str, *, description: str | None = None, colour: str | None = None
    ) -> bool:
        """Change a tag's description or colour in the codebook, as an undoable step; the
        file is written on the write worker and the entry shown again once it is."""
        try:
            before = self.codebook.get(tag)
        except (ReadmarkError, OSError) as exc:
            self.controller.sig_error.emit(exc, "Reading the codebook")
            return False
        after = replace(
            before,
            description=before.description if description is None else description,
            colour=before.colour if colour is None else (colour or None),
        )
        if after == before:
            return False
        had_entry = any(key(c.name) == key(before.name) for c in self.codebook.codes())
        controller = self.controller
        command = EditCode(
            controller.runner,
            controller,
            controller.workspace,
            (before, after),
            had_entry=had_entry,
        )
        command.start(controller.undo_stack, lambda _step: self.sig_code_written.emit(after.name))
        return True

    def _code_written(self, tag: str) -> None:
        self.refresh()
        self.choose_tag(tag)
