"""The chosen tag's timeline in the tag library: its highlights per period, by the date of
the article each sits in, so a researcher coding passages sees when the coded stories ran.

The bars are the core's ``tag_timeline`` (the tag and the tags below it, as the list beside
shows them) drawn by the search pane's own ``TimelineChart``, computed on the read pool
through a ``LatestOnly`` (reading every annotation file is not for the GUI thread, and only
the newest tag's answer is shown). A click on a bar (or a drag over several) narrows the
highlight list to those days and shades them; a click on the same bars again, or on empty
space, shows every highlight again. Highlights whose article has no date are counted apart
("2 undated") and are left out of a narrowed list, as they belong to no period.
"""

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.core.annotations import AnnotationStore
from app.core.codebook import key
from app.core.timeline import Timeline, tag_timeline
from app.ui.story.timeline_chart import TimelineChart
from app.ui.tags.highlights_model import TaggedHighlight
from app.ui.tasks.workers import LatestOnly, Outcome, TaskManager
from app.ui.themes import Theme

Span = tuple[dt.date, dt.date]
HIGHLIGHTS = ("highlight", "highlights")
STRIP_HEIGHT = 48  # px: the dock is a strip under the panes; its list keeps the room


def span_text(span: Span) -> str:
    """The chosen days as the heading shows them."""
    first, last = span
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


class TagTimeline(QObject):
    """The chart, the worker run that fills it, and the days a click chose."""

    narrowed = Signal()  # the chosen days changed: the list shows other rows
    shown = Signal()  # a tag's bars are on screen (tests and screenshots wait for it)
    sig_error = Signal(object, str)

    def __init__(self, store: AnnotationStore, tasks: TaskManager, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.chart = TimelineChart(
            parent,
            name="tagTimelineChart",
            accessible="Timeline of the chosen tag's highlights",
            unit=HIGHLIGHTS,
            height=STRIP_HEIGHT,
        )
        self.chart.setToolTip("Click a bar to list only its highlights; click again for all")
        self.chart.hide()
        self.tag = ""
        self.span: Span | None = None
        self.runner: LatestOnly[str, Timeline] = LatestOnly(
            tasks, lambda tag: tag_timeline(store, store.library, tag), self
        )
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.chart.range_chosen.connect(self._choose)
        self.chart.range_cleared.connect(lambda: self._set_span(None))

    def show_tag(self, tag: str) -> None:
        """Count ``tag``'s highlights again (another tag, or its highlights changed); the
        chosen days stay while the tag does."""
        if key(tag) != key(self.tag):
            self.span = None
            self.chart.set_chosen(None)
        self.tag = tag
        if not tag:
            self.runner.cancel_pending()
            self.chart.set_timeline(None)
            return
        self.runner.submit(tag)

    def _show(self, outcome: "Outcome[str, Timeline]") -> None:
        if outcome.request != self.tag:
            return
        self.chart.set_timeline(outcome.result)
        self.chart.set_chosen(self.span)
        self.shown.emit()

    def _failed(self, tag: str, exc: BaseException) -> None:
        if tag == self.tag:
            self.chart.set_timeline(None)
            self.sig_error.emit(exc, f"Counting the highlights of '{tag}' over time")

    def _choose(self, first: object, last: object) -> None:
        """A click or drag on the bars; the same bars clicked again show all rows again."""
        span = (first, last)
        self._set_span(None if span == self.span else span)  # type: ignore[arg-type]

    def _set_span(self, span: Span | None) -> None:
        if span == self.span:
            return
        self.span = span
        self.chart.set_chosen(span)
        self.narrowed.emit()

    def narrow(self, rows: list[TaggedHighlight]) -> list[TaggedHighlight]:
        """The rows whose article's date falls in the chosen days (all while none are). A
        range that holds none of them any more (its highlights deleted or retagged) is let
        go rather than leaving an empty list the user did not ask for."""
        if self.span is None:
            return rows
        first, last = self.span
        library = self.store.library

        def inside(row: TaggedHighlight) -> bool:
            article_id = row.annotation.article_id
            day = library.get(article_id).date if article_id in library else None
            return day is not None and first <= day <= last

        kept = [r for r in rows if inside(r)]
        if not kept and rows:
            self.span = None
            self.chart.set_chosen(None)
            return rows
        return kept

    def count_text(self, shown: int, total: int) -> str:
        """The heading's count: all of them, or how many of them the chosen days hold."""
        if self.span is None:
            return f"{total}"
        return f"{shown} of {total} from {span_text(self.span)}; click the bar again for all"

    def apply_theme(self, theme: Theme) -> None:
        self.chart.set_theme(theme)
