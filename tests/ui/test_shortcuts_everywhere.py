"""Every window shortcut runs its command from every pane: the search field, the library
list, the reader, the annotation sidebar and a note editor (Ctrl+E from the search field
exports; it did nothing on X11, where text fields bind Ctrl+E to "end of line")."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from tests.ui.shortcut_probe import missed, window_commands
from tests.ui.window_fixtures import AEGIS

ROOT = Path(__file__).resolve().parents[2]


def test_every_menu_command_is_a_window_shortcut(window: MainWindow) -> None:
    """Only the reader's single-letter keys (1-5, T, N, Delete) are kept to the reader."""
    commands = window_commands(window)
    assert {"export", "find", "next_hit", "focus_reader", "sync_index"} <= set(commands)
    for name, action in window.menu_actions.items():
        context = action.shortcutContext()
        if context == Qt.ShortcutContext.WidgetShortcut:
            assert all(len(s.toString()) <= 3 for s in action.shortcuts()), name
        else:
            assert context == Qt.ShortcutContext.WindowShortcut, name


def test_every_shortcut_works_from_every_pane(window: MainWindow) -> None:
    window.open_article(AEGIS)
    assert missed(window) == []


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run for an X server")
def test_ctrl_e_and_ctrl_k_from_text_fields_under_x11(workspace: Workspace, tmp_path: Path) -> None:
    """Under a real X server (where Ctrl+E is "end of line" in a text field)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            "xvfb-run",
            "-a",
            sys.executable,
            "-m",
            "tests.ui.shortcut_probe",
            str(workspace.library_dir),
            str(workspace.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-2000:]
    outcome = json.loads(lines[-1])
    assert outcome["platform"] == "xcb"
    assert outcome["missed"] == []


def test_copy_and_select_all_in_the_edit_menu(qtbot: QtBot, window: MainWindow) -> None:
    edit = [a.objectName() for a in window.menuBar().actions()[1].menu().actions()]
    assert "copy" in edit and "select_all" in edit
    window.open_article(AEGIS)
    window.reader.setFocus()
    window.menu_actions["select_all"].trigger()
    assert window.reader.textCursor().selectedText().startswith(window.current_article.title)
    window.reader.select_range(0, 5)
    window.menu_actions["copy"].trigger()
    assert QGuiApplication.clipboard().text() == window.reader.text[:5]
    view = window.library_pane.view
    view.setFocus()
    qtbot.waitUntil(lambda: view.hasFocus())
    window.menu_actions["copy"].trigger()
    assert QGuiApplication.clipboard().text() == window.current_article.title
