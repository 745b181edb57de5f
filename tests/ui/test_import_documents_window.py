"""Documents through the window: the Import Files filter offers them, and a folder of a
periodical EPUB, a Word file and a zip bomb imports with a summary that says so."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.document_samples import SAMPLES, periodical_epub, zip_bomb_docx


def test_the_import_files_filter_offers_every_document_format(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []

    def choose_nothing(*args: Any) -> tuple[list[str], str]:
        offered.append(args[3])  # Qt's own dialog would wait for a person: record its filter
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose_nothing)
    window.flows.import_files()
    patterns = offered[0].split(";;")[0]
    for suffix in ("*.pdf", "*.epub", "*.docx", "*.odt", "*.rtf", "*.txt", "*.html"):
        assert suffix in patterns


def test_a_folder_of_documents_imports_with_a_summary(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "digest.epub").write_bytes(periodical_epub())
    (inbox / "bomb.docx").write_bytes(zip_bomb_docx(300))
    shutil.copyfile(SAMPLES / "office" / "harbour.docx", inbox / "harbour.docx")
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        dialog = window.flows.run_import([inbox])
    qtbot.addWidget(dialog)
    assert dialog.headline.text() == "4 imported, 0 skipped as already in the library, 1 failed."
    details = dialog.details.toPlainText()
    assert f"Files with several articles:\n  {inbox / 'digest.epub'}: 3 articles" in details
    assert "bomb.docx" in details and "zip bomb" in details
    found = window.workspace.index.search("cranes", limit=5)
    assert "Harbour cranes return to Rotterdam" in [h.title for h in found.hits]
