"""The orphan card (issue 12.1): what its place now reads, re-attach to a selection, delete,
and undo of each, through the real reader, sidebar, store and undo stack."""

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.annotations.sidebar.orphan_card import DELETE, REATTACH
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401

STOLTENBERG = "secretary-general-jens-stoltenberg"
QUOTE = "He added that the Allies"
NOW = "Mr Stoltenberg said allies"


def orphaned(h: Harness, qtbot) -> str:
    """A green highlight with a note, whose sentence is then rewritten in the file."""
    h.open(STOLTENBERG)
    start = h.reader.text.index(QUOTE)
    made = h.store.create(STOLTENBERG, start, start + len(QUOTE), colour="green", note="pledge?")
    path = h.workspace.library.get(STOLTENBERG).path
    markdown = path.read_text(encoding="utf-8")
    path.write_text(markdown.replace("He added that the Allies would", f"{NOW} would"))
    h.workspace.library.refresh()
    h.open(STOLTENBERG)
    qtbot.waitUntil(lambda: h.controller.sidebar.orphans.rowCount() == 1)
    return made.id


def stored(h: Harness) -> list[dict]:
    return json.loads(h.file(STOLTENBERG).read_text(encoding="utf-8"))["annotations"]


def click_button(h: Harness, qtbot, label: str) -> None:
    """Click a button painted on the (only) orphan card, where the delegate paints it."""
    sidebar = h.controller.sidebar
    view = sidebar.orphan_view
    index = sidebar.orphans.index(0, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    [rect] = [r for text, r in sidebar.orphan_delegate._buttons(option) if text == label]
    assert view.viewport().rect().contains(rect), "the button is cut off"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_orphan_card_says_what_its_place_now_reads(harness: Harness, qtbot) -> None:
    h = harness
    orphaned(h, qtbot)
    index = h.controller.sidebar.orphans.index(0, 0)
    assert index.data(AnnotationRole.QUOTE) == QUOTE
    assert index.data(AnnotationRole.NOW_READS) == NOW
    parts = h.controller.sidebar.orphan_delegate._parts(index)
    assert f"Now reads: “{NOW}”" in parts.explanation
    assert h.controller.sidebar.cards.rowCount() == 0
    assert not h.reader.extraSelections()  # "now reads" is shown, never highlighted


def test_reattach_needs_a_selection_then_moves_the_note_and_undo_puts_it_back(
    harness: Harness, qtbot
) -> None:
    h = harness
    annotation_id = orphaned(h, qtbot)
    sidebar = h.controller.sidebar
    click_button(h, qtbot, REATTACH)  # nothing selected in the reader: the button is off
    assert sidebar.orphans.rowCount() == 1 and h.stack.count() == 0
    start = h.reader.text.index(NOW)
    h.reader.select_range(start, start + len(NOW))
    assert sidebar.orphan_delegate.can_reattach
    click_button(h, qtbot, REATTACH)
    qtbot.waitUntil(lambda: sidebar.orphans.rowCount() == 0)
    [card] = [sidebar.cards.index(0, 0)]
    assert card.data(AnnotationRole.ID) == annotation_id
    assert card.data(AnnotationRole.QUOTE) == NOW
    assert card.data(AnnotationRole.NOTE) == "pledge?"
    assert card.data(AnnotationRole.STATUS) == "exact"
    [saved] = stored(h)
    assert saved["id"] == annotation_id
    assert [b["value"] for b in saved["body"] if b["purpose"] == "commenting"] == ["pledge?"]
    quote = next(s for s in saved["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == NOW
    assert [s.cursor.selectedText() for s in h.reader.extraSelections()] == [NOW]
    assert h.stack.undoText().startswith("Re-attach")
    h.stack.undo()
    qtbot.waitUntil(lambda: sidebar.orphans.rowCount() == 1)
    assert sidebar.orphans.index(0, 0).data(AnnotationRole.QUOTE) == QUOTE
    h.stack.redo()
    qtbot.waitUntil(lambda: sidebar.orphans.rowCount() == 0)
    assert sidebar.cards.index(0, 0).data(AnnotationRole.QUOTE) == NOW


def test_delete_removes_the_orphan_and_undo_brings_it_back_with_its_note(
    harness: Harness, qtbot
) -> None:
    h = harness
    annotation_id = orphaned(h, qtbot)
    sidebar = h.controller.sidebar
    click_button(h, qtbot, DELETE)
    qtbot.waitUntil(lambda: sidebar.orphans.rowCount() == 0)
    assert stored(h) == [] and not sidebar.orphan_view.isVisible()
    h.stack.undo()
    qtbot.waitUntil(lambda: sidebar.orphans.rowCount() == 1)
    index = sidebar.orphans.index(0, 0)
    assert index.data(AnnotationRole.ID) == annotation_id
    assert index.data(AnnotationRole.NOTE) == "pledge?"
    assert index.data(AnnotationRole.NOW_READS) == NOW


def test_the_orphan_card_fits_its_text_and_buttons_in_a_narrow_sidebar(
    harness: Harness, qtbot
) -> None:
    h = harness
    orphaned(h, qtbot)
    sidebar = h.controller.sidebar
    sidebar.setFixedWidth(260)
    qtbot.wait(50)
    view = sidebar.orphan_view
    index = sidebar.orphans.index(0, 0)
    rect = view.visualRect(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = rect
    buttons = [r for _text, r in sidebar.orphan_delegate._buttons(option)]
    assert all(rect.contains(b) for b in buttons)
    assert buttons[0].bottom() < buttons[1].top() or buttons[0].right() < buttons[1].left()
    assert rect.height() <= view.maximumHeight()
    assert view.viewport().rect().contains(QPoint(rect.left(), rect.bottom()))
