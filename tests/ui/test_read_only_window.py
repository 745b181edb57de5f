"""The window on a data folder that has become read-only (a remounted disk): the article
reads, search answers from the index as it was saved, and a highlight attempt is refused in
one sentence in the message bar that names the folder, never a raw errno line."""

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from tests.disks import remount_read_only, tmpfs
from tests.ui.annotation_fixtures import wait_for_writes
from tests.ui.test_search_ui import type_query
from tests.ui.window_fixtures import NATO, open_window


def test_read_only_data_folder_reads_searches_and_explains_a_refused_highlight(
    qtbot: QtBot, built_workspace: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "disk", "32m") as disk:
        shutil.copytree(built_workspace / "library", disk / "library")
        shutil.copytree(built_workspace / "data", disk / "data")
        remount_read_only(disk)
        with Workspace(disk / "library", disk / "data") as workspace:
            window = open_window(qtbot, workspace, tmp_path)
            qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)

            assert window.open_article(NATO)
            assert "Stoltenberg" in window.reader.text

            type_query(qtbot, window, "Stoltenberg")
            assert window.search_pane.model.rowCount() >= 1

            start = window.reader.text.index("Stoltenberg")
            window.reader.select_range(start, start + len("Stoltenberg"))
            window.annotations.controller.highlight("yellow")
            wait_for_writes(qtbot, window.operations)
            assert window.undo_stack.count() == 0  # a refused write never becomes a step
            message = window.message_bar.text()
            assert window.message_bar.isVisible()
            assert str(disk / "data" / "annotations") in message
            assert "read-only disk" in message and "Errno" not in message
            assert message.count(". ") == 0 and message.endswith(".")  # one sentence
            assert window.reader.selected_range() is not None  # still there to retry
            assert not list((disk / "data" / "annotations").glob("*.json"))
            window.close()
