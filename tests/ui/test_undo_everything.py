"""Undo that shows what it undoes, for every change a user can make, in the real window:
the affected article comes on screen first, the status bar says what was undone, the files
on disk and the search index follow, and Edit > Undo History steps back several at once."""

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.library import read_article_file
from app.core.trash import trash_dir
from app.ui.window.main_window import MainWindow
from tests.ui.annotation_fixtures import press
from tests.ui.window_fixtures import AEGIS, NATO, settle


def on_disk(window: MainWindow, article_id: str) -> list[dict]:
    settle(window)
    path = window.workspace.annotations.path_for(article_id)
    return json.loads(path.read_text(encoding="utf-8"))["annotations"] if path.exists() else []


def highlight(window: MainWindow, qtbot: QtBot, article_id: str, phrase: str, key: str) -> str:
    window.open_article(article_id)
    start = window.reader.text.index(phrase)
    window.reader.select_range(start, start + len(phrase))
    press(qtbot, window.reader, key)
    return next(a["id"] for a in on_disk(window, article_id) if a["target"]["selector"])


def last_paragraph_phrase(window: MainWindow, article_id: str) -> str:
    """Three words from the end of the article: far enough down that the reader scrolls."""
    text = window.workspace.library.get(article_id).body.strip()
    words = text.split()[-8:-5]
    return " ".join(words)


def hits(window: MainWindow, query: str) -> list[str]:
    settle(window)
    return [h.id for h in window.workspace.index.search(query, limit=10).hits]


def test_undo_brings_the_article_on_screen_first_and_says_what_it_undid(
    window: MainWindow, qtbot: QtBot
):
    window.resize(900, 500)
    phrase = last_paragraph_phrase(window, NATO)
    annotation_id = highlight(window, qtbot, NATO, phrase, "1")
    window.open_article(AEGIS)
    seen: list[tuple[str, int, int]] = []  # (article shown, scroll, highlights on disk)

    def look(*_args: object) -> None:
        shown = window.current_article.id if window.current_article else ""
        scroll = window.reader.verticalScrollBar().value()
        seen.append((shown, scroll, len(on_disk(window, NATO))))

    window.article_opened.connect(look)
    window.reader.verticalScrollBar().valueChanged.connect(look)
    window.menu_actions["undo"].trigger()
    settle(window)
    assert seen[0][0] == NATO and seen[0][2] == 1  # on screen while still highlighted
    assert any(shown == NATO and scroll > 0 and still == 1 for shown, scroll, still in seen)
    assert on_disk(window, NATO) == []
    title = window.workspace.library.get(NATO).title
    message = window.status.currentMessage()
    assert message.startswith(f"Undid: highlight in yellow “{phrase}” in “")
    assert title[:40] in message
    window.open_article(AEGIS)
    window.menu_actions["redo"].trigger()
    settle(window)
    assert window.current_article is not None and window.current_article.id == NATO
    assert [a["id"] for a in on_disk(window, NATO)] == [annotation_id]
    assert window.annotations.controller.sidebar.current_id() == annotation_id
    assert window.reader.verticalScrollBar().value() > 0
    assert window.status.currentMessage().startswith("Redid: highlight in yellow")


def test_details_edit_undo_and_redo_on_disk_and_in_the_index(window: MainWindow, qtbot: QtBot):
    window.open_article("bank-rates-rise")
    dialog = window.flows.edit_details()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.title.setText("Banks lift lending rates")
    dialog.tags.setText("finance")
    with qtbot.waitSignal(window.index_synced, timeout=20_000):
        dialog.buttons.accepted.emit()
    path = window.workspace.library.get("bank-rates-rise").path
    assert path is not None
    assert read_article_file(path).title == "Banks lift lending rates"
    window.open_article(AEGIS)
    with qtbot.waitSignal(window.index_synced, timeout=20_000):
        window.menu_actions["undo"].trigger()
        settle(window)
    assert window.current_article is not None and window.current_article.id == "bank-rates-rise"
    assert read_article_file(path).title == "Banks raise rates"
    assert read_article_file(path).tags == []
    assert window.reader.article is not None and window.reader.article.title == "Banks raise rates"
    assert hits(window, "title:lending") == []
    assert hits(window, "title:raise") == ["bank-rates-rise"]
    assert window.status.currentMessage().startswith("Undid: edit details of “Banks lift")
    with qtbot.waitSignal(window.index_synced, timeout=20_000):
        window.menu_actions["redo"].trigger()
        settle(window)
    assert read_article_file(path).title == "Banks lift lending rates"
    assert hits(window, "title:lending") == ["bank-rates-rise"]


def test_tag_rename_and_merge_undo(window: MainWindow, qtbot: QtBot):
    controller = window.annotations.controller
    first = highlight(window, qtbot, NATO, "75th", "2")
    controller.go_to(first)
    controller.ask_tags = lambda _known, _current: ["summit"]
    controller.tag()
    second = highlight(window, qtbot, AEGIS, "Aegis Ashore", "3")
    controller.go_to(second)
    controller.ask_tags = lambda _known, _current: ["missiles"]
    controller.tag()
    library = window.annotations.tag_library
    assert library.rename("summit", "missiles")  # a merge
    assert hits(window, "tag:summit") == []

    def tags(article_id: str) -> list[str]:
        return [b["value"] for b in on_disk(window, article_id)[0]["body"]]

    assert tags(NATO) == ["missiles"]
    window.open_article("bank-rates-rise")
    window.menu_actions["undo"].trigger()
    settle(window)
    assert tags(NATO) == ["summit"] and tags(AEGIS) == ["missiles"]
    assert window.current_article is not None and window.current_article.id == NATO
    assert window.status.currentMessage().startswith("Undid: merge tag 'summit' into 'missiles'")
    assert hits(window, "tag:summit") == [NATO]


def test_import_undo_moves_the_files_to_the_trash_and_redo_brings_them_back(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
):
    source = tmp_path / "incoming"
    source.mkdir()
    for name, text in (
        ("rivers.md", "# Rivers in spate\n\nThe rivers rose overnight.\n"),
        ("snow.md", "# Snow in April\n\nSnow fell on the orchards.\n"),
    ):
        (source / name).write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        dialog = window.flows.run_import([source])
    qtbot.addWidget(dialog)
    report = dialog.report
    assert report is not None and len(report.imported) == 2
    files = {item.id: item.path for item in report.imported}
    contents = {i: p.read_bytes() for i, p in files.items()}
    assert sorted(hits(window, "orchards OR rivers")) == sorted(files)
    window.open_article(report.imported[0].id)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        window.menu_actions["undo"].trigger()
        settle(window)
    assert not any(p.exists() for p in files.values())
    trashed = {p.name: p.read_bytes() for p in trash_dir(window.workspace.data_dir).rglob("*.md")}
    assert trashed == {p.name: contents[i] for i, p in files.items()}
    assert not any(i in window.workspace.library for i in files)
    assert hits(window, "orchards OR rivers") == []
    assert window.current_article is None and window.reader.article is None
    assert window.status.currentMessage() == "Undid: import of 2 articles"
    assert all(p.exists() for p in source.iterdir())  # the user's own files never moved
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        window.menu_actions["redo"].trigger()
        settle(window)
    assert {i: p.read_bytes() for i, p in files.items()} == contents
    assert sorted(hits(window, "orchards OR rivers")) == sorted(files)
    assert window.current_article is not None and window.current_article.id in files
    assert list(trash_dir(window.workspace.data_dir).rglob("*.md")) == []


def test_article_note_undo_shows_its_article(window: MainWindow, qtbot: QtBot):
    window.open_article(NATO)
    note = window.annotations.controller.sidebar.article_note
    press(qtbot, note, "Read before the summit")
    window.open_article(AEGIS)  # saves the note to NATO's file
    assert on_disk(window, NATO)[0]["body"][0]["value"] == "Read before the summit"
    window.menu_actions["undo"].trigger()
    settle(window)
    assert on_disk(window, NATO) == []
    assert window.current_article is not None and window.current_article.id == NATO
    assert note.toPlainText() == ""
    window.menu_actions["redo"].trigger()
    settle(window)
    assert note.toPlainText() == "Read before the summit"


def test_undo_history_steps_back_several_at_once(window: MainWindow, qtbot: QtBot):
    for phrase, key in (("75th", "1"), ("Summit", "2")):
        highlight(window, qtbot, NATO, phrase, key)
    highlight(window, qtbot, AEGIS, "Aegis Ashore", "3")
    window.menu_actions["undo_history"].trigger()
    history = window.undo_history
    qtbot.waitUntil(history.dock.isVisible)
    view = history.view
    assert view.model().rowCount() == 4  # "before your first change" and three steps
    assert view.model().index(1, 0).data().startswith("Highlight in yellow")
    window.open_article("bank-rates-rise")
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.undo_stack.index() == 0
    assert on_disk(window, NATO) == [] and on_disk(window, AEGIS) == []
    assert window.current_article is not None and window.current_article.id == NATO
    assert window.status.currentMessage().startswith("Undid: 3 steps, the earliest: highlight")
    rect = view.visualRect(view.model().index(2, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(on_disk(window, NATO)) == 2 and on_disk(window, AEGIS) == []
    assert window.status.currentMessage().startswith("Redid: 2 steps")
