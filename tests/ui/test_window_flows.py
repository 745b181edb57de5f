"""Import, export and article details through the window's dialogs, on a real workspace."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from pytestqt.qtbot import QtBot

from app.core.library import read_article_file
from app.core.render import render
from app.core.workspace import Workspace
from app.ui.export.export_dialog import EXPORT_FORMATS
from app.ui.library.details_dialog import DetailsDialog
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import AEGIS, NATO


def test_import_of_a_folder_with_one_bad_file_shows_the_summary(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    story = (
        "---\ntitle: Harbour reopens after the storm\ndate: 2024-08-01\nsource: Coast Daily\n---\n"
        "The harbour of Port Ellen reopened on Thursday after a week of repairs.\n"
    )
    (inbox / "story.md").write_text(story, encoding="utf-8")
    (inbox / "story-copy.md").write_text(story, encoding="utf-8")
    (inbox / "broken.txt").write_bytes(bytes(range(256)) * 40)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        dialog = window.flows.run_import([inbox])
    qtbot.addWidget(dialog)
    report = dialog.report
    assert report is not None
    assert len(report.imported) == 1
    assert len(report.duplicates) == 1
    assert len(report.failed) == 1 and "broken.txt" in str(report.failed[0])
    headline = dialog.headline.text()
    assert headline == "1 imported, 1 skipped as already in the library, 1 failed."
    details = dialog.details.toPlainText()
    assert "broken.txt" in details and "Failed:" in details
    assert dialog.cancel_button.isHidden()
    assert window.library_pane.model.rowCount() == 6
    found = window.workspace.index.search("harbour", limit=5)
    assert [h.title for h in found.hits] == ["Harbour reopens after the storm"]


def test_cancelling_an_import_keeps_what_was_done(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(3):
        (inbox / f"note-{n}.md").write_text(f"# Note {n}\n\nText number {n}.\n", encoding="utf-8")
    dialog = window.flows.run_import([inbox])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.import_finished, timeout=30_000):
        dialog.reject()  # Esc while importing means Cancel
    assert dialog.report is not None
    assert dialog.isVisible()  # the summary stays up until the user closes it
    assert len(dialog.report.imported) + len(dialog.report.failed) <= 3


def test_export_markdown_notes_for_the_current_search(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    text = render(workspace.library.get(AEGIS).body).text
    start = text.index("Aegis Ashore")
    workspace.annotations.create(
        AEGIS, start, start + len("Aegis Ashore"), tags=["aegis-ashore"], note="Check the site."
    )
    workspace.annotations.create(NATO, 0, 10, colour="green")
    window.search_pane.field.setText('"Aegis Ashore"')
    dialog = window.flows.export_annotations()
    qtbot.addWidget(dialog)
    dialog.buttons_by_scope["search"].click()
    dialog.format.setCurrentIndex(dialog.format.findData("md"))
    target = tmp_path / "notes.md"
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
        dialog.export_to(target)
    assert exported.args == [target, 1]
    notes = target.read_text(encoding="utf-8")
    assert "Aegis Ashore" in notes and "Check the site." in notes and "#aegis-ashore" in notes
    assert "NATO Prepares" not in notes
    assert "1 annotation exported" in window.message_bar.text()


def test_export_into_a_missing_folder_says_so_and_stays_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = window.flows.export_annotations()
    qtbot.addWidget(dialog)
    assert set(EXPORT_FORMATS) == {dialog.format.itemData(i) for i in range(dialog.format.count())}
    with qtbot.waitSignal(window.tasks.task_failed, timeout=5_000, raising=False):
        dialog.export_to(tmp_path / "nowhere" / "notes.csv")
    qtbot.waitUntil(dialog.error.isVisible)
    assert "does not exist" in dialog.error.text()
    assert dialog.isVisible()


def details_of_bank_rates(qtbot: QtBot, window: MainWindow) -> DetailsDialog:
    """The details dialog of the article both details tests edit."""
    window.open_article("bank-rates-rise")
    dialog = window.flows.edit_details()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_edit_article_details_saves_front_matter_and_reindexes(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = details_of_bank_rates(qtbot, window)
    dialog.title.setText("Banks lift lending rates")
    dialog.tags.setText("finance, Rates, finance")
    dialog.date.setText("1987-03-03")
    with qtbot.waitSignal(window.index_synced, timeout=20_000):
        dialog.buttons.accepted.emit()
    article = window.workspace.library.get("bank-rates-rise")
    assert article.path is not None
    on_disk = read_article_file(article.path)
    assert on_disk.title == "Banks lift lending rates"
    assert on_disk.tags == ["finance", "Rates"]
    assert on_disk.date is not None and on_disk.date.isoformat() == "1987-03-03"
    assert "Bankers said banking margins improved" in on_disk.body
    hits = window.workspace.index.search("title:lending", limit=5).hits
    assert [h.id for h in hits] == ["bank-rates-rise"]
    assert window.status.saved.text().startswith("Details saved")
    assert window.reader.article is not None and window.reader.article.title.startswith(
        "Banks lift"
    )


def test_a_bad_date_or_a_failed_save_keeps_the_dialog_and_the_edits(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = details_of_bank_rates(qtbot, window)
    dialog.date.setText("March 1987")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()
    assert "March 1987" in dialog.error.text()
    dialog.date.setText("1987-03-02")
    dialog.title.setText("Edited title")
    path = window.current_article.path if window.current_article else None
    assert path is not None
    path.unlink()  # the file went away under us: the save cannot happen
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "does not exist" in dialog.error.text())  # saved on the worker
    assert dialog.isVisible()
    shown = dialog.error.text()
    assert dialog.error.isVisible() and str(path.parent) in shown and "does not exist" in shown
    assert dialog.title.text() == "Edited title"


def test_dropping_files_on_the_window_imports_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dropped = tmp_path / "dropped.md"
    dropped.write_text("# Rivers in spate\n\nThe rivers rose overnight.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    point = QPointF(window.width() / 2, window.height() / 2)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, buttons, keys)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        window.dropEvent(drop)
    dialog = window.flows.import_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.headline.text().startswith("1 imported")
    assert window.workspace.index.search("spate").total == 1
