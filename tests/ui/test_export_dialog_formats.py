"""The export dialog offers the research formats: a vault folder and a REFI-QDA project."""

import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.export.formats import FORMATS
from app.core.render import render
from app.core.workspace import Workspace
from app.ui.export.export_dialog import EXPORT_FORMATS
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import AEGIS


def test_every_core_format_is_offered() -> None:
    assert tuple(EXPORT_FORMATS) == FORMATS


def test_export_a_vault_folder_and_a_project(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    text = render(workspace.library.get(AEGIS).body).text
    start = text.index("Aegis Ashore")
    workspace.annotations.create(AEGIS, start, start + 12, tags=["defence/missile-defence"])
    dialog = window.flows.export_annotations()
    qtbot.addWidget(dialog)
    for fmt, target in (("vault", tmp_path / "vault"), ("qdpx", tmp_path / "p.qdpx")):
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
            dialog.export_to(target)
        assert exported.args == [target, 1]
    assert (tmp_path / "vault" / f"{AEGIS}.md").read_text(encoding="utf-8").count("^ann-") == 1
    assert (tmp_path / "vault" / "tags" / "defence › missile-defence.md").exists()
    assert "project.qde" in zipfile.ZipFile(tmp_path / "p.qdpx").namelist()
