"""Puts "follow a story" into the window: the timeline above the results, the saved
searches above the library list, related articles and versions under the reader, and the
versions of one story folded in the search results.

Everything is computed by the core off the GUI thread: timelines and related articles on
the search pool (each through a ``LatestOnly``, so only the newest answer is shown), the
version clusters on the write worker after each sync (they read the library an import
changes, and keep their signature cache in the data folder). The window calls
``install_story`` once and ``apply_theme`` on each theme change.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from app.core.article import Article
from app.core.related import Related, related
from app.core.timeline import Timeline, library_timeline, query_timeline
from app.core.versions import Versions
from app.ui.search.saved_search_steps import SavedSearchesUI
from app.ui.story.related_panel import RelatedPanel
from app.ui.story.versions_dialog import VersionsDialog
from app.ui.tasks.workers import LatestOnly, Outcome
from app.ui.themes import Theme

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

RELATED_SHOWN = 8
SAVE_KEYS = "Ctrl+S"


class StoryUI(QObject):
    """What the window holds on to for issue 17's parts."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        workspace = window.workspace
        pane = window.search_pane

        def timeline_of(query: str) -> Timeline:
            if query.strip():
                return query_timeline(workspace.index, query)
            return library_timeline(workspace.library)

        self.timelines: LatestOnly[str, Timeline] = LatestOnly(window.tasks, timeline_of, self)
        pane.set_timeline_runner(self.timelines)

        self.saved = SavedSearchesUI(window)
        pane.extras.addWidget(self.saved.view)
        self.save_button = QPushButton(pane)
        self.save_button.setObjectName("saveSearchButton")
        self.save_button.setText("Save")
        self.save_button.setToolTip(f"Save this search under a name ({SAVE_KEYS})")
        self.save_button.setAccessibleName("Save search")
        self.save_button.clicked.connect(lambda: self.saved.save_current())
        pane.field_row.addWidget(self.save_button)

        def related_to(article_id: str) -> list[Related]:
            return related(workspace.index, workspace.library, article_id, RELATED_SHOWN)

        self.panel = RelatedPanel()
        self.related: LatestOnly[str, list[Related]] = LatestOnly(window.tasks, related_to, self)
        self.related.finished.connect(self._show_related)
        self.related.failed.connect(lambda _id, _exc: self.panel.set_related([]))
        window.reader.set_footer(self.panel)
        self.panel.resized.connect(window.reader.place_footer)
        self.panel.open_requested.connect(window.open_article)
        self.panel.versions_requested.connect(self.show_versions)
        self.clusters: dict[str, list[str]] = {}  # article id -> its versions, newest first
        self.versions: Versions | None = None  # made and refreshed on the write worker
        self.dialog: VersionsDialog | None = None
        self.theme: Theme | None = None
        window.article_opened.connect(self._article_opened)
        window.index_synced.connect(lambda _report: self.refresh())
        # A library opened from its snapshot is caught up by the start's sync, which ends
        # in a refresh: its clusters (2 s of the write worker at 250,000 articles, taking
        # the GIL from the window being built) are computed then, once.
        # The first counts and timeline too wait for the window's first frame.
        window.first_painted.connect(lambda: self.refresh(clusters=workspace.library.verified))

    def refresh(self, clusters: bool = True) -> None:
        """After a sync or an import: counts of the saved searches, the version clusters,
        and the timeline of what is on screen."""
        self.saved.refresh()
        self.window.search_pane.refresh_timeline()
        if not clusters:
            return
        self.window.tasks.run_write(
            self._clusters_now,
            self._show_clusters,
            lambda exc: self.window.errors.report(exc, "Finding versions of the same story"),
        )

    def _clusters_now(self) -> list[list[str]] | None:
        """On the write worker (the only thread that touches ``versions``): the clusters,
        or None when no article's text changed since the last ones (a sync that found
        nothing new costs a look at the content hashes, 0.2 s at 250,000 articles)."""
        if self.versions is None:
            workspace = self.window.workspace
            self.versions = Versions(workspace.library, workspace.data_dir / "cache")
        elif not self.versions.refresh():
            return None
        return self.versions.clusters()

    def _show_clusters(self, clusters: list[list[str]] | None) -> None:
        if clusters is None:
            return
        self.clusters = {i: c for c in clusters for i in c}
        numbers = {i: n for n, c in enumerate(clusters) for i in c}
        self.window.search_pane.model.set_versions(numbers)
        current = self.window.current_article
        self.panel.set_versions(len(self.clusters.get(current.id, [])) if current else 0)

    def _article_opened(self, article: Article | None) -> None:
        if article is None:
            self.panel.set_related(None)
            self.panel.set_versions(0)
            return
        self.panel.set_loading()
        self.panel.set_versions(len(self.clusters.get(article.id, [])))
        self.related.submit(article.id)

    def _show_related(self, outcome: "Outcome[str, list[Related]]") -> None:
        current = self.window.current_article
        if current is not None and current.id == outcome.request:
            self.panel.set_related(outcome.result)

    def show_versions(self) -> VersionsDialog | None:
        """The open story's versions side by side (the open one on the right)."""
        current = self.window.current_article
        library = self.window.workspace.library
        ids = [i for i in self.clusters.get(current.id, []) if i in library] if current else []
        if len(ids) < 2:
            return None
        articles = [library.get(i) for i in ids]
        if self.dialog is not None:
            self.dialog.close()
        theme = self.theme or self.window.reader.theme()
        self.dialog = VersionsDialog(articles, theme, current.id if current else None, self.window)
        self.dialog.show()
        return self.dialog

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.saved.view.set_theme(theme)
        self.panel.set_theme(theme)


def install_story(window: "MainWindow") -> StoryUI:
    return StoryUI(window)
