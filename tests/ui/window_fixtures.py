"""A small real workspace for the window tests, and the window itself.

The library is written with ``Library.add`` (the real file format); its index is built once
per session and copied for each test. Each window gets its own ``QSettings`` file in
``tmp_path``, so no test reads or writes the user's preferences.
"""

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.library import Library
from app.core.workspace import Workspace
from app.ui.main_window import MainWindow
from app.ui.settings import WindowSettings
from tests.conftest import SEEDS, require_shared

AEGIS = "nato-summit-preview"
NATO = "nato-prepares-for-75th-summit"


def _seed_body(name: str, skip: int) -> str:
    lines = (require_shared(SEEDS) / name).read_text(encoding="utf-8").strip().splitlines()
    return "\n\n".join(line.strip() for line in lines[skip:] if line.strip()) + "\n"


def articles() -> list[Article]:
    return [
        Article(
            id=NATO,
            title="NATO Prepares for 75th Summit: Enhancing Global Security Amidst "
            "Emerging Threats",
            body=_seed_body("000_81b53dd98f06b5e6.txt", 2),
            author="Olga Nesterova",
            date=dt.date(2024, 6, 19),
            source="ONEST",
            tags=["nato"],
        ),
        Article(
            id=AEGIS,
            title="Stoltenberg: Supporting Ukraine Is NATO's Most Urgent Task",
            body=_seed_body("003_2d3196d12ea3c1c4.txt", 0).replace("date 2024-07-06 ", ""),
            date=dt.date(2024, 7, 5),
            source="ONEST",
            tags=["summit-preview", "nato"],
        ),
        Article(
            id="cafe-culture-in-zurich",
            title="Café culture in Zürich",
            body="The *café* owners of Zürich say naïve tourists love crème brûlée.\n",
            author="Renée Müller",
            date=dt.date(2023, 11, 2),
            source="Local Desk",
            tags=["cities"],
        ),
        Article(
            id="bank-rates-rise",
            title="Banks raise rates",
            body="Bankers said banking margins improved as the central bank raised rates.\n\n"
            "Analysts expect bankruptcies to fall.\n",
            author="Reuters Staff",
            date=dt.date(1987, 3, 2),
            source="Reuters",
        ),
        Article(
            id="undated-note",
            title="A note without a date",
            body="Nothing about missiles here, only a quiet afternoon.\n",
        ),
    ]


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
