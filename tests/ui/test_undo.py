"""Undo and redo through the window's stack restore the JSON on disk and the search index."""

import json

from app.ui.annotations.sidebar.list_model import AnnotationRole
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401


def on_disk(h: Harness) -> list[dict]:
    """The annotations in the article's file (no file and an empty file say the same)."""
    path = h.file()
    return json.loads(path.read_text(encoding="utf-8"))["annotations"] if path.exists() else []


def hits(h: Harness, query: str) -> list[str]:
    h.settle()
    return [hit.id for hit in h.workspace.index.search(query).hits]


def highlight(h: Harness, phrase: str, colour: str) -> str:
    start = h.reader.text.index(phrase)
    h.reader.select_range(start, start + len(phrase))
    step = h.controller.highlight(colour)
    assert step is not None
    h.settle()
    assert step.annotation is not None
    return step.annotation.id


def test_every_command_undoes_and_redoes_on_disk_and_in_the_index(harness: Harness):
    h = harness
    h.workspace.index.sync()
    h.open()
    states = [on_disk(h)]
    annotation_id = highlight(h, "Stoltenberg", "yellow")
    states.append(on_disk(h))
    h.controller.go_to(annotation_id)
    h.controller.highlight("purple")  # no selection: recolour the current one
    states.append(on_disk(h))
    h.controller.ask_tags = lambda _known, current: [*current, "aegis-ashore"]
    h.controller.tag()
    states.append(on_disk(h))
    assert hits(h, "tag:aegis-ashore") == [h.nato]
    h.controller.save_note(annotation_id, "Check the **transcript**.")
    states.append(on_disk(h))
    assert hits(h, "note:transcript") == [h.nato]
    h.controller.delete_current()
    states.append(on_disk(h))
    assert hits(h, "tag:aegis-ashore") == []
    texts = [h.stack.text(i) for i in range(h.stack.count())]
    assert [t.split(" ")[0] for t in texts] == ["Highlight", "Recolour", "Retag", "Edit", "Delete"]
    for expected in reversed(states[:-1]):
        h.stack.undo()
        h.settle()
        assert on_disk(h) == expected
    assert hits(h, "tag:aegis-ashore") == []
    for expected in states[1:]:
        h.stack.redo()
        h.settle()
        assert on_disk(h) == expected
    h.stack.undo()  # the delete
    h.settle()
    assert hits(h, "tag:aegis-ashore") == [h.nato]
    assert hits(h, "note:transcript") == [h.nato]
    assert h.controller.model.index(0, 0).data(AnnotationRole.COLOUR) == "purple"


def test_note_edits_while_typing_merge_into_one_step(harness: Harness):
    h = harness
    h.open()
    annotation_id = highlight(h, "Stoltenberg", "green")
    for text in ("A", "A note", "A note, longer"):
        h.controller.save_note(annotation_id, text)
        h.settle()
    assert h.stack.count() == 2
    note = [b["value"] for b in on_disk(h)[0]["body"] if b["purpose"] == "commenting"]
    assert note == ["A note, longer"]
    h.stack.undo()
    h.settle()
    assert "commenting" not in json.dumps(on_disk(h))
    h.stack.redo()
    h.settle()
    assert "A note, longer" in json.dumps(on_disk(h))


def test_undo_shows_what_it_will_undo(harness: Harness):
    h = harness
    h.open()
    highlight(h, "Stoltenberg", "blue")
    assert h.stack.undoText() == "Highlight in blue “Stoltenberg”"
    action = h.stack.createUndoAction(h.window, "&Undo")
    assert action.text() == "&Undo Highlight in blue “Stoltenberg”"
