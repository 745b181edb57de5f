"""File > Export annotations: a format, what to include, then where to save it.

The selection, the formats and the atomic write are the core's (``app.core.export``, the
same calls as the CLI's ``export``); this dialog only gathers the choices. The export runs
on the write worker so a large library never freezes the window.
"""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.annotations import COLOURS
from app.core.article import Article
from app.core.export.styles import DEFAULT_STYLE
from app.core.ops.exporting import ExportFilter, export_annotations
from app.core.workspace import Workspace
from app.ui.tasks.workers import TaskManager
from app.ui.widgets.error_label import ErrorLabel
from app.ui.window.message_bar import describe_error

SCOPES = ("all", "article", "tag", "colour", "search")


@dataclass(frozen=True)
class FormatChoice:
    label: str
    extension: str


EXPORT_FORMATS = {  # the core's format names, as the save dialog shows them
    "md": FormatChoice("Markdown research notes", ".md"),
    "csv": FormatChoice("CSV spreadsheet", ".csv"),
    "jsonld": FormatChoice("W3C Web Annotation JSON-LD", ".jsonld"),
    "csl-json": FormatChoice("CSL-JSON citations (Zotero, pandoc)", ".json"),
    "bibtex": FormatChoice("BibLaTeX citations (LaTeX, pandoc)", ".bib"),
    "qdc": FormatChoice("REFI-QDA codebook (NVivo, MAXQDA, ATLAS.ti)", ".qdc"),
    "qdpx": FormatChoice("REFI-QDA project (QualCoder, NVivo, MAXQDA)", ".qdpx"),
    "vault": FormatChoice("Markdown vault folder (Obsidian)", ""),
}


class ExportDialog(QDialog):
    """Choose format and filter; Export asks for the file name and writes it."""

    exported = Signal(object, int)  # the Path written, how many annotations

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskManager,
        *,
        current_article: Article | None,
        current_query: str,
        style: str = DEFAULT_STYLE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Annotations")
        self.setMinimumWidth(460)
        self.workspace = workspace
        self.tasks = tasks
        self.current_article = current_article
        self.current_query = current_query
        self.citation_style = style
        self.format = QComboBox(self)
        for key, spec in EXPORT_FORMATS.items():
            self.format.addItem(spec.label, key)
        self.format.setToolTip(
            "Markdown notes for Obsidian, CSV for spreadsheets, W3C JSON-LD "
            "for annotation tools, CSL-JSON citations for Zotero and pandoc"
        )
        self.scope = QButtonGroup(self)
        self.buttons_by_scope: dict[str, QRadioButton] = {}
        self.tag = QComboBox(self)
        self.tag.setEditable(False)
        for tag in workspace.annotations.tags():
            self.tag.addItem(f"{tag.name}  ({tag.count})", tag.name)
        self.colour = QComboBox(self)
        for colour in COLOURS:
            self.colour.addItem(colour.capitalize(), colour)
        grid = QGridLayout()
        labels = {
            "all": "Every annotation in the library",
            "article": "This article"
            + (f": {current_article.title}" if current_article else " (none open)"),
            "tag": "Highlights tagged",
            "colour": "Highlights in colour",
            "search": "Articles matching the search"
            + (f": {current_query}" if current_query else " (no search)"),
        }
        for row, scope in enumerate(SCOPES):
            button = QRadioButton(labels[scope], self)
            self.scope.addButton(button, row)
            self.buttons_by_scope[scope] = button
            grid.addWidget(button, row, 0)
        grid.addWidget(self.tag, SCOPES.index("tag"), 1)
        grid.addWidget(self.colour, SCOPES.index("colour"), 1)
        self.buttons_by_scope["article"].setEnabled(current_article is not None)
        self.buttons_by_scope["search"].setEnabled(bool(current_query))
        self.buttons_by_scope["tag"].setEnabled(self.tag.count() > 0)
        self.buttons_by_scope["all"].setChecked(True)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Include", self))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def chosen_scope(self) -> str:
        return SCOPES[max(0, self.scope.checkedId())]

    def export_filter(self) -> ExportFilter:
        scope = self.chosen_scope()
        return ExportFilter(
            article_id=self.current_article.id
            if scope == "article" and self.current_article
            else None,
            tag=self.tag.currentData() if scope == "tag" else None,
            colour=self.colour.currentData() if scope == "colour" else None,
            query=self.current_query if scope == "search" else None,
        )

    def suggested_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        spec = EXPORT_FORMATS[self.format.currentData()]
        return Path(folder or Path.home()) / f"readmark-annotations{spec.extension}"

    def choose_file(self) -> None:
        spec = EXPORT_FORMATS[self.format.currentData()]
        if not spec.extension:  # a vault is a folder of notes
            folder = QFileDialog.getExistingDirectory(
                self, "Export to a Markdown vault folder", str(self.suggested_path().parent)
            )
            if folder:
                self.export_to(Path(folder))
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export Annotations",
            str(self.suggested_path()),
            f"{spec.label} (*{spec.extension});;All files (*)",
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """Write the export on the write worker; errors stay in the dialog, which stays open."""
        workspace, fmt, chosen = self.workspace, self.format.currentData(), self.export_filter()
        style = self.citation_style
        self.buttons.setEnabled(False)
        self.tasks.run_write(
            lambda: export_annotations(workspace, fmt, path, chosen, style=style).value[1],
            lambda count: self._done(path, count),
            self._failed,
        )

    def _done(self, path: Path, count: int) -> None:
        self.buttons.setEnabled(True)
        self.exported.emit(path, count)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.show_error(describe_error(exc)[0])
