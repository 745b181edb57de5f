"""Issue 11: after a write lands, the sidebar and the reader change only what changed.

Real widgets offscreen, a real store and index in tmp_path, writes on the real write worker.
Each view state is compared with what a fresh controller and reader show for the same store
(a full refresh), and the claims of incrementality are counted with signal spies: no model
reset, one publish for a burst of landings, one new highlight selection per new highlight.
"""

import re
import threading

from PySide6.QtGui import QUndoStack

from app.core.annotations import Placed, TagCount
from app.core.ops import annotating
from app.core.ops.changes import Changes, annotation_changes
from app.ui.annotations.controller import AnnotationController
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.reader.view import Reader
from app.ui.tags.library_dock import TagLibrary
from app.ui.tasks.hub import ChangesHub
from app.ui.tasks.runner import OperationRunner
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401

ROLES = (
    AnnotationRole.ID,
    AnnotationRole.COLOUR,
    AnnotationRole.TAGS,
    AnnotationRole.NOTE,
    AnnotationRole.START,
    AnnotationRole.END,
    AnnotationRole.STATUS,
)


def words(h: Harness, count: int) -> list[tuple[int, int]]:
    """``count`` long words of the shown article, in text order."""
    found = [m.span() for m in re.finditer(r"[A-Za-z]{6,}", h.reader.text)]
    return found[:count]


def cards(controller: AnnotationController) -> list[tuple[object, ...]]:
    model = controller.model
    return [
        tuple(model.index(row, 0).data(role) for role in ROLES) for row in range(model.rowCount())
    ]


def painted(reader: Reader) -> list[tuple[int, int, str]]:
    return sorted(
        (
            s.cursor.selectionStart(),
            s.cursor.selectionEnd(),
            s.format.background().color().name(),
        )
        for s in reader.layer("highlights")
    )


def assert_same_as_fresh(h: Harness) -> None:
    """What the views show equals a full refresh of the same store in new widgets."""
    h.settle()
    reader = Reader()
    runner = OperationRunner(h.tasks, ChangesHub(), lambda exc, what: None)  # hears nothing
    fresh = AnnotationController(h.workspace, runner, reader, QUndoStack())
    reader.show_article(h.reader.article)
    assert cards(h.controller) == cards(fresh)
    assert painted(h.reader) == painted(reader)
    for made in (fresh, fresh.sidebar, reader):  # its file watcher goes with it
        made.deleteLater()


def highlight(h: Harness, span: tuple[int, int], colour: str = "yellow") -> None:
    h.reader.select_range(*span)
    h.controller.highlight(colour)


def test_highlight_recolour_delete_undo_change_rows_in_place(harness: Harness, qtbot):
    h = harness
    h.open()
    spans = words(h, 4)
    for span in spans[:3]:
        highlight(h, span)
    h.settle()
    resets: list[int] = []
    h.controller.model.modelReset.connect(lambda: resets.append(1))
    inserted: list[tuple[int, int]] = []
    h.controller.model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    made = h.reader.highlight_layer.made

    highlight(h, spans[3], "green")
    assert_same_as_fresh(h)
    assert inserted == [(3, 3)] and h.reader.highlight_layer.made == made + 1
    new_id = h.controller.current_id
    assert h.controller.sidebar.current_id() == new_id

    h.controller.highlight("blue")  # no selection: recolours the current card
    assert_same_as_fresh(h)
    assert h.controller.model.index(3, 0).data(AnnotationRole.COLOUR) == "blue"
    assert h.controller.sidebar.current_id() == new_id

    first_id = h.controller.model.index(0, 0).data(AnnotationRole.ID)
    h.controller.delete(first_id)
    assert_same_as_fresh(h)
    assert h.controller.model.rowCount() == 3
    assert h.controller.sidebar.current_id() == new_id  # the selected card stays selected

    h.stack.undo()  # the delete
    assert_same_as_fresh(h)
    h.stack.undo()  # the recolour
    assert_same_as_fresh(h)
    assert h.controller.model.index(3, 0).data(AnnotationRole.COLOUR) == "green"
    assert resets == []  # every step above changed rows in place


def test_a_burst_of_landings_in_one_frame_is_one_refresh(harness: Harness, qtbot):
    h = harness
    h.open()
    spans = words(h, 8)
    hub = h.controller.runner.hub
    refreshes: list[Changes] = []
    hub.changed.connect(lambda changes: refreshes.append(changes) if changes.annotated else None)
    made = h.reader.highlight_layer.made
    for span in spans:
        highlight(h, span)
    # Every write has run (the worker runs them in order) before the GUI looks again: their
    # landings all wait in the event queue, as when the GUI thread was busy.
    h.tasks.run_write(lambda: None).result(timeout=10)
    h.settle()
    # one refresh of the annotated views (the index's commit lands on its own, as `indexed`)
    assert len(refreshes) == 1
    assert h.reader.highlight_layer.made == made + len(spans)
    assert h.controller.model.rowCount() == len(spans)
    assert_same_as_fresh(h)


def test_a_note_being_typed_stays_open_while_another_write_lands(harness: Harness, qtbot):
    h = harness
    h.open()
    first, second = words(h, 2)
    highlight(h, second)
    h.settle()
    shown_id = h.controller.current_id
    assert h.controller.sidebar.edit_note(shown_id)
    editor = h.controller.sidebar.open_editor()
    assert editor is not None
    editor.setPlainText("typed while a highlight lands")
    article_id = h.nato
    # A highlight made elsewhere (not selected here) lands as a row inserted above the card.
    h.controller.runner.run(
        lambda: annotating.highlight(h.workspace, article_id, first, colour="pink"), "test"
    )
    h.settle()
    assert h.controller.model.rowCount() == 2
    assert h.controller.sidebar.open_editor() is editor
    assert editor.toPlainText() == "typed while a highlight lands"
    assert h.controller.sidebar.current_id() == shown_id
    editor.save()
    h.settle()
    assert h.store.get(shown_id).note == "typed while a highlight lands"
    assert_same_as_fresh(h)


def test_a_note_being_typed_is_saved_when_a_new_highlight_takes_the_selection(harness, qtbot):
    h = harness
    h.open()
    first, second = words(h, 2)
    highlight(h, second)
    h.settle()
    shown_id = h.controller.current_id
    h.controller.sidebar.edit_note(shown_id)
    editor = h.controller.sidebar.open_editor()
    assert editor is not None
    editor.setPlainText("typed, then a new highlight")
    highlight(h, first)  # the new card becomes current and the editor closes: saved
    h.settle()
    assert h.controller.current_id != shown_id
    assert h.store.get(shown_id).note == "typed, then a new highlight"
    assert_same_as_fresh(h)


def test_the_hub_sends_one_union_per_turn_and_callbacks_after_it(qtbot):
    hub = ChangesHub()
    heard: list[object] = []
    hub.changed.connect(heard.append)
    hub.publish(annotation_changes("a", "x"))
    hub.after(lambda: heard.append("first done"))
    hub.publish(annotation_changes("b", "y"))
    hub.publish(Changes())  # nothing changed: nothing to send
    hub.after(lambda: heard.append("second done"))
    assert heard == [] and hub.pending()
    qtbot.waitUntil(lambda: not hub.pending())
    assert heard == [
        Changes(annotated=frozenset({"a", "b"}), annotations=frozenset({"x", "y"})),
        "first done",
        "second done",
    ]
    hub.after(lambda: heard.append("at once"))  # nothing waiting: runs now
    assert heard[-1] == "at once" and hub.published == 1


def test_the_tag_library_reads_the_tags_on_a_read_thread_after_a_write(
    harness: Harness, qtbot, monkeypatch
):
    h = harness
    library = TagLibrary(h.controller, h.tasks)
    qtbot.addWidget(library)
    library.show()
    qtbot.waitExposed(library)
    threads: list[str] = []
    real_tags = h.store.tags

    def noted() -> list[TagCount]:  # the real read, noting the thread it ran on
        threads.append(threading.current_thread().name)
        return real_tags()

    monkeypatch.setattr(h.store, "tags", noted)
    h.open()
    [span] = words(h, 1)
    h.reader.select_range(*span)
    h.controller.highlight("yellow", tags=["incremental"])
    h.settle()
    # the tag library's read on a read thread (the write itself may read tags on the worker)
    assert any(name.startswith("readmark-search") for name in threads)
    assert threading.main_thread().name not in threads
    assert library.tags.tags() == ["incremental"]
    assert library.current_tag() == "incremental"


def test_after_a_write_the_sidebar_reads_on_a_read_thread_and_then_selects_the_card(
    harness: Harness, qtbot, monkeypatch
):
    h = harness
    h.open()
    threads: list[str] = []
    real_placed = h.store.placed

    def noted(article_id: str) -> list[Placed]:  # the real read, noting its thread
        threads.append(threading.current_thread().name)
        return real_placed(article_id)

    monkeypatch.setattr(h.store, "placed", noted)
    chosen: list[str | None] = []
    [span] = words(h, 1)
    h.reader.select_range(*span)
    h.controller.highlight(
        "pink", then=lambda made: chosen.append(h.controller.sidebar.current_id())
    )
    h.settle()
    assert threads and all(name.startswith("readmark-search") for name in threads)
    assert chosen == [h.controller.current_id]  # ``then`` ran once the card was shown
    assert h.controller.model.rowCount() == 1
