"""The tag library as a tree: counts rolled up, a branch's highlights, the codebook entry
(description and colour, written to codebook.json off the GUI thread, undoable), a drag that
moves a tag under another (undoable), and the co-occurrence tab (a cell lists its passages,
the table saves as CSV through the core)."""

import json
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit

from app.core.codebook import Code
from app.core.cooccurrence import article_cooccurrence, passage_cooccurrence
from app.core.render import render
from app.ui.tags.cooccurrence_model import COUNT_ROLE as CELL_COUNT
from app.ui.tags.cooccurrence_model import CooccurrenceModel
from app.ui.tags.highlights_model import ANNOTATION_ID_ROLE
from app.ui.tags.library_dock import TagLibrary
from app.ui.tags.tree_model import (
    COLOUR_ROLE,
    COUNT_ROLE,
    DESCRIPTION_ROLE,
    OWN_COUNT_ROLE,
    TAG_ROLE,
    TagTreeModel,
)
from app.ui.tasks.workers import TaskManager
from tests.ui.annotation_fixtures import (  # noqa: F401
    Harness,
    harness_fixture,
    when_dialog_opens,
)
from tests.ui.test_tag_library import (  # noqa: F401
    make_library,
    other_article,
    tag_some,
    tasks_fixture,
)


def tag_tree(h: Harness) -> dict[str, str]:
    """Four highlights under 'defence' at three levels, one elsewhere."""
    nato, other = h.nato, other_article(h)
    t1 = render(h.workspace.library.get(nato).body).text
    t2 = render(h.workspace.library.get(other).body).text

    def at(article_id: str, text: str, word: str, tags: list[str]) -> str:
        start = text.index(word)
        return h.store.create(article_id, start, start + len(word), tags=tags).id

    return {
        "top": at(nato, t1, "NATO", ["defence"]),
        "branch": at(nato, t1, "Russia", ["defence/missile-defence"]),
        "leaf1": at(other, t2, "Ukraine", ["defence/missile-defence/aegis-ashore"]),
        "leaf2": at(nato, t1, "summit", ["defence/missile-defence/aegis-ashore", "economy"]),
    }


def rows(library: TagLibrary, tag: str) -> set[str]:
    library.choose_tag(tag)
    model = library.highlights
    return {model.index(r).data(ANNOTATION_ID_ROLE) for r in range(model.rowCount())}


def codebook(h: Harness) -> dict[str, dict[str, str]]:
    path = h.workspace.data_dir / "codebook.json"
    if not path.exists():
        return {}
    return {c["tag"]: c for c in json.loads(path.read_text(encoding="utf-8"))["codes"]}


def test_the_tree_rolls_counts_up_and_a_branch_lists_everything_under_it(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    ids = tag_tree(h)
    library = make_library(h, qtbot, tasks)
    model = library.tags
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["defence", "economy"]
    defence = model.index_of("defence")
    branch = model.index(0, 0, defence)
    leaf = model.index(0, 0, branch)
    assert (branch.data(), leaf.data()) == ("missile-defence", "aegis-ashore")
    assert [i.data(COUNT_ROLE) for i in (defence, branch, leaf)] == [4, 3, 2]
    assert [i.data(OWN_COUNT_ROLE) for i in (defence, branch, leaf)] == [1, 1, 2]
    assert model.index(0, 1, defence).data() == "3"  # the count column of missile-defence
    assert library.tag_view.isExpanded(library.shown_tags.mapFromSource(branch))
    assert rows(library, "defence") == set(ids.values())
    assert rows(library, "defence/missile-defence") == {ids["branch"], ids["leaf1"], ids["leaf2"]}
    assert "below it" in str(defence.data(Qt.ItemDataRole.ToolTipRole))
    assert library.highlight_heading.text().endswith("· 3")
    qtbot.keyClicks(library.tag_filter, "aegis")  # a match keeps its branch on screen
    shown = library.shown_tags
    assert shown.rowCount() == 1
    assert shown.index(0, 0, shown.index(0, 0, shown.index(0, 0))).data(TAG_ROLE) == (
        "defence/missile-defence/aegis-ashore"
    )


def test_a_description_is_saved_to_the_codebook_shown_rendered_and_undone(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    tag_tree(h)
    library = make_library(h, qtbot, tasks)
    library.choose_tag("defence/missile-defence")

    def describe(dialog) -> None:
        dialog.findChild(QPlainTextEdit).setPlainText("Interceptors, **not** offence.")
        dialog.accept()

    when_dialog_opens(describe)
    with qtbot.waitSignal(library.sig_code_written, timeout=10_000):
        qtbot.mouseClick(library.code_panel.describe_button, Qt.MouseButton.LeftButton)
    assert codebook(h)["defence/missile-defence"]["description"] == (
        "Interceptors, **not** offence."
    )
    assert library.code_panel.browser.toPlainText().strip() == "Interceptors, not offence."
    assert (
        library.tags.index_of("defence/missile-defence")
        .data(DESCRIPTION_ROLE)
        .startswith("Interceptors")
    )
    assert h.stack.undoText() == "Edit the description of tag 'defence/missile-defence'"
    h.stack.undo()  # undo and redo land on the worker
    h.settle()
    assert codebook(h) == {}  # the tag had no entry before
    assert library.code_panel.browser.isHidden()  # no description: no space for one
    assert library.code_panel.describe_button.text() == "Describe…"
    h.stack.redo()  # undo and redo land on the worker
    h.settle()
    assert "**not**" in codebook(h)["defence/missile-defence"]["description"]


def test_a_colour_from_the_menu_is_saved_and_undone(harness: Harness, qtbot, tasks: TaskManager):
    h = harness
    tag_tree(h)
    library = make_library(h, qtbot, tasks)
    library.choose_tag("economy")
    menu = library.code_panel.colour_button.menu()
    assert isinstance(menu, QMenu)
    green = next(a for a in menu.actions() if a.text() == "Green")
    with qtbot.waitSignal(library.sig_code_written, timeout=10_000):
        green.trigger()
    assert codebook(h)["economy"]["colour"] == "#b8e6a0"
    index = library.tags.index_of("economy")
    assert index.data(COLOUR_ROLE) == "#b8e6a0"
    assert index.data(Qt.ItemDataRole.DecorationRole) == QColor("#b8e6a0")
    h.stack.undo()  # undo and redo land on the worker
    h.settle()
    assert "economy" not in codebook(h)
    assert not library.tags.index_of("economy").data(COLOUR_ROLE)


def test_a_failed_codebook_write_is_reported_and_never_becomes_a_step(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    tag_tree(h)
    library = make_library(h, qtbot, tasks)
    (h.workspace.data_dir / ".codebook.json.lock").mkdir()  # the write's lock cannot be taken
    library.set_code("economy", description="Money")
    qtbot.waitUntil(lambda: bool(h.errors), timeout=10_000)
    assert h.errors[-1][1] == "Edit the description of tag 'economy'"
    assert h.stack.count() == 0


def drag_onto(qtbot, library: TagLibrary, dragged: str, onto: str) -> None:
    """What a mouse drag delivers to the tree: enter, move and drop over the target row."""
    view = library.tag_view
    source = library.shown_tags.mapFromSource(library.tags.index_of(dragged))
    target = library.shown_tags.mapFromSource(library.tags.index_of(onto))
    data = library.shown_tags.mimeData([source])
    point = view.visualRect(target).center()
    action = Qt.DropAction.MoveAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point, action, data, buttons, none),
        QDragMoveEvent(point, action, data, buttons, none),
    ):
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    drop = QDropEvent(point.toPointF(), action, data, buttons, none, QEvent.Type.Drop)
    QApplication.sendEvent(view.viewport(), drop)


def test_dragging_a_tag_onto_another_moves_its_branch_under_it_undoably(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    ids = tag_tree(h)
    library = make_library(h, qtbot, tasks)
    library.set_code("defence/missile-defence/aegis-ashore", description="Japan's system")
    qtbot.waitUntil(lambda: bool(codebook(h)), timeout=10_000)
    drag_onto(qtbot, library, "defence/missile-defence", "economy")
    qtbot.waitUntil(lambda: library.tags.index_of("economy/missile-defence").isValid())
    h.settle()  # the rename's own callback (choosing the tag) runs once every view has read
    names = {t.name for t in h.store.tags()}
    assert names == {
        "defence",
        "economy",
        "economy/missile-defence",
        "economy/missile-defence/aegis-ashore",
    }
    assert library.current_tag() == "economy/missile-defence"
    assert list(codebook(h)) == ["economy/missile-defence/aegis-ashore"]
    assert h.stack.undoText() == "Rename tag 'defence/missile-defence' to 'economy/missile-defence'"
    h.stack.undo()
    h.settle()
    assert "defence/missile-defence/aegis-ashore" in {t.name for t in h.store.tags()}
    assert list(codebook(h)) == ["defence/missile-defence/aegis-ashore"]
    assert rows(library, "defence") == set(ids.values())
    # a drop that means nothing changes nothing: onto itself, or into its own branch
    model = library.tags
    mime = model.mimeData([model.index_of("defence")])
    assert model.move_target(mime, model.index_of("defence/missile-defence")) is None
    assert model.move_target(mime, model.index_of("defence")) is None
    leaf = model.mimeData([model.index_of("defence/missile-defence/aegis-ashore")])
    assert model.move_target(leaf, model.index_of("economy")) == "economy/aegis-ashore"
    assert model.move_target(leaf, model.index(-1, 0)) == "aegis-ashore"  # to the top


def test_cooccurrence_cells_list_their_passages_and_save_as_csv(
    harness: Harness, qtbot, tasks: TaskManager, tmp_path: Path
):
    h = harness
    ids = tag_some(h)  # b: both tags on one highlight; a and c: one each in the NATO article
    library = make_library(h, qtbot, tasks)
    pane = library.cooccurrence
    with qtbot.waitSignal(pane.sig_shown, timeout=10_000):
        library.tabs.setCurrentWidget(pane)
    view = pane.table_view
    cell = pane.cell_index("aegis-ashore", "alliance")
    assert cell.data() == "1" and cell.data(CELL_COUNT) == 1
    assert pane.cell_index("alliance", "alliance").data() == "–"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(cell).center())
    listed = {
        pane.passages.index(r).data(ANNOTATION_ID_ROLE) for r in range(pane.passages.rowCount())
    }
    assert listed == {ids["b"]}
    assert "1 passage" in pane.heading.text()
    with qtbot.waitSignal(pane.sig_shown, timeout=10_000):
        pane.unit_buttons["article"].click()
    cell = pane.cell_index("alliance", "aegis-ashore")
    assert view.currentIndex().data() == "2"  # the chosen cell stays chosen
    listed = {
        pane.passages.index(r).data(ANNOTATION_ID_ROLE) for r in range(pane.passages.rowCount())
    }
    assert listed == {ids["a"], ids["b"], ids["c"]}
    opened: list[tuple[str, str]] = []
    library.sig_open_annotation.connect(lambda a, b: opened.append((a, b)))
    first = pane.passages.index(0)
    pane.passage_view.setCurrentIndex(first)
    pane.passage_view.setFocus()
    qtbot.keyClick(pane.passage_view, Qt.Key.Key_Return)
    assert opened == [(first.data(Qt.ItemDataRole.UserRole + 1), first.data(ANNOTATION_ID_ROLE))]
    target = tmp_path / "together.csv"
    with qtbot.waitSignal(pane.exported, timeout=10_000):
        pane.export_csv(target)
    expected = article_cooccurrence(h.store).to_csv()
    assert target.read_bytes().decode("utf-8") == expected
    assert expected.startswith("tag,") and "\r\n" in expected


def test_tree_model_passes_the_model_tester(qtmodeltester):
    model = TagTreeModel()
    model.set_tags(
        {"defence": 1, "defence/missile-defence/aegis-ashore": 2, "Economy": 3, "a/b": 1},
        [Code("defence", "What armies do", "#ff0000")],
    )
    qtmodeltester.check(model, force_py=True)
    assert model.tags() == [
        "a",
        "a/b",
        "defence",
        "defence/missile-defence",
        "defence/missile-defence/aegis-ashore",
        "Economy",
    ]
    assert model.index_of("DEFENCE").data(DESCRIPTION_ROLE) == "What armies do"
    model.set_tags({}, [])  # the tester, connected, checks the reset and the empty tree
    assert model.rowCount() == 0 and not model.index_of("defence").isValid()


def test_cooccurrence_model_passes_the_model_tester(harness: Harness, qtmodeltester):
    h = harness
    tag_some(h)
    model = CooccurrenceModel()
    model.set_table(passage_cooccurrence(h.store), "passage")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == model.columnCount() == 2
    assert "1 passage tagged both" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0).data(CELL_COUNT) == 0
    model.set_table(article_cooccurrence(h.store), "article")  # checked by the tester
    assert "2 articles" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
