"""Glue between the reader, the sidebar, the core annotation store and the undo stack.

Keys and buttons act on the reader's selection when there is one (1-5 highlight it, T tags
it, N adds a note) and otherwise on the current annotation (the card selected, or the
highlight clicked): 1-5 recolour, T retags, N edits the note, Delete removes it. Every change
is an undo step whose core operation runs on the write worker (``OperationRunner``); the
controller reads the store on the GUI thread but never writes through it, and it refreshes
the sidebar and the reader's highlights itself when the ``ChangesHub`` says the shown
article's annotations changed. Failures go to ``sig_error`` (the window's message bar) and
what the user typed stays in the window.
"""

from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from app.core.annotations import Annotation, Placed
from app.core.annotations.files import stamp_of
from app.core.annotations.model import DEFAULT_COLOUR
from app.core.article import Article
from app.core.errors import ReadmarkError
from app.core.ops import annotating
from app.core.ops.changes import Changes, Done
from app.core.workspace import Workspace
from app.ui.annotations.actions import annotation_actions
from app.ui.annotations.sidebar.list_model import AnnotationListModel
from app.ui.annotations.sidebar.panel import AnnotationSidebar
from app.ui.annotations.sidebar.tag_editor import TagDialog
from app.ui.annotations.undo_steps import AnnotationStep, Pair, RenameTag, Step, stored
from app.ui.reader.highlights import HighlightSpan
from app.ui.reader.selection_bar import SelectionBar
from app.ui.reader.view import Reader
from app.ui.tasks.runner import OperationRunner
from app.ui.themes import LIGHT, Theme

Then = Callable[[Annotation], object]
RECHECK_MS = 100  # a file change seen while our own writes run is looked at again after


class AnnotationController(QObject):
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
        """Re-read the article's annotations from the store and show them everywhere.

        A note being typed in a card is saved first: a new list of cards closes its editor.
        """
        self.flush_edits()
        article = self.article
        placed: list[Placed] = []
        if article is not None:
            try:
                placed = self.store.placed(article.id)
            except (ReadmarkError, OSError) as exc:
                self.sig_error.emit(exc, "Reading the annotations")
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
        if not self.runner.tasks.idle():
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
            self.refresh()

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

    # -- what the keys do ----------------------------------------------------------------

    def entry(self, annotation_id: str) -> Annotation | None:
        placed = self._entries.get(annotation_id)
        return placed.annotation if placed else None

    def _target(self) -> Annotation | None:
        chosen = self.sidebar.current_id() or self.current_id
        return self.entry(chosen) if chosen else None

    def highlight(
        self,
        colour: str,
        tags: list[str] | None = None,
        note: str = "",
        then: Then | None = None,
    ) -> Step | None:
        """Highlight the reader's selection; with no selection, recolour the current one.
        The step (None when there is nothing to do) lands later; ``then`` gets the new
        highlight once it has."""
        article = self.article
        selected = self.reader.selected_range()
        if article is None:
            return None
        if selected is None:
            target = self._target()
            if target is None or target.colour == colour:
                return None
            workspace = self.workspace
            return self._edit(
                target,
                lambda a: annotating.recolour(workspace, a, colour),
                f"Recolour to {colour}",
            )
        span, workspace = selected, self.workspace

        def make() -> Done[Pair]:
            done = annotating.highlight(
                workspace, article.id, span, colour=colour, tags=tags or [], note=note
            )
            return Done((None, done.value), done.changes, done.problems)

        def made(step: Step) -> None:
            created = step.annotation if isinstance(step, AnnotationStep) else None
            if created is None:
                return
            self.current_id = created.id
            self.sidebar.select(created.id)
            if self.reader.selected_range() == span:
                self._clear_selection()
            if then is not None:
                then(created)

        return self._start(
            AnnotationStep(self.runner, self, workspace, f"Highlight in {colour} {{}}", make), made
        )

    def _start(
        self,
        step: Step,
        on_done: Callable[[Step], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Step:
        step.start(self.undo_stack, on_done, on_error)
        return step

    def _clear_selection(self) -> None:
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)

    def tag(self) -> None:
        known = [t.name for t in self.store.tags()]
        if self.reader.selected_range() is not None:
            tags = self.ask_tags(known, [])
            if tags:
                self.highlight(DEFAULT_COLOUR, tags=tags)
            return
        target = self._target()
        if target is None or self.article is None:
            return
        tags = self.ask_tags(known, list(target.tags))
        if tags is None or tags == target.tags:
            return
        workspace = self.workspace
        self._edit(target, lambda a: annotating.retag(workspace, a, tags), "Retag")

    def _ask_tags(self, known: list[str], current: list[str]) -> list[str] | None:
        dialog = TagDialog(known, current, self.reader.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.tags()

    def note(self) -> None:
        """N: highlight the selection (if any) and open its note; else the current note."""
        if self.reader.selected_range() is not None:
            self.highlight(DEFAULT_COLOUR, then=lambda created: self.sidebar.edit_note(created.id))
            return
        target = self._target()
        if target is not None:
            self.sidebar.edit_note(target.id)

    def delete_current(self) -> None:
        target = self._target()
        if target is not None:
            self.delete(target.id)

    def delete(self, annotation_id: str) -> Step | None:
        target, workspace = self.entry(annotation_id), self.workspace
        if target is None:
            return None

        def make() -> Done[Pair]:
            done = annotating.delete(workspace, target)
            return Done((done.value, None), done.changes, done.problems)

        def gone(_step: Step) -> None:
            if self.current_id == annotation_id:
                self.current_id = None

        step = AnnotationStep(self.runner, self, workspace, "Delete {}", make)
        return self._start(step, gone)

    def reattach(self, annotation_id: str) -> Step | None:
        """An orphan's note, tags and colour go to the words selected in the reader (same
        annotation, new place); undo puts it back where it pointed before."""
        target, article = self.entry(annotation_id), self.article
        selected = self.reader.selected_range()
        if target is None or article is None or selected is None:
            return None
        workspace = self.workspace

        def moved(_step: Step) -> None:
            self.current_id = annotation_id
            self.sidebar.select(annotation_id)
            if self.reader.selected_range() == selected:
                self._clear_selection()

        return self._edit(
            target, lambda a: annotating.reattach(workspace, a, selected), "Re-attach", moved
        )

    def _edit(
        self,
        shown: Annotation,
        edit: Callable[[Annotation], Done[Annotation]],
        text: str,
        on_done: Callable[[Step], None] | None = None,
        *,
        merge_key: str = "",
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Step:
        """Undo puts back the annotation as stored (a note not saved yet is not part of it),
        read on the worker just before the edit."""
        workspace = self.workspace

        def make() -> Done[Pair]:
            before = stored(workspace, shown)
            done = edit(before)
            return Done((before, done.value), done.changes, done.problems)

        step = AnnotationStep(
            self.runner, self, workspace, f"{text} {{}}", make, merge_key=merge_key
        )
        return self._start(step, on_done, on_error)

    def save_note(self, annotation_id: str, text: str, *, discard: bool = False) -> None:
        """A card's note was edited (a pause, focus left, Escape, the card closed): write it,
        undoably, to the article it belongs to even if another is shown by now. Edits in a
        row merge into one step; a discard is a step of its own, so undo brings the text back.
        Until the write lands, the text is kept as unsaved (a refresh shows it, not the old).
        """
        shown = self.entry(annotation_id)
        if shown is None:
            try:
                shown = self.store.get(annotation_id)
            except (ReadmarkError, OSError) as exc:
                self.sig_error.emit(exc, "Saving the note")
                return
        if shown.note == text and annotation_id not in self._unsaved_notes:
            return
        self._unsaved_notes[annotation_id] = text
        workspace = self.workspace

        def saved(_step: Step) -> None:
            if self._unsaved_notes.get(annotation_id) == text:
                del self._unsaved_notes[annotation_id]

        def failed(exc: BaseException) -> None:
            self.sig_error.emit(exc, "Saving the note")
            editor = self.sidebar.open_editor()
            if editor is not None:
                editor.mark_unsaved()

        def write(before: Annotation) -> Done[Annotation]:
            if before.note == text:
                return Done(before)
            return annotating.write_note(workspace, before, text)

        self._edit(
            shown,
            write,
            "Discard note edit on" if discard else "Edit note on",
            saved,
            merge_key="" if discard else annotation_id,
            on_error=failed,
        )

    def save_article_note(self, text: str, *, discard: bool = False) -> None:
        """The note on the whole article: added, edited (edits in a row merge), emptied
        (deleted) or, with ``discard``, put back as it was, each an undo step."""
        article, existing = self.article, self._article_note
        if article is None or (existing is None and not text.strip()):
            return
        if existing is None:
            label, merge_key = "Add {}", ""
        elif not text.strip():
            label, merge_key = ("Discard the article note" if discard else "Delete {}"), ""
        else:
            label = "Discard edit of {}" if discard else "Edit {}"
            merge_key = "" if discard else existing.id
        workspace = self.workspace

        def make() -> Done[Pair]:
            done = annotating.write_article_note(workspace, article.id, text)
            verb, before, now = done.value
            pair = (before, None if verb == "cleared" else now)
            return Done(pair, done.changes, done.problems)

        step = AnnotationStep(self.runner, self, workspace, label, make, merge_key=merge_key)

        def failed(exc: BaseException) -> None:
            self.sig_error.emit(exc, "Saving the article note")
            self.sidebar.article_note.mark_unsaved()

        self._start(step, on_error=failed)

    def rename_tag(self, old: str, new: str, on_done: Callable[[Step], None] | None = None) -> Step:
        """Rename, merge or move a tag across the library, as an undo step."""
        step = RenameTag(self.runner, self, self.workspace, old, new)
        return self._start(step, on_done)

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
