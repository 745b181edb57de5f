"""A small real workspace for the window tests, and the window itself.

The library is written with ``Library.add`` (the real file format); its index is built once
per session and copied for each test. Each window gets its own ``QSettings`` file in
``tmp_path``, so no test reads or writes the user's preferences.
"""

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.library import Library
from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from app.ui.window.settings import WindowSettings
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, extra_articles, seed_articles

NATO, AEGIS = NATO_SUMMIT, URGENT_TASK  # the Aegis Ashore story is the urgent-task seed


def articles() -> list[Article]:
    """The search tests' library with both NATO stories tagged "nato" and one undated note."""
    nato, aegis = seed_articles()
    for article in (nato, aegis):
        article.tags.append("nato")
    undated = Article(
        id="undated-note",
        title="A note without a date",
        body="Nothing about missiles here, only a quiet afternoon.\n",
    )
    return [nato, aegis, *extra_articles(), undated]


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Library and data folders with a synced index, built once for the session."""
    root = tmp_path_factory.mktemp("window-workspace")
    library = Library(root / "library")
    for article in articles():
        library.add(article)
    with Workspace(root / "library", root / "data") as workspace:
        workspace.index.sync()
    return root


@pytest.fixture
def workspace(built_workspace: Path, tmp_path: Path) -> Iterator[Workspace]:
    shutil.copytree(built_workspace / "library", tmp_path / "library")
    shutil.copytree(built_workspace / "data", tmp_path / "data")
    with Workspace(tmp_path / "library", tmp_path / "data") as opened:
        yield opened


def settle(window: MainWindow, timeout: float = 10.0) -> None:
    """Wait until every write the window asked for has landed on disk and in the index and
    its result has reached the views (writes run on the write worker)."""
    deadline = time.monotonic() + timeout
    while not window.operations.idle():
        assert time.monotonic() < deadline, "the window's writes did not land"
        QApplication.processEvents()
        time.sleep(0.005)


def settings_in(folder: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))


def open_window(qtbot: QtBot, workspace: Workspace, folder: Path) -> MainWindow:
    window = MainWindow(workspace, settings_in(folder))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, workspace, tmp_path)
