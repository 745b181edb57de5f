"""Edits made outside Readmark while the window is open, by a REAL second process: the
reader, the list, the search results and the sidebar follow with no user action, a burst of
files costs one sync, and Readmark's own writes cost none."""

import subprocess
import sys
import textwrap
import time

from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from tests.conftest import ROOT
from tests.ui.window_fixtures import NATO

WAIT_MS = 5_000
QUIET = 0.8  # longer than the watcher's batching plus a sync of this small library


def second_process(code: str, *args: str) -> None:
    """Another program editing the folders: a fresh Python, nothing shared with the window."""
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        check=True,
        timeout=60,
        capture_output=True,
    )


def ready(qtbot: QtBot, window: MainWindow) -> list[object]:
    """Wait for the watcher and for what the test's own set-up wrote to be taken in; then
    count the syncs that follow."""
    qtbot.waitUntil(lambda: window.external_edits.ready, timeout=WAIT_MS)
    settle(qtbot, window)
    syncs: list[object] = []
    window.index_synced.connect(syncs.append)
    return syncs


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let any late change set and the sync it starts happen before counting."""
    qtbot.wait(int(QUIET * 1000))
    qtbot.waitUntil(lambda: not window.syncing, timeout=WAIT_MS)


def search(qtbot: QtBot, window: MainWindow, query: str) -> list[str]:
    pane = window.search_pane
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        pane.set_query(query)
        pane.run_now()
    return [pane.model.hit(row).id for row in range(pane.model.rowCount())]


REWRITE = """
    import os, sys
    path = sys.argv[1]
    text = open(path, encoding="utf-8").read()
    front, body = text.split("\\n---\\n", 1)
    new = front + "\\n---\\nA quixotic opening paragraph was added elsewhere.\\n\\n" + body
    with open(path + ".tmp~", "w", encoding="utf-8") as handle:
        handle.write(new)
    os.replace(path + ".tmp~", path)  # as editors save: a new file renamed over the old
"""


def test_an_article_edited_elsewhere_shows_at_once_with_scroll_and_highlights_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_article(NATO)
    article = window.current_article
    assert article is not None and article.path is not None
    controller = window.annotations.controller
    word = "Stoltenberg"
    start = window.reader.text.index(word)
    controller.store.create(NATO, start, start + len(word), colour="green")
    controller.refresh()
    qtbot.waitUntil(lambda: controller.model.rowCount() == 1, timeout=WAIT_MS)
    syncs = ready(qtbot, window)
    assert search(qtbot, window, "quixotic") == []
    window.reader.set_scroll_fraction(0.5)
    fraction = window.reader.scroll_fraction()
    assert 0.3 < fraction < 0.7, "the article must be long enough to scroll"

    began = time.perf_counter()
    second_process(REWRITE, str(article.path))
    qtbot.waitUntil(lambda: "quixotic opening" in window.reader.text, timeout=WAIT_MS)
    took = time.perf_counter() - began

    assert took < 2.0, f"the edit took {took:.2f} s to show"  # 1 s target; a loaded machine
    assert abs(window.reader.scroll_fraction() - fraction) < 0.05
    [placed] = controller.model.entries()
    assert placed.anchor is not None and placed.anchor.start is not None
    assert placed.anchor.start > start
    assert window.reader.text[placed.anchor.start : placed.anchor.end] == word
    qtbot.waitUntil(lambda: search(qtbot, window, "quixotic") == [NATO], timeout=WAIT_MS)
    settle(qtbot, window)
    assert len(syncs) == 1, [getattr(s, "summary", s) for s in syncs]


ADD = """
    import sys
    open(sys.argv[1], "w", encoding="utf-8").write(
        "---\\nid: pelican-report\\ntitle: A Pelican Report\\n---\\n\\nA pelican arrived.\\n"
    )
"""
RENAME = "import os, sys; os.rename(sys.argv[1], sys.argv[2])"
DELETE = "import os, sys; os.unlink(sys.argv[1])"


def test_added_renamed_and_deleted_files_update_the_list_and_search(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    window.open_article(NATO)
    ready(qtbot, window)
    rows = window.library_pane.model.rowCount
    before = rows()
    library = workspace.library_dir

    second_process(ADD, str(library / "pelican.md"))
    qtbot.waitUntil(lambda: rows() == before + 1, timeout=WAIT_MS)
    assert "pelican-report" in workspace.library
    # the list shows what the library read found before the index has caught up
    qtbot.waitUntil(lambda: search(qtbot, window, "pelican") == ["pelican-report"], timeout=WAIT_MS)

    shown = window.current_article
    assert shown is not None and shown.path is not None
    moved = library / "renamed-summit.md"
    second_process(RENAME, str(shown.path), str(moved))
    qtbot.waitUntil(
        lambda: window.current_article is not None and window.current_article.path == moved,
        timeout=WAIT_MS,
    )
    assert rows() == before + 1 and window.reader.text
    settle(qtbot, window)
    assert search(qtbot, window, "pelican") == ["pelican-report"]

    second_process(DELETE, str(library / "pelican.md"))
    qtbot.waitUntil(lambda: rows() == before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: search(qtbot, window, "pelican") == [], timeout=WAIT_MS)


BURST = """
    import sys
    from pathlib import Path
    folder = Path(sys.argv[1])
    for n in range(500):
        (folder / f"wire-{n:03}.md").write_text(
            f"---\\nid: wire-{n}\\ntitle: Wire story {n}\\n---\\n\\nBulletin number {n}.\\n",
            encoding="utf-8",
        )
"""


def test_a_sync_tool_writing_500_files_costs_one_sync(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    syncs = ready(qtbot, window)
    before = window.library_pane.model.rowCount()
    second_process(BURST, str(workspace.library_dir))
    qtbot.waitUntil(
        lambda: window.library_pane.model.rowCount() == before + 500, timeout=4 * WAIT_MS
    )
    settle(qtbot, window)
    assert len(syncs) == 1, [getattr(s, "summary", s) for s in syncs]
    assert workspace.index.search("bulletin").total == 500


ANNOTATE = """
    import sys
    from pathlib import Path
    from app.core.annotations.store import AnnotationStore
    from app.core.library import Library
    library, annotations, article = sys.argv[1:]
    store = AnnotationStore(Path(annotations), Library(Path(library)))  # no index: a 2nd machine
    store.create(article, 0, 4, colour="blue", note="checked against the communique")
"""


def test_an_annotation_written_by_another_process_shows_in_the_sidebar_and_search(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    window.open_article(NATO)
    controller = window.annotations.controller
    mine = controller.store.create(NATO, 10, 20, note="mine")
    controller.refresh()
    syncs = ready(qtbot, window)

    library, annotations = workspace.library_dir, workspace.annotations_dir
    second_process(ANNOTATE, str(library), str(annotations), NATO)
    qtbot.waitUntil(lambda: controller.model.rowCount() == 2, timeout=WAIT_MS)
    notes = {p.annotation.note for p in controller.model.entries()}
    assert notes == {"mine", "checked against the communique"}
    assert mine.id in {p.annotation.id for p in controller.model.entries()}
    qtbot.waitUntil(lambda: search(qtbot, window, "note:communique") == [NATO], timeout=WAIT_MS)
    settle(qtbot, window)
    assert len(syncs) == 1, [getattr(s, "summary", s) for s in syncs]


def test_readmarks_own_writes_cost_no_sync_and_no_redraw(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    """A highlight made in the window, and an outside edit already taken in by F5."""
    window.open_article(NATO)
    syncs = ready(qtbot, window)
    reloads: list[None] = []
    window.library_reloaded.connect(lambda: reloads.append(None))
    controller = window.annotations.controller
    start = window.reader.text.index("Stoltenberg")
    window.reader.select_range(start, start + len("Stoltenberg"))
    assert controller.highlight("yellow") is not None
    settle(qtbot, window)
    assert syncs == [] and reloads == []

    path = workspace.library_dir / "late.md"
    path.write_text("---\nid: late\ntitle: Late\n---\n\nA late wire.\n", encoding="utf-8")
    time.sleep(0.03)  # past the file clock's coarseness, as a person pressing F5 is
    window.sync_index()
    settle(qtbot, window)
    assert len(syncs) == 1 and "late" in workspace.library
