"""Glue between the reader, the sidebar, the core annotation store and the undo stack.

This half shows the shown article's annotations (cards, highlights, the article note) and
moves between the reader and the cards; what the keys do (each change an undo step run on
the write worker) is its base ``AnnotationEdits`` in ``edits.py``. The controller reads the
store on the GUI thread but never writes through it, and it refreshes the sidebar and the
reader's highlights itself when the ``ChangesHub`` says the shown article's annotations
changed: once per turn of the event loop (the hub gathers landings), changing only the
cards and highlights that differ. Failures go to ``sig_error`` (the window's message bar)
and what the user typed stays in the window.
"""

from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.core.annotations import Annotation, Placed
from app.core.annotations.files import stamp_of
from app.core.article import Article
from app.core.errors import ReadmarkError
from app.core.ops.changes import Changes
from app.core.workspace import Workspace
from app.ui.annotations.actions import annotation_actions
from app.ui.annotations.edits import AnnotationEdits
from app.ui.annotations.sidebar.list_model import AnnotationListModel
from app.ui.annotations.sidebar.panel import AnnotationSidebar
from app.ui.reader.highlights import HighlightSpan
from app.ui.reader.selection_bar import SelectionBar
from app.ui.reader.view import Reader
from app.ui.tasks.runner import OperationRunner
from app.ui.themes import LIGHT, Theme

RECHECK_MS = 100  # a file change seen while our own writes run is looked at again after


class AnnotationController(QObject, AnnotationEdits):
    sig_error = Signal(object, str)  # the exception, what the user was doing

    def __init__(
        self,
        workspace: Workspace,
        runner: OperationRunner,
        reader: Reader,
        undo_stack: QUndoStack,
        theme: Theme = LIGHT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.store = store = workspace.annotations
        self.reader = reader
        self.undo_stack = undo_stack
        self.article: Article | None = None
        self.model = AnnotationListModel()
        self.sidebar = AnnotationSidebar(self.model, theme)
        self.current_id: str | None = None
        self._entries: dict[str, Placed] = {}
        self._article_note: Annotation | None = None
        self._unsaved_notes: dict[str, str] = {}
        self._asked = 0  # reads asked for after changes; only the latest is shown
        self._problems_seen = len(store.problems)
        self.ask_tags: Callable[[list[str], list[str]], list[str] | None] = self._ask_tags
        # How an undo step brings its article on screen; the window puts its own here.
        self.show_article: Callable[[str], bool] = self._show_in_reader
        self.act = annotation_actions(
            self, self.highlight, self.tag, self.note, self.delete_current
        )
        for widget in (reader, self.sidebar.view, self.sidebar.orphan_view):
            widget.addActions(self.act.all)
        reader.selection_actions = self.act.all
        self.act.set_icons(theme)
        self.selection_bar = SelectionBar(reader, self.act.on_selection)
        self.selection_bar.apply_theme(theme)
        reader.sig_highlight_clicked.connect(self._on_highlight_clicked)
        reader.sig_article_shown.connect(self.set_article)
        self.sidebar.sig_annotation_chosen.connect(self.go_to)
        self.sidebar.sig_article_note_saved.connect(self.save_article_note)
        self.sidebar.sig_article_note_discarded.connect(
            lambda text: self.save_article_note(text, discard=True)
        )
        self.model.note_edited.connect(self.save_note)
        self.sidebar.sig_note_discarded.connect(
            lambda annotation_id, text: self.save_note(annotation_id, text, discard=True)
        )
        self.sidebar.sig_reattach.connect(self.reattach)
        self.sidebar.sig_delete.connect(self.delete)
        reader.selectionChanged.connect(
            lambda: self.sidebar.set_can_reattach(reader.selected_range() is not None)
        )
        # Another process (the CLI, a second window) may change the article's annotations.
        self._stamp: tuple[int, int, int] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._on_disk_changed())
        self._watcher.fileChanged.connect(lambda _path: self._on_disk_changed())
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self._on_disk_changed)
        runner.hub.changed.connect(self._on_changes)

    def apply_theme(self, theme: Theme) -> None:
        self.act.set_icons(theme)
        self.selection_bar.apply_theme(theme)
        self.sidebar.apply_theme(theme)

    # -- the shown article ---------------------------------------------------------------

    def set_article(self, article: Article | None) -> None:
        """Follows the reader: whoever shows an article, its annotations come with it.

        Notes still being typed are saved to the article they were written on first.
        """
        self.flush_edits()
        self.sidebar.article_note.set_note("")
        self.article = article
        self.current_id = None
        self._unsaved_notes.clear()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the article's annotations from the store and show them everywhere."""
        article = self.article
        placed: list[Placed] = []
        if article is not None:
            try:
                placed = self.store.placed(article.id)
            except (ReadmarkError, OSError) as exc:
                self.sig_error.emit(exc, "Reading the annotations")
        self._show(placed)

    def _reread(self) -> None:
        """Refresh after a change, reading on a read thread: reading the file, the article's
        body and anchoring every annotation took 3-4 ms of the GUI thread per landing at
        500 highlights, far longer while a build kept the disk busy (issue 11). The hub
        holds back what follows the change (selecting the new card, an undo's scroll) until
        the read is shown; an older read that lands late is dropped."""
        article, store = self.article, self.store
        if article is None:
            return
        self._asked += 1
        asked, release = self._asked, self.runner.hub.hold()

        def show(placed: list[Placed]) -> None:
            try:
                if asked == self._asked and self.article is article:
                    self._show(placed)
            finally:
                release()  # a hold never outlives its read

        def failed(exc: BaseException) -> None:
            release()
            self.sig_error.emit(exc, "Reading the annotations")

        self.runner.tasks.run_read(lambda: store.placed(article.id), show, failed)

    def _show(self, placed: list[Placed]) -> None:
        """Show what was read. A note being typed in a card is saved first."""
        self.flush_edits()
        article = self.article
        self._watch()
        self._report_store_problems()
        highlights = [p for p in placed if p.anchor is not None]
        notes = [p.annotation for p in placed if p.anchor is None]
        for entry in highlights:
            unsaved = self._unsaved_notes.get(entry.annotation.id)
            if unsaved is not None:
                entry.annotation.note = unsaved
        self._entries = {p.annotation.id: p for p in highlights}
        self._article_note = notes[0] if notes else None
        self.model.set_entries(highlights)
        self.sidebar.set_article_note(
            self._article_note.note if self._article_note else None, enabled=article is not None
        )
        self.sidebar.set_article_tags(sorted({t for p in highlights for t in p.annotation.tags}))
        self.reader.set_highlights(
            [
                HighlightSpan(p.annotation.id, p.anchor.start, p.anchor.end, p.annotation.colour)
                for p in highlights
                if p.anchor is not None
                and p.anchor.start is not None
                and p.anchor.end is not None
                and p.annotation.colour
            ]
        )
        if self.current_id and self.current_id in self._entries:
            if self.sidebar.current_id() != self.current_id:  # kept through row changes
                self.sidebar.select(self.current_id)
        else:
            self.current_id = None

    def _watch(self) -> None:
        """The folder shows files replaced (atomic saves); the file, writes in place."""
        folder = str(self.store.folder)
        if folder not in self._watcher.directories() and self.store.folder.is_dir():
            self._watcher.addPath(folder)
        stale = self._watcher.files()
        if stale:
            self._watcher.removePaths(stale)
        if self.article is not None:
            path = self.store.path_for(self.article.id)
            if path.exists():
                self._watcher.addPath(str(path))
        self._stamp = self._current_stamp()

    def _current_stamp(self) -> tuple[int, int, int] | None:
        return stamp_of(self.store.path_for(self.article.id)) if self.article else None

    def _on_disk_changed(self) -> None:
        """Refresh only when the shown article's file changed behind our back. While our
        own writes are on their way, the hub refreshes once they land (and re-reads the
        file then, so a change by someone else in between is shown too): refreshing at
        the file's change as well doubled the GUI's work per highlight."""
        if not self.runner.idle():
            self._recheck.start()  # one look again once they land, however many events
            return
        if self.article is not None and self._current_stamp() != self._stamp:
            self.refresh()

    def flush_edits(self) -> None:
        """Save what is being typed now: before the article changes, the window closes or
        an undo step runs (which must not find a save of its own pushed in its middle)."""
        for editor in (self.sidebar.open_editor(), self.sidebar.article_note):
            if editor is not None and editor.is_dirty():
                editor.save()

    def _report_store_problems(self) -> None:
        new = self.store.problems[self._problems_seen :]
        self._problems_seen = len(self.store.problems)
        for problem in new:
            self.sig_error.emit(problem, "")

    # -- what the hub and the undo steps tell ----------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        """The shown article's annotations changed (here, in an undo, in a rename)."""
        if self.article is not None and self.article.id in changes.annotated:
            self._reread()

    def failed(self, exc: BaseException, context: str) -> None:
        self.sig_error.emit(exc, context)

    def reveal(self, article_ids: set[str], annotation_id: str | None, *, done: bool) -> None:
        """Bring a step's article on screen (the shown one if it is among them) and scroll
        to its highlight, so undo never changes an article the user cannot see; once the
        step is ``done`` the highlight (if it is still there) flashes."""
        if not article_ids:
            return
        if self.article is None or self.article.id not in article_ids:
            shown = next((i for i in sorted(article_ids) if i in self.store.library), None)
            if shown is None or not self.show_article(shown):
                return
        if annotation_id is not None:
            self.go_to(annotation_id, flash=done)

    def _show_in_reader(self, article_id: str) -> bool:
        self.reader.show_article(self.store.library.get(article_id))
        return True

    # -- moving between the reader and the cards -----------------------------------------

    def _on_highlight_clicked(self, annotation_id: str) -> None:
        self.current_id = annotation_id
        self.sidebar.select(annotation_id)

    def go_to(self, annotation_id: str, *, flash: bool = True) -> bool:
        """Select the card, scroll the reader to the highlight and flash it."""
        placed = self._entries.get(annotation_id)
        if placed is None:
            return False
        self.current_id = annotation_id
        self.sidebar.select(annotation_id)
        anchor = placed.anchor
        if anchor is not None and anchor.start is not None and anchor.end is not None:
            self.reader.scroll_to_position(anchor.start)
            if flash:
                self.reader.flash(anchor.start, anchor.end)
        return True
