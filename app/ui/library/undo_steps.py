"""Undoable changes to the library itself: an article's details, an import.

They share ``Step`` with the annotation steps: each side is a core operation
(``app.core.ops.library_edits``) run on the write worker, and what it changed reaches the
list, the reader and the index through the window's ``ChangesHub``; no step refreshes a view
itself. Undoing an import never deletes a file: the core moves the articles into the data
folder's trash and redo moves them back. The single write worker runs these after any
index sync already queued, because that sync reads the library the move changes.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.article import Article
from app.core.ops import library_edits
from app.core.ops.changes import Done
from app.core.trash import TrashBatch
from app.core.workspace import Workspace
from app.ui.annotations.sidebar.list_model import shorten
from app.ui.annotations.undo_steps import Step, lower_first
from app.ui.tasks.runner import OperationRunner
from app.ui.window.message_bar import plural

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow


class WindowSteps:
    """What a library step asks of the window: to show an article, to report a failure."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window

    def failed(self, exc: BaseException, context: str) -> None:
        self.window.errors.report(exc, context)

    def reveal(self, article_ids: set[str], annotation_id: str | None, *, done: bool) -> None:
        """Open the step's article unless one of its articles is shown already."""
        window = self.window
        current = window.current_article
        if current is not None and current.id in article_ids:
            return
        shown = next((i for i in sorted(article_ids) if i in window.workspace.library), None)
        if shown is not None:
            window.open_article(shown)


class EditDetails(Step):
    """Title, author, date, source, URL and tags of one article (its front matter)."""

    def __init__(
        self,
        runner: OperationRunner,
        window: WindowSteps,
        workspace: Workspace,
        change: tuple[Article, Article],
    ) -> None:
        before, after = change
        text = f"Edit details of “{shorten(after.title, 40)}”"
        super().__init__(runner, window, text, (self.forward, self.backward))
        self.workspace = workspace
        self.before, self.after = before, after
        self.article_ids = {before.id}

    def forward(self) -> Done[Article]:
        return library_edits.save_details(self.workspace, self.after)

    def backward(self) -> Done[Article]:
        return library_edits.save_details(self.workspace, self.before)


class ImportArticles(Step):
    """The articles one import added. Undo takes them out into the trash; redo puts them
    back and shows the first."""

    def __init__(
        self,
        runner: OperationRunner,
        window: WindowSteps,
        workspace: Workspace,
        article_ids: list[str],
    ) -> None:
        text = f"Import of {plural(len(article_ids), 'article')}"
        super().__init__(runner, window, text, (self.forward, self.backward))
        self.window = window
        self.workspace = workspace
        self.imported = list(article_ids)
        self.article_ids = set(article_ids)
        self.batch: TrashBatch | None = None  # set when an undo lands; read by the next redo

    def _reveal(self, *, done: bool) -> None:
        """Nothing to scroll to: the articles come and go (``landed`` shows them back)."""

    def summary(self, title_of: Callable[[str], str | None]) -> str:
        return lower_first(self.text())  # the articles are counted in the text

    def backward(self) -> Done[TrashBatch]:
        return library_edits.trash(self.workspace, self.imported)

    def forward(self) -> Done[list[str]]:
        batch = self.batch
        if batch is None:
            return Done([])
        return library_edits.untrash(self.workspace, batch)

    def landed(self, verb: str, value: Any) -> None:
        if isinstance(value, TrashBatch):
            self.batch = value
        elif value:
            self.batch = None
            self.window.window.open_article(value[0])


def record_import(window: "MainWindow", report: object) -> None:
    """Put a finished import on the undo stack (a failed or empty one changed nothing)."""
    from app.core.importers import ImportReport  # every reader module: not at window start

    if isinstance(report, ImportReport) and report.imported:
        step = ImportArticles(window.operations, window.undo_steps, window.workspace, report.ids)
        step.push_applied(window.undo_stack)


def write_details(
    window: "MainWindow",
    change: tuple[Article, Article],
    saved: Callable[[Article], None],
    failed: Callable[[BaseException], None],
) -> None:
    """The details dialog's Save: written on the worker, then an undoable step."""
    step = EditDetails(window.operations, window.undo_steps, window.workspace, change)

    def landed(_step: Step) -> None:
        window.status.mark_saved("Details saved")
        saved(change[1])

    step.start(window.undo_stack, landed, failed)
