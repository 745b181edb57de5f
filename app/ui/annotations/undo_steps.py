"""Undoable changes: every step writes through the core (store or library).

So undo restores the files on disk and, through the store's change listener, the search
index. A command is applied once by its caller *before* it is pushed: a change that fails
(a read-only data folder) is reported and never enters the stack, and the first ``redo()``
that ``QUndoStack.push`` calls is skipped. A later undo or redo that fails is reported, and
the command makes itself obsolete so the stack drops it instead of pretending.

Every undo and redo first brings what it changes on screen (the article, scrolled to the
highlight) and shows it again afterwards, so a step never acts out of the user's sight.
"""

import contextlib
from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.annotations import Annotation, AnnotationStore
from app.core.codebook import Code, Codebook, is_under, key
from app.core.errors import NotFound, ReadmarkError
from app.ui.annotations.sidebar.list_model import shorten
from app.ui.tasks.workers import TaskManager

NOTE_EDIT_ID = 1001


class Revealer(Protocol):
    """What every step tells the window: what to show, and what went wrong."""

    def reveal(self, article_ids: set[str], annotation_id: str | None, *, done: bool) -> None:
        """Show the articles (and scroll to the annotation) before the step, then after."""

    def failed(self, exc: BaseException, context: str) -> None: ...


class Listener(Revealer, Protocol):
    """An annotation step also says which article's annotations changed."""

    def changed(self, article_id: str) -> None: ...


def quoted(annotation: Annotation) -> str:
    return f"“{shorten(annotation.exact, 32)}”" if annotation.exact else "article note"


def lower_first(text: str) -> str:
    return f"{text[:1].lower()}{text[1:]}"


class Step(QUndoCommand):
    """One change: ``forward`` does it, ``backward`` takes it back.

    ``article_ids`` are the articles it changes and ``focus_id`` the annotation to scroll to;
    ``last`` is "Undo" or "Redo" after a real step (empty after the push), which is how the
    status bar tells a redo from a new change.
    """

    def __init__(
        self,
        listener: Revealer,
        text: str,
        steps: tuple[Callable[[], None], Callable[[], None]],
    ) -> None:
        super().__init__(text)
        self.listener = listener
        self._forward, self._backward = steps
        self._applied_once = False
        self.article_ids: set[str] = set()
        self.focus_id: str | None = None
        self.last = ""

    def apply(self) -> None:
        """The first do, run by the caller; exceptions reach the caller."""
        self._forward()
        self._applied_once = True
        self._notify()

    def push_applied(self, stack: QUndoStack) -> None:
        """Push a change that its caller has already made (a dialog saved it)."""
        self._applied_once = True
        stack.push(self)

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False
            return
        self._guarded(self._forward, "Redo")

    def undo(self) -> None:
        self._guarded(self._backward, "Undo")

    def _guarded(self, step: Callable[[], None], verb: str) -> None:
        self.last = verb
        self._reveal(done=False)
        try:
            step()
        except (ReadmarkError, OSError) as exc:
            self.setObsolete(True)
            self.listener.failed(exc, f"{verb} {lower_first(self.text())}")
        self._notify()
        self._reveal(done=True)

    def _reveal(self, *, done: bool) -> None:
        self.listener.reveal(self.article_ids, self.focus_id, done=done)

    def _notify(self) -> None:
        """Tell the window what changed (the store's steps: each article's annotations)."""

    def summary(self, title_of: Callable[[str], str | None]) -> str:
        """What the step did, for the status bar: its text and the article it was in."""
        titles = [t for t in map(title_of, sorted(self.article_ids)) if t]
        if len(titles) == 1:
            return f"{lower_first(self.text())} in “{shorten(titles[0], 60)}”"
        if titles:
            return f"{lower_first(self.text())} in {len(titles)} articles"
        return lower_first(self.text())


class StoreCommand(Step):
    """A step through the annotation store."""

    def __init__(
        self,
        store: AnnotationStore,
        listener: Listener,
        text: str,
        steps: tuple[Callable[[], None], Callable[[], None]],
    ) -> None:
        super().__init__(listener, text, steps)
        self.store = store
        self.store_listener = listener

    def _notify(self) -> None:
        for article_id in sorted(self.article_ids):
            self.store_listener.changed(article_id)


class CreateAnnotation(StoreCommand):
    """A new highlight (or article note); undo deletes it, redo puts the same one back."""

    def __init__(
        self,
        store: AnnotationStore,
        listener: Listener,
        make: Callable[[], Annotation],
        text: str,
    ) -> None:
        super().__init__(store, listener, text, (self._do, self._undo))
        self._make = make
        self.annotation: Annotation | None = None

    def _do(self) -> None:
        if self.annotation is None:
            self.annotation = self._make()
            self.setText(f"{self.text()} {quoted(self.annotation)}")
        else:
            self.store.restore(self.annotation)
        self.article_ids = {self.annotation.article_id}
        self.focus_id = self.annotation.id

    def _undo(self) -> None:
        if self.annotation is not None:
            self.store.delete(self.annotation.article_id, self.annotation.id)


class DeleteAnnotation(StoreCommand):
    def __init__(self, store: AnnotationStore, listener: Listener, annotation: Annotation) -> None:
        super().__init__(store, listener, f"Delete {quoted(annotation)}", (self._do, self._undo))
        self.annotation = annotation
        self.article_ids = {annotation.article_id}
        self.focus_id = annotation.id

    def _do(self) -> None:
        self.annotation = self.store.delete(self.annotation.article_id, self.annotation.id)

    def _undo(self) -> None:
        self.store.restore(self.annotation)


class EditAnnotation(StoreCommand):
    """Recolour, retag or a note edit: undo and redo put back the whole annotation as it
    was (same modified time too), so nothing drifts between the file and the window."""

    def __init__(
        self,
        store: AnnotationStore,
        listener: Listener,
        before: Annotation,
        edit: Callable[[], Annotation],
        text: str,
        *,
        merge_key: str = "",
    ) -> None:
        super().__init__(store, listener, f"{text} {quoted(before)}", (self._do, self._undo))
        self.before = before
        self.after: Annotation | None = None
        self._edit = edit
        self._merge_key = merge_key
        self.article_ids = {before.article_id}
        self.focus_id = before.id

    def _do(self) -> None:
        if self.after is None:
            self.after = self._edit()
        else:
            self.store.restore(self.after)

    def _undo(self) -> None:
        self.store.restore(self.before)

    def id(self) -> int:
        """Consecutive edits of one note merge into one undo step (typing, pausing, typing)."""
        return NOTE_EDIT_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditAnnotation) or other._merge_key != self._merge_key:
            return False
        self.after = other.after
        return True


class RenameTag(StoreCommand):
    """Rename, merge or move a tag (its whole branch) across the library; undo puts back
    every annotation it touched and the codebook entries that moved with the branch."""

    def __init__(self, store: AnnotationStore, listener: Listener, old: str, new: str) -> None:
        merging = any(t.name.casefold() == new.casefold() for t in store.tags())
        text = f"Merge tag '{old}' into '{new}'" if merging else f"Rename tag '{old}' to '{new}'"
        super().__init__(store, listener, text, (self._do, self._undo))
        self.old = old
        self.new = new
        self.before = [a for a in store.all() if any(is_under(t, old) for t in a.tags)]
        self.article_ids = {a.article_id for a in self.before}
        self.codebook = Codebook(store.folder.parent)
        self.codes_before = self._branch_codes()

    def _branch_codes(self) -> list[Code]:
        return [
            c
            for c in self.codebook.codes()
            if is_under(c.name, self.old) or is_under(c.name, self.new)
        ]

    def _do(self) -> None:
        self.store.rename_tag(self.old, self.new)

    def _undo(self) -> None:
        self.store.save_all(self.before)
        for code in self._branch_codes():
            self.codebook.remove(code.name)
        if self.codes_before:
            self.codebook.merge(self.codes_before)


class EditCode(Step):
    """A tag's description or colour in the codebook. The file is written on the window's
    write worker (a codebook on a slow disk must not hold the window), so each step reports
    back through ``written`` when the file has it."""

    def __init__(
        self,
        listener: Revealer,
        tasks: TaskManager,
        codebook: Codebook,
        change: tuple[Code, Code],
        written: Callable[[str], None],
    ) -> None:
        before, after = change
        what = "colour" if before.description == after.description else "description"
        super().__init__(listener, f"Edit the {what} of tag '{after.name}'", (self._do, self._undo))
        self.tasks = tasks
        self.codebook = codebook
        self.before, self.after = before, after
        self.had_entry = any(key(c.name) == key(before.name) for c in codebook.codes())
        self.written = written

    def _reveal(self, *, done: bool) -> None:
        """Nothing to scroll to: ``written`` shows the tag when the file has changed."""

    def start(self, stack: QUndoStack) -> None:
        """The first write; the step enters the stack once the file has it, so a failed
        write (a read-only data folder) is reported and never becomes a step to undo."""
        self.write(self.after, "", stack)

    def write(self, code: Code, verb: str, stack: QUndoStack | None = None) -> None:
        codebook, name = self.codebook, code.name
        empty = not code.description and not code.colour

        def job() -> str:
            if empty and not self.had_entry:
                with contextlib.suppress(NotFound):
                    codebook.remove(name)
            else:
                codebook.set(name, description=code.description, colour=code.colour or "")
            return name

        def done(tag: str) -> None:
            if stack is not None:
                self.push_applied(stack)
            self.written(tag)

        def failed(exc: BaseException) -> None:
            if verb:
                self.setObsolete(True)
            self.listener.failed(exc, f"{verb} {lower_first(self.text())}" if verb else self.text())

        self.tasks.run_write(job, done, failed)

    def _do(self) -> None:
        self.write(self.after, "Redo")

    def _undo(self) -> None:
        self.write(self.before, "Undo")
