"""The left pane: the search field on top, then the library list or the search results.

Search as you type: each edit restarts a 150 ms timer; when it fires, the query goes to the
``LatestOnly`` runner (a worker thread), and only the answer to the newest query is shown.
An empty field shows the library list again. A query the core cannot parse shows the core's
hint under the field, never a dialog. Scrolling to the end of the results asks for the next
page through the same runner, so typing on makes a pending page stale as well.

While the window's own index work runs (``set_index_activity``), a search says what it is
doing ("Building the search index: 40%") instead of the core's notice about "another
process"; the window searches again when the work is done.

Above the results (and above the library list while the field is empty) the timeline chart
shows every match by period, computed on the same worker pool through its own ``LatestOnly``
so typing never waits for it; a drag over its bars writes ``date:[a to b]`` into the field.
"""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import InvalidQuery
from app.core.index import SearchResults
from app.core.timeline import Timeline, date_clause, with_date_range
from app.ui.search.result_delegate import SearchResultDelegate
from app.ui.search.results_model import SearchResultsModel
from app.ui.story.timeline_chart import TimelineChart
from app.ui.tasks.workers import LatestOnly, Outcome
from app.ui.themes import Theme
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.safe_document import plain_label, shown_as_typed
from app.ui.window.message_bar import sentence

DEBOUNCE_MS = 150
MAX_CHIPS = 8
FACET_FIELDS = (("tags", "tag"), ("sources", "source"), ("years", "date"))


@dataclass(frozen=True)
class SearchRequest:
    """What one search asks the worker for; ``offset`` > 0 asks for the next page."""

    query: str
    sort: str = "relevance"
    offset: int = 0


def facet_term(field: str, value: str) -> str:
    """The query words a facet chip adds, quoted when the value has spaces."""
    return f'{field}:"{value}"' if any(c.isspace() for c in value) else f"{field}:{value}"


class SearchPane(QWidget):
    """Owns the field, the debounce timer and the results view; the window opens hits."""

    hit_activated = Signal(str, object)  # article id, list of (start, end) core positions
    results_shown = Signal(object)  # the SearchResults now on screen
    search_failed = Signal(object)  # an exception other than a malformed query

    def __init__(
        self,
        runner: LatestOnly[SearchRequest, SearchResults],
        browse: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("searchPane")
        self.runner = runner
        self.result: SearchResults | None = None
        self._fetching = False
        self.index_activity = ""  # what the window's index work is doing, while it runs
        self._activity_shown = False
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search the library  (Ctrl+K)")
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(
            'Words, "exact phrases", title:, author:, source:, tag:, note:, date:2024-07, '
            "prefix*, fuzzy~, AND / OR / NOT"
        )
        self.field.setAccessibleName("Search")
        self.hint = plain_label(parent=self)
        self.hint.setObjectName("hintLabel")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.suggestion = QToolButton(self)
        self.suggestion.setProperty("link", True)
        self.suggestion.setCursor(Qt.CursorShape.PointingHandCursor)
        self.suggestion.hide()
        self.total = QLabel(self)
        self.total.setObjectName("totalLabel")
        self.chips = QWidget(self)
        self.chip_layout = FlowLayout(self.chips)
        self.model = SearchResultsModel()
        self.view = QListView(self)
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.delegate = SearchResultDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAccessibleName("Search results")
        self.chart = TimelineChart(self)
        self.chart.hide()
        self.timelines: LatestOnly[str, Timeline] | None = None
        self.stack = QStackedWidget(self)
        self.browse = browse
        self.stack.addWidget(browse)
        results_page = QWidget(self)
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(6)
        self.sort_box = QComboBox(self)
        self.sort_box.addItem("Best match", "relevance")
        self.sort_box.addItem("Newest first", "date")
        self.sort_box.setToolTip("Order of the results")
        self.sort_box.setAccessibleName("Sort results")
        self.sort_box.currentIndexChanged.connect(lambda _i: self.run_now())
        top = QHBoxLayout()
        top.addWidget(self.total)
        top.addStretch(1)
        top.addWidget(self.sort_box)
        results_layout.addLayout(top)
        results_layout.addWidget(self.chips)
        results_layout.addWidget(self.view, 1)
        self.stack.addWidget(results_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 8, 8)
        layout.setSpacing(6)
        self.field_row = QHBoxLayout()  # the field, and buttons others put beside it
        self.field_row.setSpacing(4)
        self.field_row.addWidget(self.field, 1)
        layout.addLayout(self.field_row)
        hint_row = QHBoxLayout()
        hint_row.setSpacing(4)
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.suggestion)
        layout.addLayout(hint_row)
        self.extras = QVBoxLayout()  # what other parts put above the chart (saved searches)
        self.extras.setSpacing(6)
        layout.addLayout(self.extras)
        layout.addWidget(self.chart)
        layout.addWidget(self.stack, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self.field.textEdited.connect(self._on_edited)
        self.field.textChanged.connect(self._on_changed)
        self.field.returnPressed.connect(self._open_first)
        self.field.installEventFilter(self)
        self.suggestion.clicked.connect(self._use_suggestion)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.activated.connect(lambda index: self._open_row(index.row()))
        self.view.verticalScrollBar().valueChanged.connect(self._maybe_fetch_more)
        runner.finished.connect(self._show_outcome)
        runner.failed.connect(self._show_failure)
        self.chart.range_chosen.connect(self._narrow_to)
        self.chart.range_cleared.connect(self._widen)

    def set_timeline_runner(self, runner: "LatestOnly[str, Timeline]") -> None:
        """Draw the timeline of every query ("" is the whole library) through ``runner``."""
        self.timelines = runner
        runner.finished.connect(self._show_timeline)
        runner.failed.connect(lambda _query, _exc: self.chart.set_timeline(None))
        self.refresh_timeline()

    def refresh_timeline(self) -> None:
        if self.timelines is not None:
            self.timelines.submit(self.query())

    def _show_timeline(self, outcome: "Outcome[str, Timeline]") -> None:
        if outcome.request == self.query():
            self.chart.set_timeline(outcome.result)

    def _narrow_to(self, start: object, end: object) -> None:
        """A drag over the chart: its dates replace any date range the query had."""
        self.set_query(with_date_range(self.query(), date_clause(start, end)))  # type: ignore[arg-type]

    def _widen(self) -> None:
        query = self.query()
        widened = with_date_range(query, None)
        if widened != " ".join(query.split()):
            self.set_query(widened)

    def query(self) -> str:
        return self.field.text().strip()

    def set_query(self, text: str) -> None:
        """Put a query in the field and search at once (menus, chips, tests)."""
        self.field.setText(text)
        self.run_now()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def apply_theme(self, theme: Theme) -> None:
        self.chart.set_theme(theme)
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def _on_edited(self, _text: str) -> None:
        self._timer.start()

    def _on_changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self.runner.cancel_pending()
            self._show_browse()

    def run_now(self) -> None:
        self._timer.stop()
        query = self.query()
        if query:
            self.runner.submit(SearchRequest(query, self.sort_box.currentData()))
            self.refresh_timeline()
        else:
            self._show_browse()

    def fetch_more(self) -> bool:
        """Ask for the next page of the results on screen (the list was scrolled to its end)."""
        result = self.result
        if result is None or self._fetching or self.model.fetched() >= result.total:
            return False
        self._fetching = True
        request = SearchRequest(result.query, self.sort_box.currentData(), self.model.fetched())
        self.runner.submit(request)
        return True

    def _maybe_fetch_more(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if bar.maximum() > 0 and value >= bar.maximum() - bar.pageStep() // 4:
            self.fetch_more()

    def _show_browse(self) -> None:
        self.result = None
        self.model.clear()
        self._set_hint("")
        self.stack.setCurrentIndex(0)
        self.refresh_timeline()

    def set_index_activity(self, text: str) -> None:
        """The window's index build or sync is running ("" when it ended)."""
        self.index_activity = text
        if self._activity_shown and text:
            self._set_hint(self._activity_hint(), activity=True)

    def _activity_hint(self) -> str:
        if self.result is not None and self.result.total:
            return f"{self.index_activity}; results may miss what changed since the last update."
        return f"{self.index_activity}. Results appear as soon as it is ready."

    def _set_hint(
        self,
        text: str,
        kind: str = "info",
        suggestion: str | None = None,
        activity: bool = False,
    ) -> None:
        self._activity_shown = activity
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self.hint.setProperty("kind", kind)
        self.field.setProperty("invalid", kind == "error")
        for widget in (self.hint, self.field):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.suggestion.setVisible(bool(suggestion))
        self.suggestion.setText(suggestion or "")

    def _show_outcome(self, outcome: Outcome[SearchRequest, SearchResults]) -> None:
        self._fetching = False
        if outcome.request.query != self.query():
            return
        result = outcome.result
        if outcome.request.offset:
            self.model.append_hits(list(result.hits))
            return
        self.result = result
        self.delegate.forget_layouts()
        self.model.set_hits(list(result.hits))
        self.stack.setCurrentIndex(1)
        self.total.setText(f"{result.total:,} result" + ("" if result.total == 1 else "s"))
        if result.error_hint:
            self._set_hint(sentence(result.error_hint), "error", result.suggestion)
        elif self.index_activity and not result.index_damaged:
            self._set_hint(self._activity_hint(), activity=True)
        elif not result.total and result.suggestion:
            self._set_hint("No results. Did you mean", suggestion=result.suggestion)
        elif result.notice:
            self._set_hint(sentence(result.notice))
        elif not result.total:
            self._set_hint("No results.")
        else:
            self._set_hint("")
        self._fill_chips(result)
        self.results_shown.emit(result)

    def _show_failure(self, request: SearchRequest, exc: BaseException) -> None:
        self._fetching = False
        if request.query != self.query():
            return
        if isinstance(exc, InvalidQuery):
            self._set_hint(str(exc), "error")
            return
        self.search_failed.emit(exc)

    def _fill_chips(self, result: SearchResults) -> None:
        while self.chip_layout.count():
            item = self.chip_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        shown = 0
        query = self.query()
        for facet, field in FACET_FIELDS:
            for value, count in list(result.facets.get(facet, ()))[:3]:
                term = facet_term(field, str(value))
                if term in query or shown >= MAX_CHIPS:
                    continue
                chip = QToolButton(self.chips)
                chip.setProperty("chip", True)
                chip.setText(f"{value}  {count}")
                chip.setToolTip(shown_as_typed(f"Narrow to {term}"))
                chip.clicked.connect(lambda _=False, t=term: self.set_query(f"{self.query()} {t}"))
                self.chip_layout.addWidget(chip)
                shown += 1
        self.chips.setVisible(shown > 0)

    def _use_suggestion(self) -> None:
        self.set_query(self.suggestion.text())

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._open_row(indexes[0].row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            hit = self.model.hit(row)
            self.hit_activated.emit(hit.id, list(hit.positions))

    def _open_first(self) -> None:
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down moves into the results and Esc clears, as in every search box users know."""
        if not (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_Escape and self.field.text():
            self.field.clear()
            return True
        if event.key() == Qt.Key.Key_Down:
            if self.stack.currentIndex() == 0:
                self.browse.setFocus()
                return True
            self.view.setFocus()
            if self.model.rowCount() and not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)
