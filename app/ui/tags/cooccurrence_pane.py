"""The tag library's co-occurrence tab: which tags are used together, on the same passage
(overlapping highlights) or in the same article, as a table of counts; choosing a cell lists
the highlights behind it, and the table saves as CSV.

The tables are the core's (``app.core.cooccurrence``). Building one anchors every highlight
of the library, so it runs on a read worker and only the newest request's answer is shown.
"""

from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.annotations import Annotation, AnnotationStore
from app.core.atomic import write_atomic
from app.core.codebook import key
from app.core.cooccurrence import Table, article_cooccurrence, passage_cooccurrence
from app.ui.tags.cooccurrence_model import CooccurrenceModel
from app.ui.tags.highlights_model import TagHighlightsModel, titled
from app.ui.tasks.workers import LatestOnly, Outcome, TaskManager
from app.ui.widgets.safe_document import plain_label

UNITS = {"passage": passage_cooccurrence, "article": article_cooccurrence}
EMPTY = "No two tags are used together yet."
ROW_HEADER_WIDTH = 220


class CooccurrencePane(QWidget):
    sig_error = Signal(object, str)
    sig_shown = Signal()  # a new table is on screen (tests and screenshots wait for it)
    exported = Signal(object)  # the Path of the CSV written

    def __init__(
        self,
        store: AnnotationStore,
        tasks: TaskManager,
        passage_list: QListView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.model = CooccurrenceModel()
        self.passages = TagHighlightsModel()
        self.runner: LatestOnly[str, Table] = LatestOnly(tasks, lambda unit: UNITS[unit](store))
        self.runner.finished.connect(self._show_table)
        self.runner.failed.connect(
            lambda _unit, exc: self.sig_error.emit(exc, "Counting tags used together")
        )
        self.units = QButtonGroup(self)
        self.unit_buttons: dict[str, QRadioButton] = {}
        for number, (unit, label) in enumerate(
            (("passage", "Same passage"), ("article", "Same article"))
        ):
            button = QRadioButton(label, self)
            button.setObjectName(f"cooccurrence_{unit}")
            self.units.addButton(button, number)
            self.unit_buttons[unit] = button
        self.unit_buttons["passage"].setChecked(True)
        self.unit_buttons["passage"].setToolTip(
            "Tags on one highlight or on highlights that overlap"
        )
        self.unit_buttons["article"].setToolTip("Tags anywhere in the same article")
        self.units.idToggled.connect(lambda _id, on: self.refresh() if on else None)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setObjectName("exportCooccurrence")
        self.export_button.setToolTip("Save the table as a CSV file for a spreadsheet")
        self.export_button.clicked.connect(self.ask_export)
        self.table_view = QTableView(self)
        self.table_view.setObjectName("cooccurrenceTable")
        self.table_view.setAccessibleName("Tags used together")
        self.table_view.setModel(self.model)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.horizontalHeader().setDefaultSectionSize(64)
        self.table_view.horizontalHeader().setMinimumSectionSize(40)
        rows = self.table_view.verticalHeader()
        rows.setMaximumWidth(ROW_HEADER_WIDTH)  # a long path is elided in the middle
        rows.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table_view.selectionModel().currentChanged.connect(lambda i, _p: self.show_cell(i))
        self.table_view.clicked.connect(self.show_cell)
        self.passage_view = passage_list
        self.passage_view.setObjectName("cooccurrencePassages")
        self.passage_view.setModel(self.passages)
        self.passage_view.setAccessibleName("Highlights in the chosen cell")
        self.heading = plain_label("")
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for button in self.unit_buttons.values():
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        below = QWidget(self)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.heading)
        below_layout.addWidget(self.passage_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table_view)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.export_button.setEnabled(False)

    def unit(self) -> str:
        return next(u for u, b in self.unit_buttons.items() if b.isChecked())

    def refresh(self) -> None:
        """Count again on a read worker; the table on screen stays until the answer."""
        self.runner.submit(self.unit())

    def _show_table(self, outcome: "Outcome[str, Table]") -> None:
        chosen = self.model.pair(self.table_view.currentIndex())
        self.model.set_table(outcome.result, outcome.request)
        self.table_view.resizeColumnsToContents()
        self.export_button.setEnabled(bool(outcome.result.rows))
        again = self.cell_index(*chosen) if chosen is not None else QModelIndex()
        self.table_view.setCurrentIndex(again if again.isValid() else self._biggest())
        self.show_cell(self.table_view.currentIndex())
        self.sig_shown.emit()

    def _biggest(self) -> QModelIndex:
        """The cell to show first: the pair used together most (the first such pair)."""
        table = self.model.table
        best, where = 0, QModelIndex()
        for r, row in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                if table.count(row, column) > best and row != column:
                    best, where = table.count(row, column), self.model.index(r, c)
        return where

    def cell_index(self, row_tag: str, column_tag: str) -> QModelIndex:
        table = self.model.table
        rows = [key(r) for r in table.rows]
        columns = [key(c) for c in table.columns]
        if key(row_tag) not in rows or key(column_tag) not in columns:
            return QModelIndex()
        return self.model.index(rows.index(key(row_tag)), columns.index(key(column_tag)))

    def show_cell(self, index: QModelIndex) -> None:
        """List the highlights behind a cell: those of its passages that carry either tag."""
        pair = self.model.pair(index)
        found: list[Annotation] = []
        if pair is not None:
            wanted = {key(pair[0]), key(pair[1])}
            seen: set[str] = set()
            for passage in self.model.passages(index):
                ids = set(passage.annotation_ids)
                for annotation in self.store.for_article(passage.article_id):
                    tags = {key(t) for t in annotation.tags}
                    if annotation.id in ids and annotation.id not in seen and wanted & tags:
                        seen.add(annotation.id)
                        found.append(annotation)
        self.passages.set_rows(titled(self.store.library, found))
        if pair is None:
            self.heading.setText(EMPTY if not self.model.table.rows else "Choose a cell")
        else:
            count = self.model.table.count(*pair)
            noun = self.model.unit + ("" if count == 1 else "s")
            self.heading.setText(f"'{pair[0]}' with '{pair[1]}' · {count} {noun}")

    def export_csv(self, path: Path) -> None:
        """The table as the core writes it (RFC 4180), saved atomically on the write worker."""
        text = self.model.table.to_csv()
        self.tasks.run_write(
            lambda: write_atomic(path, text),
            lambda _done: self.exported.emit(path),
            lambda exc: self.sig_error.emit(exc, f"Saving {path.name}"),
        )

    def ask_export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / f"tags-same-{self.model.unit}.csv"
        name, _ = QFileDialog.getSaveFileName(
            self, "Export Co-occurrence", str(suggested), "CSV spreadsheet (*.csv)"
        )
        if name:
            self.export_csv(Path(name))
