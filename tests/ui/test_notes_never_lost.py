"""No way out of a note editor loses what was typed: every path is driven through the real
widgets and checked by reading the annotation file back from disk. Throwing a note away is a
separate "discard" action, and that is undoable."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.annotations.sidebar.note_editor import NoteEditor
from app.ui.annotations.sidebar.tag_editor import TagDialog
from app.ui.window.main_window import MainWindow
from tests.ui.annotation_fixtures import (  # noqa: F401
    Harness,
    harness_fixture,
    press,
    tags_of,
    when_dialog_opens,
)
from tests.ui.window_fixtures import AEGIS

PHRASE = "75th summit"
TYPED = "Check the *communique* wording"


def saved_in(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["annotations"] if path.exists() else []


def notes_in(path: Path) -> list[str]:
    """Every note in an annotation file: card notes and the note on the whole article."""
    return [
        body["value"]
        for annotation in saved_in(path)
        for body in annotation.get("body", [])
        if body.get("purpose") == "commenting"
    ]


def card_editor(h: Harness, qtbot: QtBot, phrase: str = PHRASE) -> NoteEditor:
    """Select ``phrase``, press N and wait for the card's note editor to have the cursor."""
    start = h.reader.text.index(phrase)
    h.reader.select_range(start, start + len(phrase))
    press(qtbot, h.reader, "n")
    h.settle()
    editor = h.controller.sidebar.open_editor()
    assert isinstance(editor, NoteEditor)
    qtbot.waitUntil(editor.hasFocus)
    return editor


def test_escape_right_after_typing_keeps_the_note(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, TYPED)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # well within the pause
    qtbot.waitUntil(lambda: h.controller.sidebar.open_editor() is None)
    assert notes_in(h.file()) == [TYPED]
    assert h.errors == []


def test_focus_leaving_the_card_keeps_the_note(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, TYPED)
    h.reader.setFocus()
    assert notes_in(h.file()) == [TYPED]


def test_clicking_another_card_keeps_the_note(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    start = h.reader.text.index("Stoltenberg")
    h.reader.select_range(start, start + len("Stoltenberg"))
    h.controller.highlight("blue")
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, TYPED)
    view = h.controller.sidebar.view
    other = next(
        view.model().index(row, 0)
        for row in range(view.model().rowCount())
        if view.model().index(row, 0).data(Qt.ItemDataRole.EditRole) != TYPED
        and view.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "Stoltenberg"
    )
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(other).center()
    )
    assert notes_in(h.file()) == [TYPED]


def test_switching_article_keeps_both_kinds_of_note(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, TYPED)
    h.controller.sidebar.article_note.setPlainText("On the whole article")
    other = next(a.id for a in h.workspace.library if a.id != h.nato)
    h.open(other)  # no focus change, no pause
    assert sorted(notes_in(h.file())) == sorted(["On the whole article", TYPED])
    assert not h.file(other).exists()


def test_a_crash_one_second_after_typing_finds_the_note_on_disk(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, TYPED)
    article_note = h.controller.sidebar.article_note
    article_note.setPlainText("Whole-article thought")
    qtbot.wait(1000)  # nothing else happens: no focus change, no close, then the crash
    assert sorted(notes_in(h.file())) == [TYPED, "Whole-article thought"]
    assert editor.hasFocus()  # saving did not take the editor away from the user


def test_typing_without_a_pause_is_still_saved_every_few_seconds(harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    for n in range(14):  # 14 x 250 ms, each key well inside the 400 ms pause
        qtbot.keyClicks(editor, "ab"[n % 2])
        qtbot.wait(250)
        if notes_in(h.file()):
            break
    assert notes_in(h.file()) and notes_in(h.file())[0].startswith("abab")


def test_discard_is_explicit_and_undoable(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    editor = card_editor(h, qtbot)
    qtbot.keyClicks(editor, "First thought")
    h.reader.setFocus()
    h.controller.sidebar.edit_note(h.controller.model.index(0, 0).data(AnnotationRole.ID))
    editor = h.controller.sidebar.open_editor()
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, ", then a regretted one")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Backspace,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert notes_in(h.file()) == ["First thought"]
    assert editor.toPlainText() == "First thought"
    assert h.stack.undoText().startswith("Discard note edit on")
    h.stack.undo()
    assert notes_in(h.file()) == ["First thought, then a regretted one"]
    h.stack.redo()
    assert notes_in(h.file()) == ["First thought"]


def test_article_note_escape_and_discard(harness: Harness, qtbot: QtBot):
    h = harness
    h.open()
    note = h.controller.sidebar.article_note
    press(qtbot, note, "Read again")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert notes_in(h.file()) == ["Read again"]
    h.reader.setFocus()
    press(qtbot, note, " before the summit")
    note.discard_action.trigger()
    assert notes_in(h.file()) == ["Read again"]
    assert note.toPlainText() == "Read again"
    h.stack.undo()
    assert notes_in(h.file()) == ["Read again before the summit"]


def test_tag_dialog_escape_keeps_the_tags_and_discard_drops_them(harness, qtbot: QtBot):
    h = harness
    h.open()
    start = h.reader.text.index(PHRASE)
    h.reader.select_range(start, start + len(PHRASE))

    def type_then(tags: str, finish):
        def act(dialog: TagDialog) -> None:
            dialog.findChild(QLineEdit, "tagField").setText(tags)
            finish(dialog)

        return act

    when_dialog_opens(type_then("summit, nato", lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape)))
    press(qtbot, h.reader, "t")
    [created] = saved_in(h.file())
    assert tags_of(created) == ["summit", "nato"]
    h.controller.go_to(created["id"])
    when_dialog_opens(type_then("changed", lambda d: d.discard_button.click()))
    press(qtbot, h.controller.sidebar.view, "t")
    assert tags_of(saved_in(h.file())[0]) == ["summit", "nato"]


# -- the window: closing it and Ctrl+Q ----------------------------------------------------


def note_typed_in_window(window: MainWindow, qtbot: QtBot) -> Path:
    window.open_article(AEGIS)
    reader = window.reader
    start = reader.text.index("Aegis Ashore")
    reader.select_range(start, start + len("Aegis Ashore"))
    press(qtbot, reader, "n")
    sidebar = window.annotations.controller.sidebar
    qtbot.waitUntil(lambda: sidebar.open_editor() is not None)  # once the highlight is saved
    editor = sidebar.open_editor()
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, TYPED)
    return window.workspace.annotations.path_for(AEGIS)


@pytest.mark.parametrize("how", ["close", "ctrl+q"])
def test_closing_the_window_keeps_the_note(window: MainWindow, qtbot: QtBot, how: str):
    path = note_typed_in_window(window, qtbot)
    assert notes_in(path) == []  # still only in the editor
    if how == "close":
        window.close()
    else:
        editor = QApplication.focusWidget()
        assert isinstance(editor, NoteEditor)
        qtbot.keyClick(editor, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert notes_in(path) == [TYPED]
