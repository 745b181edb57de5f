"""Presses every window shortcut from every pane of a real window and lists those that did
not run their command. Used in-process (offscreen) and, run as ``python -m
tests.ui.shortcut_probe LIBRARY DATA``, under a real X server, where text inputs bind
Ctrl+E and Ctrl+K to editing (the offscreen platform binds neither)."""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from app.ui.window.focus_commands import TEXT_INPUTS, TEXT_KEYS
from app.ui.window.main_window import MainWindow


def panes(window: MainWindow) -> dict[str, QWidget]:
    """The search field, the list, the reader, the card list and the article note editor."""
    notes = window.annotation_pane.findChildren(QPlainTextEdit)
    found: dict[str, QWidget] = {
        "search field": window.search_pane.field,
        "library list": window.library_pane.view,
        "reader": window.reader,
    }
    window.focus_annotations()
    focus = QApplication.focusWidget()
    if focus is not None and window.annotation_pane.isAncestorOf(focus):
        found["sidebar"] = focus
    if notes:
        found["article note"] = notes[-1]
    return found


def window_commands(window: MainWindow) -> dict[str, QAction]:
    """Every enabled menu command whose key works window-wide (the reader's 1-5, T, N and
    Delete are the reader's own: they would type into a field)."""
    return {
        name: action
        for name, action in window.menu_actions.items()
        if action.shortcuts()
        and action.isEnabled()
        and action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut
    }


def is_text_key(sequence: QKeySequence) -> bool:
    return any(sequence in QKeySequence.keyBindings(key) for key in TEXT_KEYS)


def missed(window: MainWindow) -> list[str]:
    """'pane: command (key)' for every shortcut that did not reach its command."""
    commands = window_commands(window)
    ran: list[str] = []
    for name, action in commands.items():
        action.triggered.disconnect()  # count instead of quitting, importing, exporting
        action.triggered.connect(lambda _checked=False, n=name: ran.append(n))
    failures = []
    for pane, widget in panes(window).items():
        for name, action in commands.items():
            for sequence in action.shortcuts():
                if isinstance(widget, TEXT_INPUTS) and is_text_key(sequence):
                    continue  # Ctrl+C in a field copies the field's text: the field's key
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                ran.clear()
                combination = sequence[0]
                QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())
                if ran != [name]:
                    failures.append(f"{pane}: {name} ({sequence.toString()})")
    return failures


def main(library: str, data: str) -> int:
    from app.core.workspace import Workspace
    from app.ui.window.settings import WindowSettings

    app = QApplication(sys.argv[:1])
    with Workspace(Path(library), Path(data)) as workspace:
        settings = WindowSettings(
            QSettings(str(Path(data) / "settings.ini"), QSettings.Format.IniFormat)
        )
        window = MainWindow(workspace, settings)
        window.show()
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        print(json.dumps({"platform": app.platformName(), "missed": missed(window)}))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
