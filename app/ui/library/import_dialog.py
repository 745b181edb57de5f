"""Import progress, then a summary: what was imported, skipped as duplicate, or failed and why.

The import is the core operation ``import_files``, run on the write worker by the window's
``OperationRunner`` (so the hub tells every view, and the index is synced); the dialog
shows its progress and a Cancel button that sets the flag the importer polls. Whatever was
imported before a cancel stays imported (each article is its own atomic file).

A folder import may first ask (``ask_options``) whether the folder names should become tags;
they do not by default, since a folder name mostly repeats the source.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.importers import ImportReport
from app.core.ops.library_edits import import_files
from app.core.workspace import Workspace
from app.ui.tasks.runner import OperationRunner
from app.ui.tasks.workers import CancelFlag, ProgressRelay
from app.ui.widgets.safe_document import plain_label
from app.ui.window.message_bar import describe_error, plural

MAX_LISTED = 200


def summary_text(report: ImportReport) -> tuple[str, str]:
    """A one-line headline and the details (each failure with its reason)."""
    parts = [
        f"{len(report.imported)} imported",
        f"{len(report.duplicates)} skipped as already in the library",
        f"{len(report.failed)} failed",
    ]
    if report.ignored:
        parts.append(f"{plural(len(report.ignored), 'file')} ignored (not an article format)")
    if report.skipped:
        parts.append(f"{plural(len(report.skipped), 'file')} skipped (not an article)")
    headline = ", ".join(parts) + "."
    if report.cancelled:
        headline = "Import cancelled: " + headline
    lines: list[str] = []
    if report.failed:
        lines.append("Failed:")
        lines.extend(f"  {f}" for f in report.failed[:MAX_LISTED])
    if report.duplicates:
        lines.append("Already in the library:")
        lines.extend(f"  {d}" for d in report.duplicates[:MAX_LISTED])
    several = {f: n for f, n in report.articles_per_file().items() if n > 1}
    if several:
        lines.append("Files with several articles:")
        lines.extend(f"  {f}: {n} articles" for f, n in list(several.items())[:MAX_LISTED])
    if report.imported:
        lines.append("Imported:")
        for item in report.imported[:MAX_LISTED]:
            lines.append(f"  {item.source} → {item.path.name}")
            lines.extend(f"      {warning}" for warning in item.warnings)
    if report.skipped:
        lines.append("Skipped, not articles (import one by choosing the file itself):")
        lines.extend(f"  {s}" for s in report.skipped[:MAX_LISTED])
    if report.ignored:
        lines.append("Ignored:")
        lines.extend(f"  {p.name}" for p in report.ignored[:MAX_LISTED])
    return headline, "\n".join(lines)


class ImportDialog(QDialog):
    """One dialog, two states: progress with Cancel, then the summary with Close."""

    import_finished = Signal(object)  # the ImportReport, or the exception that stopped it

    def __init__(
        self,
        workspace: Workspace,
        operations: OperationRunner,
        paths: list[Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setMinimumWidth(480)
        self.workspace = workspace
        self.operations = operations
        self.paths = paths
        self.report: ImportReport | None = None
        self.started = False
        self.cancel_flag = CancelFlag()
        self.headline = plain_label(f"Importing {self._count_text()}…", self)
        self.headline.setWordWrap(True)
        self.current = plain_label(parent=self)
        self.current.setObjectName("hintLabel")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.hide()
        self.folder_tags = QCheckBox("Tag each article with the names of its folders", self)
        self.folder_tags.setObjectName("folderTags")
        self.folder_tags.setToolTip(
            "bbc/business/001.txt gets the tags bbc and business; "
            "leave it off when the folder name only repeats the source"
        )
        asks = any(p.is_dir() for p in paths)  # a folder import asks first; files start at once
        self.folder_tags.setVisible(asks)
        self.folder_tags.setEnabled(False)
        self.keyword_tags = QCheckBox("Tag web pages with the keywords they declare", self)
        self.keyword_tags.setObjectName("keywordTags")
        self.keyword_tags.setToolTip(
            "A page's keywords are kept in its details either way; as tags they mix the "
            "site's search-engine words with your own"
        )
        self.keyword_tags.setVisible(asks)
        self.keyword_tags.setEnabled(False)
        self.buttons = QDialogButtonBox(self)
        self.start_button: QPushButton | None = None
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop after the current file; what is imported stays")
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.folder_tags)
        layout.addWidget(self.keyword_tags)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.relay = ProgressRelay(self)
        self.relay.progress.connect(self._on_progress)

    def _count_text(self) -> str:
        if len(self.paths) == 1:
            return self.paths[0].name
        return f"{len(self.paths)} items"

    def ask_options(self) -> None:
        """Before a folder import: the folder-tags choice and an Import button that starts."""
        self.headline.setText(f"Import {self._count_text()}")
        self.bar.hide()
        self.folder_tags.setEnabled(True)
        self.keyword_tags.setEnabled(True)
        self.start_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)

    def start(self) -> None:
        """Import with the chosen options, showing the progress."""
        if self.start_button is not None:
            self.buttons.removeButton(self.start_button)
            self.start_button.deleteLater()
            self.start_button = None
        self.headline.setText(f"Importing {self._count_text()}…")
        self.bar.show()
        self.folder_tags.setEnabled(False)
        self.keyword_tags.setEnabled(False)
        workspace, paths, relay, cancel = self.workspace, self.paths, self.relay, self.cancel_flag
        folder_tags = self.folder_tags.isChecked()
        keyword_tags = self.keyword_tags.isChecked()
        self.started = True
        self.operations.run(
            lambda: import_files(
                workspace,
                paths,
                progress=relay,
                cancel=cancel,
                folder_tags=folder_tags,
                keyword_tags=keyword_tags,
            ),
            "Importing",
            self._done,
            self._failed,
        )

    def cancel(self) -> None:
        if not self.started:
            super().reject()  # asked, never started: nothing to stop
            return
        if self.report is None:
            self.cancel_flag.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText("Cancelling after the current file…")

    def reject(self) -> None:
        """Esc or the close button while importing means Cancel; afterwards, Close."""
        if self.report is None and self.started:
            self.cancel()
            return
        super().reject()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(0, total))
        if total:
            self.bar.setValue(min(done, total))
        if message and not self.cancel_flag:
            self.current.setText(message)

    def _done(self, report: ImportReport) -> None:
        self.report = report
        headline, details = summary_text(report)
        self._show_summary(headline, details)
        self.import_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.report = ImportReport()
        self._show_summary(f"Import stopped: {describe_error(exc)[0]}", "")
        self.import_finished.emit(exc)

    def _show_summary(self, headline: str, details: str) -> None:
        self.setWindowTitle("Import finished")
        self.headline.setText(headline)
        self.bar.hide()
        self.current.hide()
        self.details.setPlainText(details)
        self.details.setVisible(bool(details))
        self.buttons.removeButton(self.cancel_button)
        self.cancel_button.hide()
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        close.setDefault(True)
        close.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()
