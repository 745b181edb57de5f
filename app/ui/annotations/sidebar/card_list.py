"""The card list: one column of cards, each as wide as the list and as tall as its delegate
says, laid out by the list itself and painted in one call into Python.

Why not ``QListView``: after a row came or went it laid out EVERY card again, asking the
delegate's ``sizeHint`` once per card from C++. Each ask is one entry into Python, and
while a worker runs Python the GUI thread may wait for the interpreter at any of them
(``app/ui/tasks/gil_turns.py``): with 50 cards a landing spent 2-3 ms there, more under
load, and with 500 cards it was tens of ms for one highlight (issue 11). Here the list
keeps its rows' heights and tops itself: a new card is measured once and the rows below
it move down; a card whose data changed is measured again; only a new model, a new
order, a new width or font, or a card's editor opening or closing measures them all
(their sizes are cached by the delegate, so even that lays out no text).

Painting is the same story: ``QListView`` called the delegate's ``paint`` once per visible
card from C++, one possible wait each; here the whole paint event is one entry and the
cards come from the delegate's pictures (``card_pictures.py``). What is painted is what
``QListView`` paints for these cards (a test compares them pixel for pixel): each visible
row's delegate paint with the row's selected and focus state on the viewport's own
background. And only what changed is painted: a change repaints the rows from the first
one it moved, a scroll only the strip it uncovers (the viewport is opaque), so a highlight
that lands paints its own card and the one that lost the selection.

Geometry, selection, keyboard moves and scrolling are the ``QAbstractItemView`` contract
(``visualRect``, ``indexAt``, ``moveCursor``, ``setSelection``, ``scrollTo``...); editing,
selection models, clicks and key handling come from ``QAbstractItemView`` unchanged.
"""

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from app.ui.widgets.rows import Index

Move = QAbstractItemView.CursorAction
Hint = QAbstractItemView.ScrollHint
WHEEL_STEP_LINES = 2  # one wheel line scrolls this many text lines (Qt scrolls 3 lines a notch)
BATCH = 25  # cards measured per turn of the event loop once the shown ones are (~ a frame)
GUESS_LINES = 5  # a card's height before any is measured, in lines of text


class CardListView(QAbstractItemView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Rows before ``_exact`` are measured; the others carry a guess (the measured
        # ones' mean) until a batch, a paint or a geometry asked for reaches them. An
        # article opened with 500 highlights paints its first screen of cards without
        # waiting for the other 480 (a note's card lays out its Markdown to be measured).
        self._heights: list[int] = []
        self._tops: list[int] = [0]  # row r spans _tops[r] to _tops[r + 1]; the last, all
        self._exact = 0
        self._width = -1  # the viewport width the heights were measured at; -1: measure
        self._batches = QTimer(self)
        self._batches.setSingleShot(True)
        self._batches.setInterval(0)
        self._batches.timeout.connect(self._measure_batch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    # -- layout --------------------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._width = -1
        if model is not None:  # connected after the view's own slots: those run first
            model.rowsRemoved.connect(self._rows_removed)
            for rearranged in (model.rowsMoved, model.layoutChanged):
                rearranged.connect(self.doItemsLayout)

    def contents_height(self) -> int:
        """The height of all cards at the list's width now, every one measured."""
        self._ensure_laid_out()
        self._measure_through(len(self._heights))
        return self._tops[-1]

    def doItemsLayout(self) -> None:
        """Every card measured again (a new model, order, font, width or a card's editor
        opened or closed): the ones in view now, the others in batches from the event
        loop. The delayed layout the view had scheduled is cancelled."""
        rows = self._row_count()
        if len(self._heights) != rows:
            self._heights = [self._guess()] * rows
        self._exact = 0
        self._width = self.viewport().width()
        self._measure_in_view()
        self._stack()

    def reset(self) -> None:
        super().reset()
        self.doItemsLayout()

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:
        """Only the new cards are measured, the ones below move down; many new cards
        (an article opened) are measured as far as the list shows, the rest in batches."""
        super().rowsInserted(parent, start, end)
        if parent != self.rootIndex() or not self._laid_out():
            return
        count = end + 1 - start
        if len(self._heights) + count != self._row_count():
            self._ensure_laid_out()  # already laid out with them, asked in between
            return
        if start <= self._exact and count <= BATCH:  # a highlight made, a filter eased
            self._heights[start:start] = self._measure(start, end + 1)
            self._exact += count
        else:  # a list filled (an article opened): as after a new model
            self._heights[start:start] = [self._guess()] * count
            self._exact = min(self._exact, start)
            self._measure_in_view()
        self._stack(moved_from=start)

    def _rows_removed(self, parent: Index, start: int, end: int) -> None:
        if parent != self.rootIndex() or not self._laid_out():
            return
        if len(self._heights) - (end + 1 - start) != self._row_count():
            self._ensure_laid_out()
            return
        self._exact -= max(0, min(end + 1, self._exact) - start)
        del self._heights[start : end + 1]
        self._stack(moved_from=start)

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Any = ()) -> None:
        """A changed card may have a new height (a note typed, a tag added)."""
        super().dataChanged(top_left, bottom_right, roles)
        if top_left.parent() != self.rootIndex() or not self._laid_out():
            return
        first, end = top_left.row(), min(bottom_right.row() + 1, self._exact)
        if not 0 <= first < end <= len(self._heights):
            return
        heights = self._measure(first, end)
        if heights != self._heights[first:end]:
            self._heights[first:end] = heights
            self._stack(moved_from=first)

    def _row_count(self) -> int:
        model = self.model()
        return 0 if model is None else model.rowCount(self.rootIndex())

    def _measure(self, first: int, end: int) -> list[int]:
        """The heights the delegate gives rows ``first`` to ``end - 1`` at the list's width."""
        model, delegate = self.model(), self.itemDelegate()
        if model is None or delegate is None or end <= first:
            return []
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, self.viewport().width(), 0)
        root = self.rootIndex()
        return [
            delegate.sizeHint(option, model.index(row, 0, root)).height()
            for row in range(first, end)
        ]

    def _guess(self) -> int:
        if self._exact and len(self._tops) > self._exact:
            return max(1, self._tops[self._exact] // self._exact)
        return self.fontMetrics().lineSpacing() * GUESS_LINES

    def _measure_through(self, end: int) -> bool:
        """Rows up to ``end - 1`` measured; whether any was not yet."""
        end = min(end, len(self._heights))
        if end <= self._exact:
            return False
        self._heights[self._exact : end] = self._measure(self._exact, end)
        return self._measured(end)

    def _measure_down_to(self, y: int) -> bool:
        """Rows measured until one reaches content height ``y``; whether any was not yet."""
        row, bottom = self._exact, self._tops[self._exact]
        while row < len(self._heights) and bottom <= y:
            self._heights[row] = self._measure(row, row + 1)[0]
            bottom += self._heights[row]
            row += 1
        return row > self._exact and self._measured(row)

    def _measured(self, end: int) -> bool:
        self._exact = end
        self._restack()
        self._batches.start()  # the scroll range follows (``_stack``) from the event loop
        return True

    def _measure_in_view(self) -> None:
        """The cards from the top to the list's bottom edge measured; the rest guessed."""
        self._restack()
        self._measure_down_to(self.verticalScrollBar().value() + self.viewport().height())

    def _measure_batch(self) -> None:
        if self._laid_out():
            measured_from = self._exact
            self._measure_through(self._exact + BATCH)
            self._stack(moved_from=measured_from)

    def _laid_out(self) -> bool:
        """Whether the rows' heights are worth keeping up to date now: a list not yet laid
        out, or hidden, measures when it is next asked (``_ensure_laid_out``)."""
        if self._width < 0:
            return False
        if not self.isVisible():
            self._width = -1
            return False
        return True

    def _ensure_laid_out(self) -> None:
        if self._width != self.viewport().width() or len(self._heights) != self._row_count():
            self.doItemsLayout()

    def _restack(self) -> None:
        self._tops = [0, *accumulate(self._heights)]

    def _stack(self, moved_from: int | None = None) -> None:
        """The rows' tops from their heights, then the scroll range and a repaint; the
        cards not measured yet are measured in batches from the event loop.

        ``moved_from``: the first row whose place or look changed; the cards above it
        are left as painted. Repainting the whole list after each highlight painted
        every card in view (8 on a 900-pixel window) for the one that came, and while a
        build kept both cores busy each full-list fill also waited for Qt's painting
        threads to be scheduled (issue 11). Without it (a new layout) all is repainted."""
        self._restack()
        if moved_from is None:
            super().doItemsLayout()  # cancels a delayed layout; updates geometries, repaints
        else:
            self.updateGeometries()
            top = self._tops[min(moved_from, len(self._heights))]
            below = top - self.verticalScrollBar().value()
            viewport = self.viewport()
            if below < viewport.height():
                viewport.update(QRect(0, max(0, below), viewport.width(), viewport.height()))
        if self._exact < len(self._heights):
            self._batches.start()
        else:  # settled: nothing left for the event loop
            self._batches.stop()

    def updateGeometries(self) -> None:
        """The scroll range; a new width (every resize comes here) measures every card."""
        self._ensure_laid_out()
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        bar.setSingleStep(self.fontMetrics().lineSpacing() * WHEEL_STEP_LINES)
        bar.setPageStep(height)
        bar.setRange(0, max(0, self._tops[-1] - height))
        self.horizontalScrollBar().setRange(0, 0)
        super().updateGeometries()

    def viewportSizeHint(self) -> QSize:
        return QSize(self.viewport().width(), self.contents_height())

    # -- geometry ------------------------------------------------------------------------

    def _row_rect(self, row: int) -> QRect:
        top = self._tops[row] - self.verticalScrollBar().value()
        return QRect(0, top, self.viewport().width(), self._heights[row])

    def _row_at(self, y: int) -> int:
        """The row at content height ``y``, or -1 past the ends."""
        row = bisect_right(self._tops, y) - 1
        return row if 0 <= row < len(self._heights) else -1

    def visualRect(self, index: Index) -> QRect:
        self._ensure_laid_out()
        if not index.isValid() or index.parent() != self.rootIndex():
            return QRect()
        row = index.row()
        if row >= len(self._heights):
            return QRect()
        self._measure_through(row + 1)
        return self._row_rect(row)

    def indexAt(self, point: QPoint) -> QModelIndex:
        self._ensure_laid_out()
        model = self.model()
        y = point.y() + self.verticalScrollBar().value()
        self._measure_down_to(y)
        row = self._row_at(y)
        if model is None or row < 0 or not 0 <= point.x() < self.viewport().width():
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    def scrollTo(self, index: Index, hint: Hint = Hint.EnsureVisible) -> None:
        """As ``QListView`` scrolls per pixel: a card above comes to the top, one below to
        the bottom, one taller than the list to the top."""
        self._ensure_laid_out()
        if index.isValid() and self._measure_through(index.row() + 1):
            self.updateGeometries()  # the range may have grown: the card must be reachable
        rect = self.visualRect(index)
        if not rect.isValid():
            return
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        top = rect.top() + bar.value()
        below = top + rect.height() - height
        if hint == Hint.PositionAtTop:
            value = top
        elif hint == Hint.PositionAtBottom:
            value = below
        elif hint == Hint.PositionAtCenter:
            value = top - (height - rect.height()) // 2
        elif rect.top() < 0 or rect.height() > height:
            value = top
        elif rect.bottom() >= height:
            value = below
        else:
            return
        bar.setValue(value)

    def moveCursor(self, action: Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        self._ensure_laid_out()
        model, rows = self.model(), len(self._heights)
        if model is None or rows == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() else -1
        if row < 0:
            row = 0
        elif action in (Move.MoveUp, Move.MovePrevious):
            row = max(0, row - 1)
        elif action in (Move.MoveDown, Move.MoveNext):
            row = min(rows - 1, row + 1)
        elif action == Move.MoveHome:
            row = 0
        elif action == Move.MoveEnd:
            row = rows - 1
        elif action in (Move.MovePageUp, Move.MovePageDown):
            page = self.viewport().height() * (-1 if action == Move.MovePageUp else 1)
            self._measure_down_to(self._tops[row] + page)
            at = self._row_at(self._tops[row] + page)
            row = at if at >= 0 else (0 if page < 0 else rows - 1)
        return model.index(row, 0, self.rootIndex())

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: Index) -> bool:
        return False

    def setSelection(self, rect: QRect, command: Any) -> None:
        """The cards that ``rect`` (in the viewport) touches."""
        self._ensure_laid_out()
        model, selection = self.model(), self.selectionModel()
        if model is None or selection is None:
            return
        offset = self.verticalScrollBar().value()
        area = rect.normalized()
        self._measure_down_to(area.bottom() + offset)
        first = self._row_at(max(0, area.top() + offset))
        last = self._row_at(min(self._tops[-1] - 1, area.bottom() + offset))
        chosen = QItemSelection()
        if first >= 0 and last >= first:
            root = self.rootIndex()
            chosen.select(model.index(first, 0, root), model.index(last, 0, root))
        selection.select(chosen, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for at in range(selection.count()):
            part = selection.at(at)
            for row in range(part.top(), part.bottom() + 1):
                if part.parent() == self.rootIndex() and row < len(self._heights):
                    region += self._row_rect(row)
        return region

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, dy)  # moves an open note editor with its card

    # -- painting ------------------------------------------------------------------------

    def set_background(self, colour: str) -> None:
        """The colour between and below the cards, filled by Qt before each paint.

        Set as the viewport's palette, not a style sheet: a style sheet background made
        the viewport count as see-through, and Qt scrolls a see-through widget by
        repainting all of it. Opaque, a scroll moves the pixels already painted and
        only the uncovered strip is painted: the list scrolling to a new card at the
        bottom paints that card and the one that lost the selection, not all eight in
        view (issue 11)."""
        viewport = self.viewport()
        palette = viewport.palette()
        palette.setColor(viewport.backgroundRole(), QColor(colour))
        viewport.setPalette(palette)
        viewport.setAutoFillBackground(True)
        viewport.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        model, delegate = self.model(), self.itemDelegate()
        if model is None or delegate is None:
            return
        self._ensure_laid_out()
        offset = self.verticalScrollBar().value()
        self._measure_down_to(offset + event.rect().bottom())
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        base = option.state
        root = self.rootIndex()
        current = self.currentIndex()
        selection = self.selectionModel()
        focused = self.hasFocus()
        painter = QPainter(self.viewport())
        try:
            for row in self._rows_in(event.region(), offset):
                index = model.index(row, 0, root)
                option.rect = self._row_rect(row)
                option.state = base
                if selection is not None and selection.isSelected(index):
                    option.state |= QStyle.StateFlag.State_Selected
                if focused and index == current:
                    option.state |= QStyle.StateFlag.State_HasFocus
                delegate.paint(painter, option, index)
        finally:
            painter.end()

    def _rows_in(self, region: QRegion, offset: int) -> list[int]:
        """The rows the parts of ``region`` touch, top to bottom: a scroll's uncovered
        strip and a card that lost the selection at the other end of the list paint
        those two cards, not every card between them."""
        rows: set[int] = set()
        for area in cast(Iterable[QRect], region):  # iterable, though PySide6's stubs miss it
            row = max(0, bisect_right(self._tops, area.top() + offset) - 1)
            while row < len(self._heights) and self._tops[row] - offset <= area.bottom():
                rows.add(row)
                row += 1
        return sorted(rows)
