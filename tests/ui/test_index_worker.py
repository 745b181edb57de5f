"""Saves and index updates on workers of their own (issue 11): a highlight made while the
index worker is busy (a full build takes minutes at 250,000 articles) is saved and shown at
once, the index takes every save of the meantime in one commit when its turn comes, and a
search on screen shows the new tags then."""

import threading

from pytestqt.qtbot import QtBot
from whoosh.index import open_dir

from app.ui.window.main_window import MainWindow
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401
from tests.ui.window_fixtures import NATO

WAIT_MS = 10_000


def highlight_three(harness: Harness, tag: str) -> None:
    """Three words highlighted one after the other, tagged ``<tag>0`` to ``<tag>2``."""
    text = harness.reader.text
    for k, word in enumerate(["Stoltenberg", "Blinken", "security"]):
        start = text.index(word)
        harness.reader.select_range(start, start + len(word))
        harness.controller.highlight("yellow", tags=[f"{tag}{k}"])


def test_highlights_made_while_the_index_worker_is_busy_are_saved_and_shown_at_once(
    qtbot: QtBot, harness: Harness
) -> None:
    workspace = harness.workspace
    workspace.index.sync()
    before = open_dir(str(workspace.index_dir)).latest_generation()
    busy = threading.Event()
    harness.tasks.run_index(busy.wait)  # the index worker's turn is taken, as by a build
    try:
        harness.open()
        controller = harness.controller
        highlight_three(harness, "busy")
        qtbot.waitUntil(lambda: controller.model.rowCount() == 3, timeout=WAIT_MS)
        saved = harness.store.for_article(harness.nato)
        assert sorted(t for a in saved for t in a.tags) == ["busy0", "busy1", "busy2"]
        assert not controller.runner.idle()  # the index update waits behind the build
        assert workspace.index.search("tag:busy0").total == 0
    finally:
        busy.set()
    harness.settle()
    assert open_dir(str(workspace.index_dir)).latest_generation() == before + 1  # one commit
    for k in range(3):
        assert [h.id for h in workspace.index.search(f"tag:busy{k}").hits] == [harness.nato]


def test_a_tag_search_on_screen_shows_a_new_highlight_once_the_index_has_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not window.syncing, timeout=WAIT_MS)
    pane = window.search_pane
    pane.field.setText("tag:fresh-from-the-summit")
    with qtbot.waitSignal(pane.results_shown, timeout=WAIT_MS):
        pane.run_now()
    assert pane.model.rowCount() == 0
    assert window.open_article(NATO)
    start = window.reader.text.index("Stoltenberg")
    window.reader.select_range(start, start + len("Stoltenberg"))
    window.annotations.controller.highlight("green", tags=["fresh-from-the-summit"])
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=WAIT_MS)


def test_a_burst_of_highlights_is_committed_once_after_it(qtbot: QtBot, harness: Harness) -> None:
    """With nothing else running, the index commit waits for a pause in the saves: it ran
    beside each highlight's landing and repaint and stalled the GUI thread (26-34 ms for 50
    quick highlights). Three highlights made together are shown, then committed once."""
    workspace = harness.workspace
    workspace.index.sync()
    before = open_dir(str(workspace.index_dir)).latest_generation()
    harness.open()
    controller = harness.controller
    highlight_three(harness, "burst")
    qtbot.waitUntil(lambda: controller.model.rowCount() == 3, timeout=WAIT_MS)
    harness.settle()
    assert open_dir(str(workspace.index_dir)).latest_generation() == before + 1
    for k in range(3):
        assert [h.id for h in workspace.index.search(f"tag:burst{k}").hits] == [harness.nato]
