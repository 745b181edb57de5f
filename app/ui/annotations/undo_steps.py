"""Undoable changes: every step's first do, undo and redo is a core operation
(``app.core.ops``) run on the write worker through the window's ``OperationRunner``.

So the GUI thread never writes a file or waits on the index, and what each write changed
reaches every view through the ``ChangesHub`` (no step refreshes a view by hand). A step is
pushed on the stack only once its first do has landed (``start``): a change that fails (a
read-only data folder) is reported and never enters the stack, and the ``redo()`` that
``QUndoStack.push`` calls is skipped. A later undo or redo that fails is reported, and the
step makes itself obsolete and leaves the stack, instead of pretending. The single write
worker keeps every write in the order it was asked, so undo, redo and new edits of one
article never overtake each other.

Every undo and redo first brings what it changes on screen (the article, scrolled to the
highlight) and shows it again once the write has landed, so a step never acts out of sight.
"""

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.annotations import Annotation
from app.core.codebook import Code
from app.core.ops import annotating, coding
from app.core.ops.annotating import TagRename
from app.core.ops.changes import Done
from app.core.workspace import Workspace
from app.ui.annotations.sidebar.list_model import shorten
from app.ui.tasks.runner import OperationRunner

NOTE_EDIT_ID = 1001

Pair = tuple[Annotation | None, Annotation | None]  # one annotation before and after; None: absent


class Revealer(Protocol):
    """What every step tells the window: what to show, and what went wrong."""

    def reveal(self, article_ids: set[str], annotation_id: str | None, *, done: bool) -> None:
        """Show the articles (and scroll to the annotation) before the step, then after."""

    def failed(self, exc: BaseException, context: str) -> None: ...


def quoted(annotation: Annotation) -> str:
    return f"“{shorten(annotation.exact, 32)}”" if annotation.exact else "article note"


def lower_first(text: str) -> str:
    return f"{text[:1].lower()}{text[1:]}"


class Step(QUndoCommand):
    """One change: ``first`` makes it, ``forward`` redoes it, ``backward`` takes it back;
    each returns ``Done`` and runs on the write worker (they read only values the GUI set
    before asking). ``took`` and ``landed`` run on the GUI thread with their values.

    ``article_ids`` are the articles it changes and ``focus_id`` the annotation to scroll to;
    ``last`` is "Undo" or "Redo" after a real step (empty after the push), which is how the
    status bar tells a redo from a new change.
    """

    def __init__(
        self,
        runner: OperationRunner,
        view: Revealer,
        text: str,
        sides: tuple[Callable[[], Done[Any]], Callable[[], Done[Any]]],
    ) -> None:
        super().__init__(text)
        self.runner = runner
        self._forward, self._backward = sides
        self.listener = view
        self._applied_once = False
        self._stack: QUndoStack | None = None
        self.article_ids: set[str] = set()
        self.focus_id: str | None = None
        self.last = ""

    # -- what a kind of step defines ------------------------------------------------------

    def first(self) -> Done[Any]:
        """The first do (worker thread); by default the same as a redo."""
        return self._forward()

    def took(self, value: Any) -> bool:
        """The first do landed (GUI thread): keep what undo needs; False means it changed
        nothing and is no step."""
        return True

    def landed(self, verb: str, value: Any) -> None:
        """An undo or redo landed (GUI thread)."""

    # -- running ---------------------------------------------------------------------------

    def start(
        self,
        stack: QUndoStack,
        on_done: Callable[["Step"], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Make the change on the worker; the step enters ``stack`` once it has landed. A
        failure goes to ``on_error`` when given (it reports it), else to the window."""

        def done(value: Any) -> None:
            if not self.took(value):
                return
            self.push_applied(stack)
            if on_done is not None:
                on_done(self)

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                self.listener.failed(exc, self.text())

        self.runner.run(self.first, self.text(), done, failed)

    def push_applied(self, stack: QUndoStack) -> None:
        """Push a change that has already been made."""
        self._applied_once = True
        self._stack = stack
        stack.push(self)

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False
            return
        self._run_side(self._forward, "Redo")

    def undo(self) -> None:
        self._run_side(self._backward, "Undo")

    def _run_side(self, side: Callable[[], Done[Any]], verb: str) -> None:
        self.last = verb
        self._reveal(done=False)

        def done(value: Any) -> None:
            self.landed(verb, value)
            self._reveal(done=True)

        def failed(exc: BaseException) -> None:
            self.listener.failed(exc, f"{verb} {lower_first(self.text())}")
            self._leave_stack(verb)

        self.runner.run(side, verb, done, failed)

    def _leave_stack(self, verb: str) -> None:
        """A failed undo leaves the change made (a failed redo, taken back): the step is
        obsolete, and QUndoStack drops an obsolete step the next time it passes it, at once
        when it is still next to the stack's index (nothing was undone or redone since)."""
        self.setObsolete(True)
        stack = self._stack
        if stack is None:
            return
        index = stack.index()
        if verb == "Undo" and index < stack.count() and stack.command(index) is self:
            stack.redo()  # skips an obsolete step and drops it
        elif verb == "Redo" and index > 0 and stack.command(index - 1) is self:
            stack.undo()

    def _reveal(self, *, done: bool) -> None:
        self.listener.reveal(self.article_ids, self.focus_id, done=done)

    def summary(self, title_of: Callable[[str], str | None]) -> str:
        """What the step did, for the status bar: its text and the article it was in."""
        titles = [t for t in map(title_of, sorted(self.article_ids)) if t]
        if len(titles) == 1:
            return f"{lower_first(self.text())} in “{shorten(titles[0], 60)}”"
        if titles:
            return f"{lower_first(self.text())} in {len(titles)} articles"
        return lower_first(self.text())


def put(workspace: Workspace, gone: Annotation | None, wanted: Annotation | None) -> Done[int]:
    """Make one annotation ``wanted`` exactly (same id, content and times), or take ``gone``
    out when nothing is wanted: every undo and redo of an annotation step."""
    if wanted is not None:
        return annotating.restore(workspace, [wanted])
    if gone is None:
        return Done(0)
    return Done(1, annotating.delete(workspace, gone).changes)


def stored(workspace: Workspace, annotation: Annotation) -> Annotation:
    """The annotation as its file has it now (worker thread): what an undo puts back, so a
    note typed but not saved yet is never part of it."""
    for found in workspace.annotations.for_article(annotation.article_id):
        if found.id == annotation.id:
            return found
    return annotation


class AnnotationStep(Step):
    """Any change of one annotation, as the pair (before, after) where None means absent: a
    highlight or note made is (None, it), deleted (it, None), edited (as was, as is). Undo
    puts back ``before`` and redo ``after``, whole (same modified time too), so nothing
    drifts between the file and the window. ``make`` is the core operation's first do; its
    value is the pair. Consecutive edits with one ``merge_key`` (a note typed, a pause, more
    typing) merge into one step."""

    def __init__(
        self,
        runner: OperationRunner,
        view: Revealer,
        workspace: Workspace,
        text: str,
        make: Callable[[], Done[Pair]],
        *,
        merge_key: str = "",
    ) -> None:
        super().__init__(runner, view, text.replace(" {}", ""), (self.forward, self.backward))
        self._label = text  # "{}" stands for the annotation quoted, known once it landed
        self.workspace = workspace
        self._make = make
        self._merge_key = merge_key
        self.before: Annotation | None = None
        self.after: Annotation | None = None

    def first(self) -> Done[Pair]:
        return self._make()

    def took(self, value: Any) -> bool:
        self.before, self.after = value
        shown = self.after or self.before
        if shown is None or self.before == self.after:
            return False
        self.setText(self._label.replace("{}", quoted(shown)))
        self.article_ids = {shown.article_id}
        self.focus_id = shown.id
        return True

    @property
    def annotation(self) -> Annotation | None:
        """The annotation as the step left it (None once deleted)."""
        return self.after

    def forward(self) -> Done[int]:
        return put(self.workspace, self.before, self.after)

    def backward(self) -> Done[int]:
        return put(self.workspace, self.after, self.before)

    def id(self) -> int:
        return NOTE_EDIT_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AnnotationStep) or other._merge_key != self._merge_key:
            return False
        self.after = other.after
        return True


class RenameTag(Step):
    """Rename, merge or move a tag (its whole branch) across the library; undo puts back
    every annotation it touched and the codebook entries that moved with the branch."""

    def __init__(
        self, runner: OperationRunner, view: Revealer, workspace: Workspace, old: str, new: str
    ) -> None:
        sides = (self.forward, self.backward)
        super().__init__(runner, view, f"Rename tag '{old}' to '{new}'", sides)
        self.workspace = workspace
        self.old, self.new = old, new
        self.done: TagRename | None = None

    def first(self) -> Done[TagRename]:
        return annotating.rename_tag_undoably(self.workspace, self.old, self.new)

    def took(self, value: Any) -> bool:
        self.done = value
        if value.merged:
            self.setText(f"Merge tag '{self.old}' into '{self.new}'")
        self.article_ids = {a.article_id for a in value.annotations}
        return True

    def forward(self) -> Done[int]:
        return annotating.rename_tag(self.workspace, self.old, self.new)

    def backward(self) -> Done[int]:
        if self.done is None:
            return Done(0)
        return annotating.unrename_tag(self.workspace, self.done)


class EditCode(Step):
    """A tag's description or colour in the codebook."""

    def __init__(
        self,
        runner: OperationRunner,
        view: Revealer,
        workspace: Workspace,
        change: tuple[Code, Code],
        *,
        had_entry: bool,
    ) -> None:
        before, after = change
        what = "colour" if before.description == after.description else "description"
        sides = (self.forward, self.backward)
        super().__init__(runner, view, f"Edit the {what} of tag '{after.name}'", sides)
        self.workspace = workspace
        self.before, self.after = before, after
        self.had_entry = had_entry

    def _reveal(self, *, done: bool) -> None:
        """Nothing to scroll to: the tag library shows the entry when the file has it."""

    def forward(self) -> Done[Code]:
        return coding.put_code(self.workspace, self.after, keep_empty=self.had_entry)

    def backward(self) -> Done[Code]:
        return coding.put_code(self.workspace, self.before, keep_empty=self.had_entry)
