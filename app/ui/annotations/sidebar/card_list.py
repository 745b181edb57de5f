"""The card list: a ``QListView`` that paints its visible cards in one call into Python.

Qt's list view calls the delegate's ``paint`` once per visible card from C++. Each such call
enters Python from Qt's event loop, and while a write or read thread is running Python the
GUI thread waits up to a switch interval (``app/ui/tasks/gil_turns.py``) for the interpreter
at EVERY entry: ten cards repainted after a landing were ten waits (issue 11's stall). Here
the whole paint event is one entry; the cards come from the delegate's pictures
(``card_pictures.py``), so an unchanged card costs a pixmap copy. What is painted is what
``QListView`` paints for these cards: each visible row's delegate paint, with the row's
selected and focus state; the background is the viewport's own.

Layout is the same story: after rows come, go or are rearranged, ``QListView`` lays its
cards out again later, from the event loop (a timer, then batches), asking the delegate's
``sizeHint`` once per card, each ask one more wait for the interpreter while a worker runs
(a list of 50 cards: 30 ms). Laid out at once from the Python slot that hears of the
change, the interpreter is held throughout and the view's own delayed layout is cancelled
(``doItemsLayout``), so the asks cost what they compute.
"""

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QPoint
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionViewItem


class CardListView(QListView):
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # connected after the view's own slots: those run first
            for changed in (
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.modelReset,
                model.layoutChanged,
            ):
                changed.connect(self._lay_out_now)

    def _lay_out_now(self, *_change: Any) -> None:
        if self.isVisible():
            self.doItemsLayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        model, delegate = self.model(), self.itemDelegate()
        if model is None or delegate is None:
            return
        area = event.rect()
        first = self.indexAt(QPoint(area.left() + 1, area.top()))
        top = first.row() if first.isValid() else 0
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        base = option.state
        current = self.currentIndex()
        selection = self.selectionModel()
        focused = self.hasFocus()
        painter = QPainter(self.viewport())
        try:
            for row in range(top, model.rowCount(self.rootIndex())):
                index = model.index(row, 0, self.rootIndex())
                rect = self.visualRect(index)
                if rect.top() > area.bottom():
                    break
                if not rect.intersects(area):
                    continue
                option.rect = rect
                option.state = base
                if selection is not None and selection.isSelected(index):
                    option.state |= QStyle.StateFlag.State_Selected
                if focused and index == current:
                    option.state |= QStyle.StateFlag.State_HasFocus
                delegate.paint(painter, option, index)
        finally:
            painter.end()
