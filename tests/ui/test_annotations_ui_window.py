"""The annotation UI inside the real main window: the issue's "done when" flow from the keys
and the mouse, the tag library dock, the Edit menu's undo text, themes."""

import json

from PySide6.QtWidgets import QLineEdit

from app.ui.tags.highlights_model import ANNOTATION_ID_ROLE
from app.ui.themes import DARK
from app.ui.window.main_window import MainWindow
from tests.ui.annotation_fixtures import press, when_dialog_opens
from tests.ui.window_fixtures import AEGIS, settle

PHRASE = "Aegis Ashore"


def annotations(window: MainWindow) -> list[dict]:
    settle(window)
    path = window.workspace.annotations.path_for(AEGIS)
    return json.loads(path.read_text(encoding="utf-8"))["annotations"] if path.exists() else []


def test_search_open_highlight_tag_note_undo_redo_and_tag_library(window: MainWindow, qtbot):
    ui = window.annotations
    assert ui.controller.sidebar.parent() is window.annotation_pane
    hits = window.workspace.index.search(f'"{PHRASE}"').hits
    assert [h.id for h in hits] == [AEGIS]
    window.open_article(AEGIS, hits[0].positions)
    reader = window.reader
    start = reader.text.index(PHRASE)
    reader.select_range(start, start + len(PHRASE))
    press(qtbot, reader, "1")
    [created] = annotations(window)
    assert created["target"]["styleClass"] == "hl-yellow"

    def answer(dialog) -> None:
        dialog.findChild(QLineEdit, "tagField").setText("aegis-ashore")
        dialog.accept()

    ui.controller.go_to(created["id"])
    when_dialog_opens(answer)
    press(qtbot, ui.controller.sidebar.view, "t")
    press(qtbot, ui.controller.sidebar.view, "n")
    editor = ui.controller.sidebar.open_editor()
    qtbot.keyClicks(editor, "Japan cancelled the deployment.")
    editor.save()
    [saved] = annotations(window)
    bodies = {b["purpose"]: b["value"] for b in saved["body"]}
    assert bodies == {"tagging": "aegis-ashore", "commenting": "Japan cancelled the deployment."}
    assert [h.id for h in window.workspace.index.search("tag:aegis-ashore").hits] == [AEGIS]

    undo, redo = window.menu_actions["undo"], window.menu_actions["redo"]
    assert undo.text().startswith("&Undo Edit note on “Aegis Ashore”")
    undo.trigger()
    undo.trigger()
    assert "body" not in annotations(window)[0]
    redo.trigger()
    redo.trigger()
    assert annotations(window)[0]["body"] == saved["body"]

    toggle = window.menu_actions["tag_library"]
    assert toggle.shortcut().toString() == "Ctrl+Shift+T"
    toggle.trigger()
    library = ui.tag_library
    qtbot.waitUntil(library.isVisible)
    assert library.current_tag() == "aegis-ashore"
    assert library.highlights.index(0).data(ANNOTATION_ID_ROLE) == saved["id"]
    window.open_article("cafe-culture-in-zurich")
    library.highlight_view.setCurrentIndex(library.highlights.index(0))
    library.highlight_view.activated.emit(library.highlights.index(0))
    assert window.current_article.id == AEGIS
    assert ui.controller.sidebar.current_id() == saved["id"]


def test_the_edit_menu_lists_the_highlight_actions(window: MainWindow):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    highlight = next(a.menu() for a in edit.actions() if a.text() == "&Highlight")
    listed = [(a.objectName(), a.shortcut().toString()) for a in highlight.actions()]
    assert listed == [
        ("highlight_yellow", "1"),
        ("highlight_green", "2"),
        ("highlight_blue", "3"),
        ("highlight_pink", "4"),
        ("highlight_purple", "5"),
        ("annotate_tag", "T"),
        ("annotate_note", "N"),
        ("delete_highlight", "Del"),
    ]
    assert all(a.toolTip() for a in highlight.actions())


def test_errors_reach_the_message_bar_and_themes_reach_the_cards(window: MainWindow):
    window.open_article(AEGIS)
    ui = window.annotations
    ui.controller.sig_error.emit(OSError(28, "No space left on device"), "Highlighting")
    assert "Highlighting: Could not save: the disk is full" in window.message_bar.text()
    window.set_theme("dark")
    assert ui.controller.sidebar.delegate.theme is DARK
    icon = window.menu_actions["highlight_green"].icon()
    assert not icon.isNull()
