"""A timeline strip: articles (or highlights) per period, drawn with QPainter.

A compact strip of bars (the core's ``Timeline``: day, week, month or year, chosen from the
span) in the theme's colours, with the undated count apart at the right. Hovering a bar
shows its period and count; dragging over bars (or clicking one) asks to narrow to their
dates (``range_chosen``), a click on empty space asks to take that range out again
(``range_cleared``). The chart only asks: above the search results the pane writes the range
into the field as ``date:[a to b]``; in the tag library the dock narrows its highlight list
and shades the chosen bars (``set_chosen``). One class serves both, so they look and answer
the mouse alike. No plotting library: a few rectangles do not justify one in the bundle.
"""

import datetime as dt

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.timeline import Bar, Timeline
from app.ui.themes import LIGHT, Theme

HEIGHT = 64
LABEL_GAP = 4
DRAG_PIXELS = 4
MIN_BAR = 2.0  # px: a period with one article stays visible beside one with a thousand
OUTSIDE_ALPHA = 0.35  # bars outside a chosen range fade: the tallest bar hides its own band


ARTICLES = ("article", "articles")


def describe(bar: Bar, period: str, unit: tuple[str, str] = ARTICLES) -> str:
    """The tooltip of a bar: its period in words and its count of ``unit`` (one, many)."""
    if period == "day" or bar.start == bar.end:
        when = bar.start.isoformat()
    else:
        when = f"{bar.label}: {bar.start.isoformat()} to {bar.end.isoformat()}"
    noun = unit[0] if bar.count == 1 else unit[1]
    return f"{when}\n{bar.count:,} {noun}"


class TimelineChart(QWidget):
    """Bars for one ``Timeline``; emits the date range a drag or click chose. ``unit`` names
    what the bars count in tooltips (articles above the results, highlights for a tag);
    ``height`` lets a crowded pane (the tag library's dock) take a lower strip."""

    range_chosen = Signal(object, object)  # first and last day (datetime.date)
    range_cleared = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "timelineChart",
        accessible: str = "Timeline of the matching articles",
        unit: tuple[str, str] = ARTICLES,
        height: int = HEIGHT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(accessible)
        self.unit = unit
        self.strip_height = height
        self.theme: Theme = LIGHT
        self.timeline: Timeline | None = None
        self.chosen: tuple[dt.date, dt.date] | None = None  # days shaded while not dragging
        self._press: QPoint | None = None
        self._drag: tuple[int, int] | None = None  # first and last bar under the drag
        self._hover = -1

    def sizeHint(self) -> QSize:
        return QSize(240, self.strip_height)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.strip_height)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_chosen(self, chosen: tuple[dt.date, dt.date] | None) -> None:
        """Shade the bars of this range of days (first and last, both included) as the one
        the view below is narrowed to; None shades nothing."""
        self.chosen = chosen
        self.update()

    def chosen_bars(self) -> tuple[int, int] | None:
        """First and last bar under the drag, else those overlapping ``chosen``."""
        if self._drag is not None:
            low, high = sorted(self._drag)
            return low, high
        bars = self.timeline.bars if self.timeline else []
        if self.chosen is None:
            return None
        first, last = self.chosen
        inside = [n for n, b in enumerate(bars) if b.end >= first and b.start <= last]
        return (inside[0], inside[-1]) if inside else None

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show these bars (None or no dated article: the strip hides, the undated stay
        counted in the text beside the results)."""
        self.timeline = timeline
        self._drag, self._hover = None, -1
        self.setVisible(bool(timeline and (timeline.bars or timeline.undated)))
        self.setToolTip("")
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def undated_text(self) -> str:
        undated = self.timeline.undated if self.timeline else 0
        return f"{undated:,} undated" if undated else ""

    def _label_height(self) -> int:
        return self.fontMetrics().height()

    def plot_rect(self) -> QRectF:
        """Where the bars stand: the widget less the label line and the undated count."""
        metrics = self.fontMetrics()
        text = self.undated_text()
        right = metrics.horizontalAdvance(text) + 2 * LABEL_GAP if text else 0
        bottom = self._label_height() + LABEL_GAP
        return QRectF(0, 2, max(1.0, self.width() - right), max(1.0, self.height() - bottom - 2))

    def bar_at(self, x: float) -> int:
        """The bar whose column holds ``x`` (-1 outside the bars)."""
        bars = self.timeline.bars if self.timeline else []
        plot = self.plot_rect()
        if not bars or not plot.left() <= x < plot.right():
            return -1
        return min(len(bars) - 1, int((x - plot.left()) / plot.width() * len(bars)))

    def bar_rect(self, number: int) -> QRectF:
        """The drawn bar (its height by its count; a gap on each side when there is room)."""
        assert self.timeline is not None
        bars = self.timeline.bars
        plot = self.plot_rect()
        width = plot.width() / len(bars)
        gap = 1.0 if width >= 4 else 0.0
        largest = max(b.count for b in bars) or 1
        count = bars[number].count
        height = 0.0 if not count else max(MIN_BAR, plot.height() * count / largest)
        left = plot.left() + number * width + gap / 2
        return QRectF(left, plot.bottom() - height, max(1.0, width - gap), height)

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        theme = self.theme
        timeline = self.timeline
        if timeline is None:
            return
        plot = self.plot_rect()
        painter.setPen(QColor(theme.border))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        chosen = self.chosen_bars()
        if chosen:
            column = plot.width() / len(timeline.bars)
            left = plot.left() + chosen[0] * column
            band = QRectF(left, plot.top(), (chosen[1] - chosen[0] + 1) * column, plot.height())
            painter.fillRect(band, QColor(theme.selection))
        for number in range(len(timeline.bars)):
            colour = QColor(theme.link if number == self._hover else theme.accent)
            if chosen and not chosen[0] <= number <= chosen[1]:
                colour.setAlphaF(OUTSIDE_ALPHA)
            painter.fillRect(self.bar_rect(number), colour)
        painter.setPen(QColor(theme.muted))
        line = QRectF(0, plot.bottom() + LABEL_GAP, plot.width(), self._label_height())
        if timeline.bars:
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(line, left, timeline.bars[0].label)
            if len(timeline.bars) > 1:
                painter.drawText(line, right, timeline.bars[-1].label)
        text = self.undated_text()
        if text:
            aside = QRectF(plot.right() + LABEL_GAP, 0, self.width() - plot.right(), self.height())
            painter.drawText(aside, Qt.AlignmentFlag.AlignCenter, text)

    # -- mouse ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        number = self.bar_at(position.x())
        if self._press is not None and number >= 0:
            start = self.bar_at(self._press.x())
            moved = abs(position.x() - self._press.x()) >= DRAG_PIXELS
            if start >= 0 and moved:
                self._drag = (start, number)
        if number != self._hover:
            self._hover = number
            self._show_tip(number, event.globalPosition().toPoint())
        self.update()

    def _show_tip(self, number: int, where: QPoint) -> None:
        if self.timeline is None or number < 0:
            self.setToolTip(self.undated_text())
            QToolTip.hideText()
            return
        tip = describe(self.timeline.bars[number], self.timeline.period, self.unit)
        self.setToolTip(tip)
        QToolTip.showText(where, tip, self)

    def leaveEvent(self, event: object) -> None:
        self._hover = -1
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._drag = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        press, drag = self._press, self._drag
        self._press, self._drag = None, None
        self.update()
        if drag is not None:
            self._choose(*sorted(drag))
            return
        number = self.bar_at(press.x())
        if number >= 0 and self.bar_rect(number).adjusted(0, -2, 0, 0).contains(press.toPointF()):
            self._choose(number, number)
        else:
            self.range_cleared.emit()

    def _choose(self, first: int, last: int) -> None:
        assert self.timeline is not None
        bars = self.timeline.bars
        start: dt.date = bars[first].start
        end: dt.date = bars[last].end
        self.range_chosen.emit(start, end)
