"""Cards painted once and shown again as pictures until what they show changes.

A card's paint lays its text out again each time (the quote and footer wrapped, the chips,
the note's document): 0.4-1.4 ms a card. After each highlight lands the card list repaints
every visible card (a row went in, the selection moved), so a landing cost ~10 cards of text
layout on the GUI thread, and more while a worker held the interpreter (issue 11's stall with
the sidebar on screen). Unchanged cards are now drawn from the picture made the last time;
only a new or changed card is laid out. The key is everything the picture depends on.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem

PICTURE_BYTES = 24 * 1024 * 1024  # ~2 screens of cards at 2x; least recently shown go first

Draw = Callable[[QPainter, QStyleOptionViewItem], None]


class CardPictures:
    """Pictures of cards by key, the least recently shown dropped past ``PICTURE_BYTES``."""

    def __init__(self, budget: int = PICTURE_BYTES) -> None:
        self._pictures: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._bytes = 0
        self._budget = budget
        self.drawn = 0  # cards laid out and painted into a picture (tests count them)

    def clear(self) -> None:
        self._pictures.clear()
        self._bytes = 0

    def show(
        self, painter: QPainter, option: QStyleOptionViewItem, key: Hashable, draw: Draw
    ) -> None:
        """Paint the card at ``option.rect``: from its picture, or drawn into a new one."""
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        full = (key, rect.width(), rect.height(), ratio)
        picture = self._pictures.get(full)
        if picture is None:
            picture = self._draw(option, ratio, draw)
            self._pictures[full] = picture
            self._bytes += _size(picture)
            while self._bytes > self._budget and len(self._pictures) > 1:
                self._bytes -= _size(self._pictures.popitem(last=False)[1])
        else:
            self._pictures.move_to_end(full)
        painter.drawPixmap(rect.topLeft(), picture)

    def _draw(self, option: QStyleOptionViewItem, ratio: float, draw: Draw) -> QPixmap:
        self.drawn += 1
        rect = option.rect
        picture = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)  # the list's own background shows round it
        local = QStyleOptionViewItem(option)
        local.rect = QRect(QPoint(0, 0), rect.size())
        painter = QPainter(picture)
        try:
            draw(painter, local)
        finally:
            painter.end()
        return picture


def _size(picture: QPixmap) -> int:
    return picture.width() * picture.height() * 4
