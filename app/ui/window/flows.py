"""The window's flows: import (menu and drag-and-drop), export, article details, links, help.

Kept apart from ``main_window`` so the window module stays about layout and state. Each flow
opens its dialog; the work itself happens in the core, on the task manager's threads. The
dialogs (and the importers and exporters behind them) are imported when first used, so they
cost nothing at start-up.
"""

import html
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui.library.undo_steps import record_import, write_details
from app.ui.window.message_bar import plural

if TYPE_CHECKING:
    from app.ui.export.export_dialog import ExportDialog
    from app.ui.library.details_dialog import DetailsDialog
    from app.ui.library.import_dialog import ImportDialog
    from app.ui.window.main_window import MainWindow
    from app.ui.window.shortcuts_dialog import ShortcutsDialog

SEARCH_KEYS = (
    "Search",
    [
        ("Move from the search field into the results", "Down"),
        ("Open the first result", "Enter"),
        ("Clear the search", "Esc"),
    ],
)


def _home() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)


class WindowFlows:
    """Import, export, details and the shortcuts list, for one window."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.import_dialog: ImportDialog | None = None
        self.last_folder = _home()

    def import_files(self) -> None:
        from app.core.importers.detect import IMPORTABLE_SUFFIXES

        patterns = " ".join(f"*{suffix}" for suffix in sorted(IMPORTABLE_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Import Articles",
            self.last_folder,
            f"Articles ({patterns});;All files (*)",
        )
        if files:
            self.run_import(files)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a Folder", self.last_folder)
        if folder:
            self.run_import([folder], ask=True)

    def run_import(self, paths: list[str] | list[Path], ask: bool = False) -> "ImportDialog":
        """Start an import on the write worker; the dialog shows progress, then the summary.

        With ``ask``, a folder import first offers the folder-tags choice and waits for its
        Import button."""
        from app.ui.library.import_dialog import ImportDialog

        chosen = [Path(p) for p in paths]
        self.last_folder = str(chosen[0].parent)
        dialog = ImportDialog(self.window.workspace, self.window.operations, chosen, self.window)
        dialog.import_finished.connect(lambda report: record_import(self.window, report))
        self.import_dialog = dialog
        dialog.show()
        if ask and any(p.is_dir() for p in chosen):
            dialog.ask_options()
        else:
            dialog.start()
        return dialog

    def export_annotations(self) -> "ExportDialog":
        from app.ui.export.export_dialog import ExportDialog

        window = self.window
        dialog = ExportDialog(
            window.workspace,
            window.tasks,
            current_article=window.current_article,
            current_query=window.search_pane.query(),
            style=window.settings.citation_style,
            parent=window,
        )
        dialog.exported.connect(
            lambda path, count: window.message_bar.show_message(
                f"{plural(count, 'annotation')} exported to {path}.",
                "info",
                timeout_ms=8000,
            )
        )
        dialog.show()
        return dialog

    def edit_details(self) -> "DetailsDialog | None":
        from app.ui.library.details_dialog import DetailsDialog

        window = self.window
        article = window.current_article
        if article is None:
            window.message_bar.show_message(
                "Open an article first; its details can then be edited.", "info", timeout_ms=6000
            )
            return None
        dialog = DetailsDialog(article, partial(write_details, window), window)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        workspace = self.window.workspace
        from app import __version__  # importlib.metadata: 70 ms of a start, asked here only

        QMessageBox.about(
            self.window,
            "About Readmark",
            f"<h3>Readmark {__version__}</h3><p>Read, search and annotate a library of news "
            f"articles, offline.</p><p>Library: {html.escape(str(workspace.library_dir))}<br/>"
            f"Data: {html.escape(str(workspace.data_dir))}</p>",
        )

    def open_external_link(self, url: QUrl) -> None:
        """Links never open by themselves: the user confirms before the browser starts."""
        if url.scheme() not in ("http", "https", "mailto"):
            self.window.message_bar.show_message(
                f"Readmark does not open links like {url.toString()}."
            )
            return
        answer = QMessageBox.question(
            self.window,
            "Open link",
            f"Open this link in your web browser?\n\n{url.toString()}",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(url)

    def show_shortcuts(self) -> "ShortcutsDialog":
        from app.ui.window.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.window.menuBar(), [SEARCH_KEYS], self.window)
        dialog.show()
        return dialog
