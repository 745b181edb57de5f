"""The window freezes what its start left alive once the start's sync has landed, so a full
collection no longer walks it mid-highlight (issue 11's longest stall), and thaws it when
the window closes. A real window on a real library and index (offscreen)."""

import gc
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from tests.ui.window_fixtures import open_window


def test_the_start_heap_is_frozen_once_and_thawed_on_close(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    gc.unfreeze()
    window = open_window(qtbot, workspace, tmp_path)
    assert gc.get_freeze_count() == 0
    with qtbot.waitSignal(window.index_synced, timeout=15_000):
        window.start_sync()  # as the application does once the window shows
    frozen = gc.get_freeze_count()
    assert frozen > 0
    with qtbot.waitSignal(window.index_synced, timeout=15_000):
        window.sync_index()
    assert gc.get_freeze_count() <= frozen  # once: later syncs freeze nothing more
    window.close()
    assert gc.get_freeze_count() == 0
