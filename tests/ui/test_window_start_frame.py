"""The start's background jobs wait for the window's first frame: a library opened from its
snapshot gets no list, no watcher thread and no saved-search counts while the window is
built, gets them once it is painted, and gets them anyway when no frame comes (a window
mapped where nobody looks). Real library files, a real index, a real window (offscreen)."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.library import Library
from app.core.workspace import Workspace
from app.ui.window.main_window import FIRST_FRAME_WAIT_MS, MainWindow
from app.ui.window.settings import WindowSettings

WAIT_MS = 15_000


@pytest.fixture
def from_snapshot(tmp_path: Path) -> Workspace:
    """A library of 12 articles, indexed, whose snapshot a first open saved; opened from it."""
    library_dir, data_dir = tmp_path / "library", tmp_path / "data"
    library = Library(library_dir)
    for n in range(12):
        library.add(Article(id=f"a{n:02d}", title=f"Harbour report {n}", body=f"Cranes {n}.\n"))
    with Workspace(library_dir, data_dir) as workspace:
        workspace.index.sync()
    return Workspace(library_dir, data_dir, verify_library=False)


def _window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> MainWindow:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(workspace, WindowSettings(store))
    qtbot.addWidget(window)
    return window


def test_the_start_jobs_begin_with_the_first_frame(
    qtbot: QtBot, from_snapshot: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, from_snapshot, tmp_path)
    qtbot.wait(50)  # the event loop runs, but nothing was painted yet
    assert not window.library_listed
    assert not window.external_edits._thread.is_alive()
    with qtbot.waitSignal(window.first_painted, timeout=WAIT_MS):
        window.show()
    qtbot.waitUntil(lambda: window.library_listed, timeout=WAIT_MS)
    assert window.library_pane.model.rowCount() == 12
    qtbot.waitUntil(lambda: window.external_edits.ready, timeout=WAIT_MS)
    window.close()


def test_a_window_never_painted_still_starts_its_jobs(
    qtbot: QtBot, from_snapshot: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, from_snapshot, tmp_path)
    with qtbot.waitSignal(window.first_painted, timeout=FIRST_FRAME_WAIT_MS + WAIT_MS):
        pass
    assert not window.isVisible()
    qtbot.waitUntil(lambda: window.library_listed, timeout=WAIT_MS)
    assert window.library_pane.model.rowCount() == 12
    window.close()
