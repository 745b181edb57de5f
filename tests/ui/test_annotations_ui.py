"""Highlighting, the sidebar and undo through the real widgets and a real store in tmp_path."""

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.core.annotations import AnnotationStore
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.annotations.sidebar.note_editor import NoteEditor
from tests.ui.annotation_fixtures import (  # noqa: F401
    Harness,
    harness_fixture,
    press,
    tags_of,
    when_dialog_opens,
    when_menu_opens,
)

PHRASE = "75th summit"


def saved(h: Harness) -> list[dict]:
    if not h.file().exists():
        return []
    return json.loads(h.file().read_text(encoding="utf-8"))["annotations"]


def select(h: Harness, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    text = h.reader.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    h.reader.select_range(start, start + len(phrase))
    return start, start + len(phrase)


def test_pressing_2_on_a_selection_makes_a_green_highlight_on_disk(harness: Harness, qtbot):
    h = harness
    h.open()
    start, end = select(h, PHRASE)
    press(qtbot, h.reader, "2")
    h.settle()
    [annotation] = saved(h)
    assert annotation["target"]["styleClass"] == "hl-green"
    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == PHRASE
    assert (
        selectors["TextPositionSelector"]["start"],
        selectors["TextPositionSelector"]["end"],
    ) == (start, end)
    # drawn in the reader in the theme's green, and a card in the sidebar
    [drawn] = [s for s in h.reader.extraSelections() if s.cursor.selectedText() == PHRASE]
    assert drawn.format.background().color().name() == h.reader.theme().highlights["green"]
    assert h.controller.model.rowCount() == 1
    assert h.controller.model.index(0, 0).data(AnnotationRole.QUOTE) == PHRASE
    assert h.stack.undoText().startswith("Highlight in green")


def test_undo_and_redo_change_the_file_back_and_forth(harness: Harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "1")
    h.settle()
    first = saved(h)
    assert len(first) == 1
    h.stack.undo()
    assert saved(h) == []
    assert h.controller.model.rowCount() == 0
    assert not h.reader.extraSelections()
    h.stack.redo()
    assert saved(h) == first  # the same annotation: id, times and all
    assert h.controller.model.rowCount() == 1


def test_keys_without_a_selection_recolour_and_delete_the_current_highlight(harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "1")
    h.settle()
    annotation_id = saved(h)[0]["id"]
    assert h.controller.go_to(annotation_id)
    press(qtbot, h.controller.sidebar.view, "4")
    assert saved(h)[0]["target"]["styleClass"] == "hl-pink"
    assert h.stack.undoText().startswith("Recolour to pink")
    h.controller.sidebar.view.setFocus()
    qtbot.keyClick(h.controller.sidebar.view, Qt.Key.Key_Delete)
    assert saved(h) == []
    h.stack.undo()
    assert saved(h)[0]["target"]["styleClass"] == "hl-pink"
    h.stack.undo()
    assert saved(h)[0]["target"]["styleClass"] == "hl-yellow"


def fill_tag_dialog(text: str) -> None:
    def answer(dialog) -> None:
        dialog.findChild(QLineEdit, "tagField").setText(text)
        dialog.accept()

    when_dialog_opens(answer)


def test_t_tags_the_selection_with_completion_from_the_library(harness: Harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    fill_tag_dialog("aegis-ashore, nato")
    press(qtbot, h.reader, "t")
    [annotation] = saved(h)
    assert tags_of(annotation) == ["aegis-ashore", "nato"]
    # retag the same highlight with T on its card; the dialog offers the library's tags
    h.controller.go_to(annotation["id"])
    seen: list[list[str]] = []

    def answer(dialog) -> None:
        field = dialog.findChild(QLineEdit, "tagField")
        model = field.completer().model()
        seen.append([model.index(r, 0).data() for r in range(model.rowCount())])
        field.setText(field.text() + ", summit")
        dialog.accept()

    when_dialog_opens(answer)
    press(qtbot, h.controller.sidebar.view, "t")
    assert seen == [["aegis-ashore", "nato"]]
    assert tags_of(saved(h)[0]) == ["aegis-ashore", "nato", "summit"]
    h.stack.undo()
    assert tags_of(saved(h)[0]) == ["aegis-ashore", "nato"]


def test_n_highlights_and_opens_the_note_which_saves_after_a_pause(harness: Harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "n")
    h.settle()
    editor = h.controller.sidebar.open_editor()
    assert isinstance(editor, NoteEditor)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "A **summit** note")
    qtbot.waitUntil(
        lambda: any(b.get("purpose") == "commenting" for b in saved(h)[0].get("body", []))
    )
    note = next(b for b in saved(h)[0].get("body", []) if b["purpose"] == "commenting")
    assert note == {
        "type": "TextualBody",
        "purpose": "commenting",
        "format": "text/markdown",
        "value": "A **summit** note",
    }
    assert editor.isVisible()  # saving did not close the editor under the user's fingers
    qtbot.keyClicks(editor, " more")
    h.reader.setFocus()  # focus-out saves at once
    assert next(b for b in saved(h)[0].get("body", []) if b["purpose"] == "commenting")[
        "value"
    ] == ("A **summit** note more")
    # the two saves are one undo step, which takes the note away entirely
    h.stack.undo()
    assert all(b.get("purpose") != "commenting" for b in saved(h)[0].get("body", []))


def test_clicking_a_highlight_selects_its_card_and_a_card_scrolls_and_flashes(harness, qtbot):
    h = harness
    h.open()
    ids = []
    for phrase in ("NATO", "security", "Russia"):
        select(h, phrase, occurrence=2)
        press(qtbot, h.reader, "3")
        h.settle()
        ids.append(saved(h)[-1]["id"])
    h.reader.verticalScrollBar().setValue(0)
    [security] = [e for e in h.controller.model.entries() if e.annotation.exact == "security"]
    h.reader.scroll_to_position(security.anchor.start)
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(h.reader.document())
    cursor.setPosition(h.reader.positions.to_qt(security.anchor.start + 2))
    qtbot.mouseClick(
        h.reader.viewport(), Qt.MouseButton.LeftButton, pos=h.reader.cursorRect(cursor).center()
    )
    assert h.controller.sidebar.current_id() == security.annotation.id
    h.reader.verticalScrollBar().setValue(h.reader.verticalScrollBar().maximum())
    sidebar = h.controller.sidebar
    [ukraine] = [e for e in h.controller.model.entries() if e.annotation.exact == "Russia"]
    row = sidebar.cards.mapFromSource(
        h.controller.model.index(h.controller.model.row_of(ukraine.annotation.id), 0)
    )
    rect = sidebar.view.visualRect(row)
    qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    flash = h.reader._layers.get("flash")
    assert flash and flash[0].cursor.selectedText() == "Russia"
    cursor.setPosition(h.reader.positions.to_qt(ukraine.anchor.start))
    assert 0 <= h.reader.cursorRect(cursor).top() <= h.reader.viewport().height()


def test_cards_are_in_text_order_and_filter_by_colour_and_tag(harness: Harness, qtbot):
    h = harness
    h.open()
    for phrase, key in (("Russia", "2"), ("NATO", "1"), ("security", "2")):
        select(h, phrase)
        press(qtbot, h.reader, key)
    h.settle()
    entries = h.controller.model.entries()
    assert [e.anchor.start for e in entries] == sorted(e.anchor.start for e in entries)
    sidebar = h.controller.sidebar
    sidebar.filters.colour_buttons["green"].setChecked(True)
    quotes = [
        sidebar.cards.index(r, 0).data(AnnotationRole.QUOTE)
        for r in range(sidebar.cards.rowCount())
    ]
    assert sorted(quotes) == ["Russia", "security"]
    assert "2 of 3" in sidebar.heading.text()
    sidebar.filters.colour_buttons["green"].setChecked(False)
    nato = next(e for e in entries if e.annotation.exact == "NATO").annotation
    h.store.set_tags(h.nato, nato.id, ["alliance"])
    h.controller.refresh()
    sidebar.filters.set_tag("alliance")
    assert sidebar.cards.rowCount() == 1
    assert sidebar.cards.index(0, 0).data(AnnotationRole.ID) == nato.id


def test_an_orphan_appears_in_its_own_section_after_the_text_changes(harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "5")
    h.settle()
    path = h.workspace.library.get(h.nato).path
    path.write_text(path.read_text(encoding="utf-8").replace("75th summit", "jubilee meeting"))
    h.workspace.library.refresh()
    h.open()
    sidebar = h.controller.sidebar
    assert sidebar.orphans.rowCount() == 1
    assert sidebar.orphans.index(0, 0).data(AnnotationRole.QUOTE) == PHRASE
    assert sidebar.cards.rowCount() == 0
    assert sidebar.orphan_view.isVisible() and "Orphaned" in sidebar.orphan_heading.text()
    sidebar.filters.colour_buttons["blue"].setChecked(True)
    sidebar.filters.set_tag("")
    assert sidebar.orphans.rowCount() == 1  # no filter hides an orphan
    assert not h.reader.extraSelections()


def test_a_note_on_the_whole_article(harness: Harness, qtbot):
    h = harness
    h.open()
    editor = h.controller.sidebar.article_note
    editor.setFocus()
    qtbot.keyClicks(editor, "Read again before the summit.")
    h.reader.setFocus()
    [note] = saved(h)
    assert note["motivation"] == "commenting"
    assert note["body"][0]["value"] == "Read again before the summit."
    h.open()
    assert h.controller.sidebar.article_note.toPlainText() == "Read again before the summit."
    assert h.controller.model.rowCount() == 0  # not a card
    h.stack.undo()
    assert saved(h) == []


def test_the_selection_bar_follows_the_selection_and_its_buttons_work(harness: Harness, qtbot):
    h = harness
    h.open()
    bar = h.controller.selection_bar
    assert not bar.isVisible()
    select(h, PHRASE)
    qtbot.waitUntil(bar.isVisible)
    labels = [b.defaultAction().objectName() for b in bar.buttons]
    assert labels[:5] == [f"highlight_{c}" for c in ("yellow", "green", "blue", "pink", "purple")]
    assert all(not b.icon().isNull() for b in bar.buttons[:5])
    selection = h.reader.cursorRect(h.reader.textCursor())
    assert abs(bar.geometry().bottom() - selection.top()) < 80  # next to the selection
    qtbot.mouseClick(bar.buttons[2], Qt.MouseButton.LeftButton)
    assert saved(h)[0]["target"]["styleClass"] == "hl-blue"
    qtbot.waitUntil(lambda: not bar.isVisible())  # the selection is gone, so is the bar


def test_the_context_menu_offers_the_highlight_actions(harness: Harness):
    h = harness
    h.open()
    select(h, PHRASE)
    shown: list[list[str]] = []

    def read_menu(menu) -> None:
        shown.append([a.objectName() for a in menu.actions() if a.objectName()])
        menu.close()

    when_menu_opens(read_menu)
    rect = h.reader.cursorRect(h.reader.textCursor())
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse,
        rect.center(),
        h.reader.viewport().mapToGlobal(rect.center()),
    )
    QApplication.sendEvent(h.reader.viewport(), event)
    assert shown and "highlight_green" in shown[0] and "annotate_note" in shown[0]


def test_notes_being_typed_are_saved_to_their_article_when_another_opens(harness: Harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "n")
    h.settle()
    editor = h.controller.sidebar.open_editor()
    qtbot.keyClicks(editor, "typed, not yet saved")
    article_note = h.controller.sidebar.article_note
    article_note.setPlainText("about the whole article")
    other = next(a.id for a in h.workspace.library if a.id != h.nato)
    h.open(other)  # no focus change, no pause: e.g. Alt+Down in the library
    bodies = [b for a in saved(h) for b in a.get("body", [])]
    assert sorted(b["value"] for b in bodies) == ["about the whole article", "typed, not yet saved"]
    assert h.errors == []
    assert h.controller.sidebar.article_note.toPlainText() == ""


def test_changes_made_by_another_process_show_up(harness: Harness, qtbot):
    h = harness
    h.open()
    select(h, PHRASE)
    press(qtbot, h.reader, "1")
    h.settle()
    other_process = AnnotationStore(h.store.folder, h.workspace.library)  # like the CLI
    text = h.reader.text
    start = text.index("Stoltenberg")
    other_process.create(h.nato, start, start + len("Stoltenberg"), colour="purple")
    qtbot.waitUntil(lambda: h.controller.model.rowCount() == 2, timeout=5000)
    assert sorted(e.annotation.colour for e in h.controller.model.entries()) == ["purple", "yellow"]


def test_highlighting_from_the_keyboard_alone(harness: Harness, qtbot):
    h = harness
    h.open()
    start = h.reader.text.index(PHRASE)
    h.reader.select_range(start, start)  # the caret, as after moving there with the arrows
    h.reader.setFocus()
    for _ in PHRASE:
        qtbot.keyClick(h.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert h.reader.selected_range() == (start, start + len(PHRASE))
    press(qtbot, h.reader, "2")
    h.settle()
    assert saved(h)[0]["target"]["styleClass"] == "hl-green"


def test_arrow_keys_through_the_cards_take_the_reader_along(harness: Harness, qtbot):
    h = harness
    h.open()
    for phrase in ("NATO", "Russia"):
        select(h, phrase, occurrence=2)
        press(qtbot, h.reader, "3")
        h.settle()
    view = h.controller.sidebar.view
    first = h.controller.model.entries()[0]
    assert h.controller.go_to(first.annotation.id)
    h.reader.set_selection_layer("flash", [])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    second = h.controller.model.entries()[1]
    assert h.controller.sidebar.current_id() == second.annotation.id
    assert h.reader._layers["flash"][0].cursor.selectedText() == second.annotation.exact
