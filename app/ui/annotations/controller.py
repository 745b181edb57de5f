"""Glue between the reader, the sidebar, the core annotation store and the undo stack.

Keys and buttons act on the reader's selection when there is one (1-5 highlight it, T tags
it, N adds a note) and otherwise on the current annotation (the card selected, or the
highlight clicked): 1-5 recolour, T retags, N edits the note, Delete removes it. Every change
is an undo command writing through the store; failures go to ``sig_error`` (the window's
message bar) and what the user typed stays in the window.
"""

from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from app.core.annotations import Annotation, AnnotationStore, Placed
from app.core.annotations.files import stamp_of
from app.core.annotations.model import DEFAULT_COLOUR
from app.core.article import Article
from app.core.errors import ReadmarkError
from app.ui.annotations.actions import annotation_actions
from app.ui.annotations.sidebar.list_model import AnnotationListModel
from app.ui.annotations.sidebar.panel import AnnotationSidebar
from app.ui.annotations.sidebar.tag_editor import TagDialog
from app.ui.annotations.undo_steps import (
    CreateAnnotation,
    DeleteAnnotation,
    EditAnnotation,
    RenameTag,
    StoreCommand,
)
from app.ui.reader.highlights import HighlightSpan
from app.ui.reader.selection_bar import SelectionBar
from app.ui.reader.view import Reader
from app.ui.themes import LIGHT, Theme


class AnnotationController(QObject):
    sig_error = Signal(object, str)  # the exception, what the user was doing
    sig_annotations_changed = Signal(str)  # article id

    def __init__(
        self,
        store: AnnotationStore,
        reader: Reader,
        undo_stack: QUndoStack,
        theme: Theme = LIGHT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
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
        """Refresh only when the shown article's file changed behind our back."""
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

    # -- undo plumbing (the Listener the commands call) ----------------------------------

    def changed(self, article_id: str) -> None:
        if self.article is not None and article_id == self.article.id:
            self.refresh()
        self.sig_annotations_changed.emit(article_id)

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

    def _run(self, command: StoreCommand, context: str) -> bool:
        try:
            command.apply()
        except (ReadmarkError, OSError) as exc:
            self.sig_error.emit(exc, context)
            return False
        self.undo_stack.push(command)
        return True

    # -- what the keys do ----------------------------------------------------------------

    def entry(self, annotation_id: str) -> Annotation | None:
        placed = self._entries.get(annotation_id)
        return placed.annotation if placed else None

    def _target(self) -> Annotation | None:
        chosen = self.sidebar.current_id() or self.current_id
        return self.entry(chosen) if chosen else None

    def highlight(
        self, colour: str, tags: list[str] | None = None, note: str = ""
    ) -> Annotation | None:
        """Highlight the reader's selection; with no selection, recolour the current one."""
        article = self.article
        selected = self.reader.selected_range()
        if article is None:
            return None
        if selected is None:
            target = self._target()
            if target is not None and target.colour != colour:
                self._edit(
                    target,
                    lambda: self.store.recolour(article.id, target.id, colour),
                    f"Recolour to {colour}",
                )
            return None
        start, end = selected
        command = CreateAnnotation(
            self.store,
            self,
            lambda: self.store.create(
                article.id, start, end, colour=colour, tags=tags or [], note=note
            ),
            f"Highlight in {colour}",
        )
        if not self._run(command, "Highlighting"):
            return None
        created = command.annotation
        if created is not None:
            self.current_id = created.id
            self.sidebar.select(created.id)
            self._clear_selection()
        return created

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
        article_id = self.article.id
        self._edit(target, lambda: self.store.set_tags(article_id, target.id, tags), "Retag")

    def _ask_tags(self, known: list[str], current: list[str]) -> list[str] | None:
        dialog = TagDialog(known, current, self.reader.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.tags()

    def note(self) -> None:
        """N: highlight the selection (if any) and open its note; else the current note."""
        if self.reader.selected_range() is not None:
            created = self.highlight(DEFAULT_COLOUR)
            if created is not None:
                self.sidebar.edit_note(created.id)
            return
        target = self._target()
        if target is not None:
            self.sidebar.edit_note(target.id)

    def delete_current(self) -> None:
        target = self._target()
        if target is not None:
            self.delete(target.id)

    def delete(self, annotation_id: str) -> bool:
        target = self.entry(annotation_id)
        if target is None:
            return False
        if not self._run(DeleteAnnotation(self.store, self, target), "Deleting the highlight"):
            return False
        self.current_id = None
        return True

    def reattach(self, annotation_id: str) -> bool:
        """An orphan's note, tags and colour go to the words selected in the reader (same
        annotation, new place); undo puts it back where it pointed before."""
        target, article = self.entry(annotation_id), self.article
        selected = self.reader.selected_range()
        if target is None or article is None or selected is None:
            return False
        start, end = selected
        moved = self._edit(
            target, lambda: self.store.reattach(article.id, target.id, start, end), "Re-attach"
        )
        if moved:
            self.current_id = annotation_id
            self.sidebar.select(annotation_id)
            self._clear_selection()
        return moved

    def _edit(self, shown: Annotation, edit: Callable[[], Annotation], text: str) -> bool:
        """Undo puts back the annotation as stored (a note not saved yet is not part of it)."""
        before = self._stored(shown.id) or shown
        command = EditAnnotation(self.store, self, before, edit, text)
        return self._run(command, text)

    def save_note(self, annotation_id: str, text: str, *, discard: bool = False) -> None:
        """A card's note was edited (a pause, focus left, Escape, the card closed): write it,
        undoably, to the article it belongs to even if another is shown by now. Edits in a
        row merge into one step; a discard is a step of its own, so undo brings the text back.
        """
        stored = self._stored(annotation_id) or self.entry(annotation_id)
        if stored is None:
            try:
                stored = self.store.get(annotation_id)
            except (ReadmarkError, OSError) as exc:
                self.sig_error.emit(exc, "Saving the note")
                return
        if stored.note == text:
            self._unsaved_notes.pop(annotation_id, None)
            return
        self._unsaved_notes[annotation_id] = text
        article_id = stored.article_id
        command = EditAnnotation(
            self.store,
            self,
            stored,
            lambda: self.store.set_note(article_id, annotation_id, text),
            "Discard note edit on" if discard else "Edit note on",
            merge_key="" if discard else annotation_id,
        )
        if self._run(command, "Saving the note"):
            self._unsaved_notes.pop(annotation_id, None)
        else:
            editor = self.sidebar.open_editor()
            if editor is not None:
                editor.mark_unsaved()

    def _stored(self, annotation_id: str) -> Annotation | None:
        if self.article is None:
            return None
        for annotation in self.store.for_article(self.article.id):
            if annotation.id == annotation_id:
                return annotation
        return None

    def save_article_note(self, text: str, *, discard: bool = False) -> None:
        """The note on the whole article: added, edited (edits in a row merge), emptied
        (deleted) or, with ``discard``, put back as it was, each an undo step."""
        article = self.article
        if article is None:
            return
        existing = self._article_note
        if existing is None:
            if not text.strip():
                return
            command: StoreCommand = CreateAnnotation(
                self.store,
                self,
                lambda: self.store.create_note(article.id, text),
                "Add",
            )
        elif not text.strip():
            command = DeleteAnnotation(self.store, self, existing)
            if discard:
                command.setText("Discard the article note")
        else:
            command = EditAnnotation(
                self.store,
                self,
                existing,
                lambda: self.store.set_note(article.id, existing.id, text),
                "Discard edit of" if discard else "Edit",
                merge_key="" if discard else existing.id,
            )
        if not self._run(command, "Saving the article note"):
            self.sidebar.article_note.mark_unsaved()

    def rename_tag(self, old: str, new: str) -> bool:
        try:
            command = RenameTag(self.store, self, old, new)
        except (ReadmarkError, OSError) as exc:
            self.sig_error.emit(exc, "Renaming the tag")
            return False
        return self._run(command, "Renaming the tag")

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
