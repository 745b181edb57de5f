"""The version clusters of a started window: computed once at start, not again after a sync
that changed no article's text, and again after one that did. Real library files, a real
index, a real window (offscreen) and its write worker."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.article import Article, serialize_article
from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from tests.ui.test_story_ui import sorghum_articles
from tests.ui.window_fixtures import open_window

WAIT_MS = 20_000


def _synced(qtbot: QtBot, window: MainWindow) -> None:
    """One sync and the write worker's jobs after it (the clusters) all done."""
    with qtbot.waitSignal(window.index_synced, timeout=WAIT_MS):
        window.sync_index()
    qtbot.waitUntil(window.tasks.idle, timeout=WAIT_MS)


def test_clusters_are_computed_again_only_when_a_text_changed(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    for article_id, date, body in sorghum_articles():
        title = "Sorghum sales to the state buyer"
        workspace.library.add(Article(id=article_id, title=title, body=body + "\n", date=date))
    workspace.index.sync()
    window = open_window(qtbot, workspace, tmp_path)
    story = window.story
    qtbot.waitUntil(lambda: len(story.clusters) == 3, timeout=WAIT_MS)
    qtbot.waitUntil(window.tasks.idle, timeout=WAIT_MS)
    assert story.versions is not None
    labels = story.versions.labels

    _synced(qtbot, window)  # nothing changed on disk
    assert story.versions.labels is labels
    assert len(story.clusters) == 3

    edited = workspace.library.get("sorghum-3")
    edited.body = "Argentine grain shipments fell in the week, the board said. " * 4
    assert edited.path is not None
    edited.path.write_text(serialize_article(edited), encoding="utf-8")  # edited outside
    _synced(qtbot, window)
    assert story.versions.labels is not labels
    qtbot.waitUntil(lambda: len(story.clusters) == 2, timeout=WAIT_MS)
    assert "sorghum-3" not in story.clusters
