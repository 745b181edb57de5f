"""What the annotation keys and cards do: each change a user asks for becomes an undo step.

Keys and buttons act on the reader's selection when there is one (1-5 highlight it, T tags
it, N adds a note) and otherwise on the current annotation (the card selected, or the
highlight clicked): 1-5 recolour, T retags, N edits the note, Delete removes it. Every change
is an undo step whose core operation runs on the write worker (``OperationRunner``); nothing
here writes through the store on the GUI thread. Kept apart from ``controller.py``, which
shows the article's annotations: this half only asks for changes, the hub brings them back.
"""

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from app.core.annotations import Annotation, AnnotationStore, Placed
from app.core.annotations.model import DEFAULT_COLOUR
from app.core.article import Article
from app.core.errors import ReadmarkError
from app.core.ops import annotating
from app.core.ops.changes import Done
from app.core.workspace import Workspace
from app.ui.annotations.sidebar.panel import AnnotationSidebar
from app.ui.annotations.sidebar.tag_editor import TagDialog
from app.ui.annotations.undo_steps import AnnotationStep, Pair, RenameTag, Step, stored
from app.ui.reader.view import Reader
from app.ui.tasks.runner import OperationRunner

Then = Callable[[Annotation], object]


class AnnotationEdits:
    """The edit half of ``AnnotationController`` (its base): the state it reads is the
    controller's, set up in its ``__init__``."""

    workspace: Workspace
    runner: OperationRunner
    store: AnnotationStore
    reader: Reader
    sidebar: AnnotationSidebar
    undo_stack: QUndoStack
    article: Article | None
    current_id: str | None
    ask_tags: Callable[[list[str], list[str]], list[str] | None]
    _entries: dict[str, Placed]
    _article_note: Annotation | None
    _unsaved_notes: dict[str, str]
    # The controller's: ``failed`` puts a failure on the message bar, ``reveal`` brings an
    # undo step's article on screen (with them, it is the steps' ``Revealer``).
    failed: Callable[[BaseException, str], None]
    reveal: Callable[..., None]

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
                self.failed(exc, "Saving the note")
                return
        if shown.note == text and annotation_id not in self._unsaved_notes:
            return
        self._unsaved_notes[annotation_id] = text
        workspace = self.workspace

        def saved(_step: Step) -> None:
            if self._unsaved_notes.get(annotation_id) == text:
                del self._unsaved_notes[annotation_id]

        def failed(exc: BaseException) -> None:
            self.failed(exc, "Saving the note")
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
            self.failed(exc, "Saving the article note")
            self.sidebar.article_note.mark_unsaved()

        self._start(step, on_error=failed)

    def rename_tag(self, old: str, new: str, on_done: Callable[[Step], None] | None = None) -> Step:
        """Rename, merge or move a tag across the library, as an undo step."""
        step = RenameTag(self.runner, self, self.workspace, old, new)
        return self._start(step, on_done)
