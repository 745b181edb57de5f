"""The Readmark window: library and search on the left, the reader, the annotation sidebar.

The window only presents what the core owns. Every change runs as a core operation on the
write worker (``operations``, an ``OperationRunner``) and what it changed is published on
``hub``, where each view refreshes itself; long work (index sync, import, search) runs on the
``TaskManager``'s threads too. The GUI thread never iterates the ``Library`` a worker may be
changing: the list gets a snapshot of ``Article`` values taken on the worker by the sync,
with its sort and filter columns (``ListColumns``) made there too (``library_sync``).
The annotation sidebar lives in ``annotation_pane``, a container the annotations UI fills.
"""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QPaintEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.article import Article
from app.core.errors import NotFound
from app.core.index import SearchResults
from app.core.ops.changes import Changes
from app.core.workspace import Workspace
from app.ui.library.list_columns import ListColumns
from app.ui.library.pane import LibraryPane
from app.ui.library.undo_steps import WindowSteps
from app.ui.library.watcher import ExternalEdits
from app.ui.reader.view import Reader
from app.ui.search.pane import SearchPane, SearchRequest
from app.ui.tasks.hub import ChangesHub
from app.ui.tasks.notes_indexer import NotesIndexer
from app.ui.tasks.runner import OperationRunner
from app.ui.tasks.workers import LatestOnly, TaskManager
from app.ui.themes import THEMES, get_theme, palette, stylesheet
from app.ui.window import session_state
from app.ui.window.actions import build_menus
from app.ui.window.annotation_setup import install_annotations
from app.ui.window.flows import WindowFlows
from app.ui.window.focus_commands import ShortcutRouter
from app.ui.window.library_sync import LibrarySync
from app.ui.window.message_bar import (
    LIBRARY,
    SAVE,
    ErrorReporter,
    MessageBar,
    start_error_log,
    stop_error_log,
)
from app.ui.window.settings import (
    DEFAULT_FONT_SIZE,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    READING_WIDTHS,
    WindowSettings,
)
from app.ui.window.start_heap import thaw_heap
from app.ui.window.status_bar import StatusBar
from app.ui.window.story_setup import install_story
from app.ui.window.undo_history import UndoHistory

SEARCH_LIMIT = 30
FIRST_FRAME_WAIT_MS = 3000  # the start's jobs begin by then even if no frame was painted
FONT_STEP = 1.0


class MainWindow(QMainWindow):
    """Three panes in a splitter, a menu bar, a status bar and a message bar."""

    article_opened = Signal(object)  # the Article now in the reader, or None
    library_reloaded = Signal()
    index_synced = Signal(object)  # the sync outcome, or the exception that stopped it
    first_painted = Signal()  # the window is on screen: the start's background jobs begin

    def __init__(
        self,
        workspace: Workspace,
        settings: WindowSettings,
        tasks: TaskManager | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Readmark")
        self.workspace = workspace
        self.settings = settings
        settings.for_library(workspace.library_dir)
        self.tasks = tasks or TaskManager(self)
        self.undo_stack = QUndoStack(self)
        self.current_article: Article | None = None
        self.page_size = SEARCH_LIMIT  # hits per search; scrolling down fetches the next page
        self._log_handler = start_error_log(workspace.log_dir)
        self.message_bar = MessageBar(self)
        self.errors = ErrorReporter(self.message_bar, self._log_handler)
        self.tasks.task_failed.connect(self.errors.report)
        self.hub = ChangesHub(self)
        self.operations = OperationRunner(self.tasks, self.hub, self.errors.report, self)
        self.notes_indexer = NotesIndexer(workspace, self.operations, self)
        self.library_pane = LibraryPane()
        self.runner: LatestOnly[SearchRequest, SearchResults] = LatestOnly(
            self.tasks, self._search, self
        )
        self.search_pane = SearchPane(self.runner, self.library_pane)
        self.reader = Reader()
        self.annotation_pane = QWidget()
        self.annotation_pane.setObjectName("annotationPane")
        self.annotation_layout = QVBoxLayout(self.annotation_pane)
        self.annotation_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for pane in (self.search_pane, self.reader, self.annotation_pane):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setHandleWidth(1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.flows = WindowFlows(self)
        self.menu_actions = build_menus(self, self.menuBar())
        self.shortcut_router = ShortcutRouter(self)
        self.annotations = install_annotations(self)
        self.annotations.controller.show_article = self.open_article  # undo shows its article
        self.undo_steps = WindowSteps(self)
        self.undo_history = UndoHistory(self)
        self.story = install_story(self)  # timeline, saved searches, related, versions
        self.setAcceptDrops(True)
        self.library_sync = LibrarySync(self)
        self._painted = False
        QTimer.singleShot(FIRST_FRAME_WAIT_MS, self, self._first_frame)
        self.library_pane.article_chosen.connect(self.open_article)
        self.search_pane.hit_activated.connect(self.open_article)
        self.search_pane.search_failed.connect(self.errors.report)
        self.search_pane.field.textChanged.connect(lambda _text: self.reader.clear_hits())
        self.search_pane.results_shown.connect(self._mark_current_hits)
        self.reader.sig_external_link.connect(self.flows.open_external_link)
        self.hub.changed.connect(self._on_changes)
        session_state.restore_layout(self)
        self.library_listed = False  # whether the list has shown the library yet
        if workspace.library.verified:
            self.reload_library(workspace.library.articles())  # no worker has started yet
        else:  # opened from its snapshot: the list is made on a thread once the window shows
            self.first_painted.connect(self.library_sync.list_at_start)
        self.external_edits = ExternalEdits(self)

    # -- library and articles ------------------------------------------------------------

    def reload_library(self, articles: list[Article] | ListColumns) -> None:
        """Show the library's articles: a snapshot taken where no worker was changing it
        (at start, or on the write worker after a sync's re-read)."""
        self.library_pane.set_articles(articles)
        self.library_listed = True
        problems = self.workspace.library.problems
        self.status.set_article_count(len(articles), len(problems))
        if problems:
            shown = "; ".join(str(p) for p in problems[:3])
            more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
            self.message_bar.show_message(
                f"Some library files could not be read: {shown}{more}.", topic=LIBRARY
            )
        else:
            self.message_bar.resolve(LIBRARY)
        if self.current_article is not None:
            self.library_pane.select_article(self.current_article.id)
        self.library_reloaded.emit()

    def open_article(self, article_id: str, hits: list[tuple[int, int]] | None = None) -> bool:
        """Show an article; with search hits, mark them all and scroll to the first."""
        try:
            article = self.workspace.library.get(article_id)
        except NotFound as exc:
            self.errors.report(exc)
            return False
        if article.path is not None and not article.path.exists():
            self.message_bar.show_message(
                f"The file of “{article.title}” is gone ({article.path}); "
                "the library list was refreshed. Its annotations are kept."
            )
            self.sync_index()
            return False
        self.current_article = article
        self.reader.show_article(article)
        if hits:
            self.reader.mark_hits(list(hits))
        self.library_pane.select_article(article.id)
        self.setWindowTitle(f"{article.title} — Readmark")
        self.article_opened.emit(article)
        return True

    def _mark_current_hits(self, result: SearchResults) -> None:
        """A new query's results: the open article shows this query's hits, or none."""
        current = self.current_article
        if current is None:
            return
        hit = next((h for h in result.hits if h.id == current.id), None)
        self.reader.mark_hits(list(hit.positions) if hit else [], scroll=False)

    def open_files(self, paths: list[Path] | list[str]) -> None:
        """Files from the command line, "Open with" or a second start: import, show the first."""
        from app.ui.window.open_files import open_files

        open_files(self, paths)

    def _article_list(self) -> QAbstractItemView:
        """The list on show: the library, or the search results while there is a query."""
        if self.search_pane.stack.currentIndex() == 0:
            return self.library_pane.view
        return self.search_pane.view

    def step_article(self, step: int) -> None:
        view = self._article_list()
        model = view.model()
        if model.rowCount() == 0:
            return
        row = view.currentIndex().row() + step if view.currentIndex().isValid() else 0
        view.setCurrentIndex(model.index(max(0, min(model.rowCount() - 1, row)), 0))

    # -- search and index ----------------------------------------------------------------

    def _search(self, request: SearchRequest) -> SearchResults:
        """Runs on a search thread: the core search, nothing else."""
        return self.workspace.index.search(
            request.query,
            limit=self.page_size,
            offset=request.offset,
            sort=request.sort,
            facets=request.offset == 0,
        )

    @property
    def syncing(self) -> bool:
        return self.library_sync.running is not None

    @property
    def library_read_ns(self) -> int:
        """When the last complete library read began (time.time_ns; ExternalEdits)."""
        return self.library_sync.library_read_ns

    def start_sync(self) -> None:
        self.library_sync.start()

    def sync_index(self, reread_library: bool = True, catching_up: bool = False) -> None:
        self.library_sync.run(reread_library, catching_up)

    def _on_changes(self, changes: Changes) -> None:
        """An operation landed (the hub): a save to say; the list rows and the open article
        whose files changed; the index to sync, or the results to search again."""
        self.status.mark_saved()
        self.message_bar.resolve(SAVE)  # a message about a failed save is obsolete
        library = self.workspace.library
        for article_id in sorted(changes.articles):
            if article_id in library:  # one look-up, never an iteration
                self.library_pane.model.update_article(library.get(article_id))
        current = self.current_article
        if current is not None and current.id in changes.articles:
            if current.id in library:
                fraction = self.reader.scroll_fraction()
                self.open_article(current.id)
                self.reader.set_scroll_fraction(fraction)
            else:
                self.current_article = None
                self.reader.show_article(None)
                self.setWindowTitle("Readmark")
        if changes.index or changes.article_set:
            self.sync_index()  # its end searches again
        elif changes.indexed and self.search_pane.query():
            self.search_pane.run_now()  # tag: and note: queries may match differently

    # -- focus ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_pane.focus_field()

    def focus_library(self) -> None:
        self._article_list().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_reader(self) -> None:
        self.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_annotations(self) -> None:
        self.annotation_pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.annotation_pane.focusNextChild()

    # -- appearance ----------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        theme = get_theme(name)
        self.settings.theme = theme.name
        self.setPalette(palette(theme))
        self.setStyleSheet(stylesheet(theme))
        self.reader.apply_theme(theme)
        self.search_pane.apply_theme(theme)
        self.annotations.apply_theme(theme)
        self.story.apply_theme(theme)
        action = self.menu_actions.get(f"theme_{theme.name}")
        if action is not None:
            action.setChecked(True)

    def theme(self) -> str:
        return self.settings.theme

    def next_theme(self) -> None:
        names = list(THEMES)
        self.set_theme(names[(names.index(self.theme()) + 1) % len(names)])

    def set_font_size(self, points: float) -> None:
        points = min(MAX_FONT_SIZE, max(MIN_FONT_SIZE, points))
        self.settings.font_size = points
        self.reader.set_font_size(points)

    def zoom_in(self) -> None:
        self.set_font_size(self.settings.font_size + FONT_STEP)

    def zoom_out(self) -> None:
        self.set_font_size(self.settings.font_size - FONT_STEP)

    def zoom_reset(self) -> None:
        self.set_font_size(DEFAULT_FONT_SIZE)

    def set_reading_width(self, chars: int) -> None:
        self.settings.reading_width = chars
        self.reader.set_reading_width(chars)
        action = self.menu_actions.get(f"width_{chars}")
        if action is not None:
            action.setChecked(True)

    def step_reading_width(self, step: int) -> None:
        current = READING_WIDTHS.index(self.settings.reading_width)
        self.set_reading_width(READING_WIDTHS[max(0, min(len(READING_WIDTHS) - 1, current + step))])

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    # -- first frame ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The first frame comes before the start's jobs: a thread start waits for the GIL,
        and at 250,000 articles they held the first frame back by up to a second."""
        super().paintEvent(event)
        if not self._painted:
            QTimer.singleShot(0, self, self._first_frame)

    def _first_frame(self) -> None:
        """Once: after the first paint, or FIRST_FRAME_WAIT_MS after construction when
        none came (a window mapped on another desktop is not painted until looked at)."""
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    # -- drag and drop (WindowFlows imports) -------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc that no pane took (the search field clears with it first) dismisses the
        message bar."""
        if event.key() == Qt.Key.Key_Escape and self.message_bar.isVisible():
            self.message_bar.dismiss()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.flows.run_import(paths, ask=True)

    # -- state ---------------------------------------------------------------------------

    def restore_last_article(self) -> bool:
        return session_state.restore_last_article(self)

    def save_state(self) -> None:
        session_state.save_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.annotations.controller.flush_edits()  # Ctrl+Q mid-note keeps the note
        self.save_state()
        self.external_edits.stop()
        self.library_sync.cancel()
        if self.flows.import_dialog is not None:
            self.flows.import_dialog.cancel()  # what is imported stays; the rest waits
        self.notes_indexer.stop()
        self.tasks.shutdown()
        thaw_heap()
        stop_error_log(self._log_handler)
        self._log_handler = None
        super().closeEvent(event)
