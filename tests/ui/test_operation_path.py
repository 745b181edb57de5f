"""The operation path in the real window: every change runs as a core operation on the write
worker, never on the GUI thread, and each view refreshes itself from the changes hub."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.core.annotations import AnnotationStore
from app.core.ops.changes import Changes
from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from tests.ui.annotation_fixtures import wait_for_writes
from tests.ui.window_fixtures import NATO, open_window


class RecordingStore(AnnotationStore):
    """The real store, noting which thread each file write and index commit ran on."""

    def __init__(self, workspace: Workspace) -> None:
        self.threads: list[str] = []
        index = workspace.index
        commit = index.update_many_annotations

        def committed(changes: dict[str, tuple[list[str], str]]) -> bool:
            self.threads.append(f"index:{threading.current_thread().name}")
            return commit(changes)

        index.update_many_annotations = committed  # type: ignore[method-assign]
        super().__init__(
            workspace.annotations_dir, workspace.library, on_changes=workspace._annotations_changed
        )

    def _change_quietly(self, article_id: str, change: Callable[[list[Any]], Any]) -> Any:
        self.threads.append(f"file:{threading.current_thread().name}")
        return super()._change_quietly(article_id, change)


def recording_window(qtbot: QtBot, workspace: Workspace, folder: Path) -> MainWindow:
    workspace._annotations = RecordingStore(workspace)
    window = open_window(qtbot, workspace, folder)
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    return window


def select(window: MainWindow, phrase: str) -> None:
    start = window.reader.text.index(phrase)
    window.reader.select_range(start, start + len(phrase))


def test_highlight_recolour_delete_undo_and_redo_never_write_on_the_gui_thread(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = recording_window(qtbot, workspace, tmp_path)
    store = window.workspace.annotations
    assert isinstance(store, RecordingStore)
    controller = window.annotations.controller
    assert window.open_article(NATO)
    select(window, "Stoltenberg")
    controller.highlight("yellow")
    wait_for_writes(qtbot, window.operations)
    [made] = store.for_article(NATO)
    assert controller.go_to(made.id)
    controller.highlight("purple")  # no selection: recolour
    wait_for_writes(qtbot, window.operations)
    controller.delete(made.id)
    wait_for_writes(qtbot, window.operations)
    assert store.for_article(NATO) == []
    window.undo_stack.undo()
    wait_for_writes(qtbot, window.operations)
    assert [a.colour for a in store.for_article(NATO)] == ["purple"]
    window.undo_stack.redo()
    wait_for_writes(qtbot, window.operations)
    assert store.for_article(NATO) == []
    # five writes: each a file saved on the write worker and an index commit on the index
    # worker (one commit may take several saves)
    files = [t for t in store.threads if t.startswith("file:")]
    commits = [t for t in store.threads if t.startswith("index:")]
    assert len(files) >= 5 and 1 <= len(commits) <= len(files)
    assert all(t == "file:readmark-write_0" for t in files)
    assert all(t == "index:readmark-index_0" for t in commits)
    assert window.undo_stack.count() == 3


def test_a_highlight_reaches_the_sidebar_reader_tag_library_and_results_through_the_hub(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    published: list[Changes] = []
    window.hub.changed.connect(published.append)
    window.annotations.dock.show()
    assert window.open_article(NATO)
    select(window, "Stoltenberg")
    controller = window.annotations.controller
    controller.highlight("green", tags=["summitry"])
    assert controller.model.rowCount() == 0  # nothing is shown before the write lands
    wait_for_writes(qtbot, window.operations)
    assert frozenset().union(*(c.annotated for c in published)) == {NATO}
    assert controller.model.rowCount() == 1
    assert any(s.cursor.selectedText() == "Stoltenberg" for s in window.reader.extraSelections())
    assert "summitry" in window.annotations.tag_library.tags.tags()
    window.search_pane.field.setText("tag:summitry")
    with qtbot.waitSignal(window.search_pane.results_shown, timeout=10_000):
        window.search_pane.run_now()
    assert window.search_pane.model.rowCount() == 1


def test_a_details_edit_refreshes_the_list_row_and_the_open_article_from_the_hub(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert window.open_article(NATO)
    dialog = window.flows.edit_details()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.title.setText("Leaders meet in London")
    with qtbot.waitSignal(window.index_synced, timeout=20_000):  # changes.index: one sync
        dialog.buttons.accepted.emit()
    model = window.library_pane.model
    titles = [model.article(r).title for r in range(model.rowCount())]
    assert "Leaders meet in London" in titles
    assert window.reader.article is not None
    assert window.reader.article.title == "Leaders meet in London"
    assert [h.id for h in window.workspace.index.search("title:london").hits] == [NATO]
    window.undo_stack.undo()
    wait_for_writes(qtbot, window.operations)
    assert window.reader.article.title != "Leaders meet in London"


def test_a_codebook_edit_and_a_saved_search_refresh_their_views_from_the_hub(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert window.open_article(NATO)
    select(window, "Stoltenberg")
    window.annotations.controller.highlight("green", tags=["summitry"])
    wait_for_writes(qtbot, window.operations)
    library = window.annotations.tag_library
    window.annotations.dock.show()
    assert library.choose_tag("summitry")
    assert library.set_code("summitry", description="Meetings of leaders")
    wait_for_writes(qtbot, window.operations)
    assert library.tags.code("summitry").description == "Meetings of leaders"
    window.search_pane.field.setText("summit")
    saved = window.story.saved
    assert saved.save_current("Summits")
    wait_for_writes(qtbot, window.operations)
    qtbot.waitUntil(lambda: saved.model.names() == ["Summits"], timeout=10_000)
    window.undo_stack.undo()
    wait_for_writes(qtbot, window.operations)
    qtbot.waitUntil(lambda: saved.model.names() == [], timeout=10_000)
