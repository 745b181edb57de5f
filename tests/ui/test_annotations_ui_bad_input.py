"""Bad input in the window: corrupted files, vanished articles, huge notes, a read-only folder.

Each time the user is told in a plain sentence, the window keeps going and nothing the user
made is lost.
"""

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import CorruptFile, DiskProblem, NotFound
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.window.message_bar import describe_error
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401


def highlight(h: Harness, phrase: str, colour: str = "yellow") -> str | None:
    start = h.reader.text.index(phrase)
    h.reader.select_range(start, start + len(phrase))
    step = h.controller.highlight(colour)
    h.settle()  # the write runs on the worker; a refused one never lands
    made = getattr(step, "annotation", None)
    return made.id if made is not None else None


def test_annotation_file_corrupted_while_the_app_runs(harness: Harness):
    h = harness
    h.open()
    assert highlight(h, "Stoltenberg")
    h.file().write_text('{"format": "readmark-annotations", "annotations": [', encoding="utf-8")
    assert highlight(h, "Blinken", "green")
    [problem] = [exc for exc, _context in h.errors]
    assert isinstance(problem, CorruptFile)
    assert h.file().name in str(problem) and "set aside" in str(problem)
    set_aside = list(h.file().parent.glob(f"{h.file().name}.corrupt-*"))
    assert len(set_aside) == 1
    assert set_aside[0].read_text(encoding="utf-8").endswith('"annotations": [')
    annotations = json.loads(h.file().read_text(encoding="utf-8"))["annotations"]
    assert [a["target"]["styleClass"] for a in annotations] == ["hl-green"]
    assert h.controller.model.rowCount() == 1


def test_corrupted_file_found_when_opening_is_reported_not_shown(harness: Harness):
    h = harness
    h.file().parent.mkdir(parents=True, exist_ok=True)
    h.file().write_bytes(b"\x00\xff not json")
    h.open()
    assert any(isinstance(exc, CorruptFile) for exc, _ in h.errors)
    assert h.controller.model.rowCount() == 0
    assert list(h.file().parent.glob(f"{h.file().name}.corrupt-*"))


def test_article_file_deleted_while_shown(harness: Harness):
    h = harness
    h.open()
    kept = highlight(h, "Stoltenberg")
    nato = h.nato
    h.workspace.library.get(nato).path.unlink()
    h.workspace.library.refresh()
    assert highlight(h, "Blinken") is None
    [(problem, context)] = h.errors
    assert isinstance(problem, NotFound) and context == "Highlight in yellow"
    assert h.reader.text  # the text stays readable in the window
    assert h.reader.selected_range() is not None  # and the selection is still there
    annotations = json.loads(h.file(nato).read_text(encoding="utf-8"))["annotations"]
    assert [a["id"] for a in annotations] == [kept]  # its annotations are kept
    h.controller.refresh()
    orphan = h.controller.model.index(0, 0)
    assert orphan.data(AnnotationRole.ORPHAN)  # shown as an orphan, with its quote
    assert orphan.data(AnnotationRole.QUOTE) == "Stoltenberg"


def test_a_note_of_ten_thousand_characters(harness: Harness):
    h = harness
    h.open()
    annotation_id = highlight(h, "Stoltenberg")
    note = ("A long thought about the summit, with **Markdown** and a list:\n- item\n" * 200)[
        :10_000
    ]
    started = time.perf_counter()
    h.controller.save_note(annotation_id, note)
    h.controller.sidebar.view.viewport().grab()
    assert time.perf_counter() - started < 1.0
    saved = json.loads(h.file().read_text(encoding="utf-8"))["annotations"][0]
    assert next(b["value"] for b in saved["body"] if b["purpose"] == "commenting") == note
    index = h.controller.sidebar.cards.index(0, 0)
    assert index.data(AnnotationRole.NOTE) == note
    rect = h.controller.sidebar.view.visualRect(index)
    assert 0 < rect.height() < 400  # the card shows the start of the note, not all of it
    assert h.controller.sidebar.edit_note(annotation_id)
    editor = h.controller.sidebar.open_editor()
    assert editor is not None and editor.toPlainText() == note


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder unwritable, even for root (immutable flag) when tests run as root."""
    as_root = os.geteuid() == 0
    if as_root:
        if shutil.which("chattr") is None:
            pytest.fail("running as root needs chattr to make a folder read-only")
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_read_only_data_folder_tells_the_user_and_keeps_the_edit(harness: Harness, qtbot):
    h = harness
    h.open()
    annotation_id = highlight(h, "Stoltenberg")
    before = h.file().read_text(encoding="utf-8")
    folder = h.file().parent
    with read_only(folder):
        assert highlight(h, "Blinken", "green") is None
        problem, context = h.errors[-1]
        assert isinstance(problem, DiskProblem) and context == "Highlight in green"
        sentence, unexpected = describe_error(problem)
        assert not unexpected and "may not write there" in sentence and str(folder) in sentence
        assert h.reader.selected_range() is not None  # the selection is still there to retry
        assert h.controller.sidebar.edit_note(annotation_id)
        editor = h.controller.sidebar.open_editor()
        editor.setFocus()
        qtbot.keyClicks(editor, "Written while the folder was read-only")
        editor.save()
        assert isinstance(h.errors[-1][0], DiskProblem)
        assert h.file().read_text(encoding="utf-8") == before  # nothing half-written
        assert editor.toPlainText() == "Written while the folder was read-only"
        card = h.controller.model.index(h.controller.model.row_of(annotation_id), 0)
        assert card.data(AnnotationRole.NOTE) == "Written while the folder was read-only"
        assert h.stack.count() == 1  # failed changes never enter the undo stack
    editor.save()  # writable again: the kept edit is saved on the next save
    saved = json.loads(h.file().read_text(encoding="utf-8"))["annotations"][0]
    assert next(b["value"] for b in saved["body"] if b["purpose"] == "commenting") == (
        "Written while the folder was read-only"
    )


def test_corruption_by_another_program_is_reported_without_waiting_for_an_edit(
    harness: Harness, qtbot
):
    h = harness
    h.open()
    assert highlight(h, "Stoltenberg")
    h.file().write_text("not json at all", encoding="utf-8")
    qtbot.waitUntil(lambda: any(isinstance(exc, CorruptFile) for exc, _ in h.errors), timeout=5000)
    assert h.controller.model.rowCount() == 0
    assert list(h.file().parent.glob(f"{h.file().name}.corrupt-*"))
