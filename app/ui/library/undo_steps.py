"""Undoable changes to the library itself: an article's details, an import.

They share ``Step`` with the annotation commands (apply once, reveal, report failures), and
talk to the window through ``WindowSteps``. Undoing an import never deletes a file: the core
moves the articles into the data folder's trash (``app.core.trash``) and redo moves them
back. Moving files runs on the window's write worker, after any index sync already queued,
because that sync reads the library the move changes.
"""

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.article import Article
from app.core.importers import ImportReport
from app.core.trash import TrashBatch, restore_articles, trash_articles
from app.core.workspace import Workspace
from app.ui.annotations.sidebar.list_model import shorten
from app.ui.annotations.undo_steps import Step, lower_first
from app.ui.window.message_bar import plural

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow


class WindowSteps:
    """What a library step asks of the window: show, refresh, run in the background."""

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

    def details_saved(self, article: Article) -> None:
        """New details on disk: the list row, the reader (at the same place), the index."""
        window = self.window
        window.status.mark_saved("Details saved")
        window.library_pane.model.update_article(article)
        if window.current_article is not None and window.current_article.id == article.id:
            fraction = window.reader.scroll_fraction()
            window.open_article(article.id)
            window.reader.set_scroll_fraction(fraction)
        window.sync_index()

    def articles_removed(self, article_ids: list[str]) -> None:
        window = self.window
        current = window.current_article
        if current is not None and current.id in article_ids:
            window.current_article = None
            window.reader.show_article(None)
            window.setWindowTitle("Readmark")
        window.sync_index()

    def articles_back(self, article_ids: list[str]) -> None:
        self.window.sync_index()
        if article_ids:
            self.window.open_article(article_ids[0])


class EditDetails(Step):
    """Title, author, date, source, URL and tags of one article (its front matter)."""

    def __init__(self, window: WindowSteps, workspace: Workspace, before: Article, after: Article):
        super().__init__(
            window, f"Edit details of “{shorten(after.title, 40)}”", (self._do, self._undo)
        )
        self.window = window
        self.library = workspace.library
        self.before = dataclasses.replace(before)
        self.after = dataclasses.replace(after)
        self.article_ids = {before.id}

    def _write(self, article: Article) -> None:
        written = dataclasses.replace(article)  # the library keeps the object it is given
        self.library.save_metadata(written)
        self.window.details_saved(written)

    def _do(self) -> None:
        self._write(self.after)

    def _undo(self) -> None:
        self._write(self.before)


class ImportArticles(Step):
    """The articles one import added. Undo takes them out into the trash; redo puts them
    back. The files move on the write worker, so the step reports back when done."""

    def __init__(self, window: WindowSteps, workspace: Workspace, article_ids: list[str]):
        super().__init__(
            window, f"Import of {plural(len(article_ids), 'article')}", (self._do, self._undo)
        )
        self.window = window
        self.workspace = workspace
        self.imported = list(article_ids)
        self.article_ids = set(article_ids)
        self.batch: TrashBatch | None = None  # set on the worker, read there only

    def _reveal(self, *, done: bool) -> None:
        """Nothing to scroll to: the articles come and go; ``articles_*`` show the result."""

    def summary(self, title_of: Callable[[str], str | None]) -> str:
        return lower_first(self.text())  # the articles are counted in the text

    def _undo(self) -> None:
        workspace, ids = self.workspace, self.imported

        def take_out() -> list[str]:
            self.batch = trash_articles(workspace.library, workspace.data_dir, ids)
            return self.batch.ids

        self._in_background(take_out, self.window.articles_removed, "Undo")

    def _do(self) -> None:
        library = self.workspace.library

        def put_back() -> list[str]:
            batch, self.batch = self.batch, None
            return restore_articles(library, batch) if batch is not None else []

        self._in_background(put_back, self.window.articles_back, "Redo")

    def _in_background(
        self, job: Callable[[], list[str]], done: Callable[[list[str]], None], verb: str
    ) -> None:
        self.window.window.tasks.run_write(
            job, done, lambda exc: self.window.failed(exc, f"{verb} {lower_first(self.text())}")
        )


def record_import(window: "MainWindow", report: object) -> None:
    """Put a finished import on the undo stack (a failed or empty one changed nothing)."""
    if isinstance(report, ImportReport) and report.imported:
        step = ImportArticles(window.undo_steps, window.workspace, report.ids)
        step.push_applied(window.undo_stack)


def record_details(window: "MainWindow", before: Article, after: Article) -> None:
    """The details dialog saved: show the new details and make the save undoable."""
    step = EditDetails(window.undo_steps, window.workspace, before, after)
    step.push_applied(window.undo_stack)
    window.undo_steps.details_saved(after)
