"""What an orphan card adds to a card: what its old place now reads, and two buttons.

An orphan is a highlight whose words are no longer in the article. Its card says so, shows
the text that now stands between its old neighbours (when they are still there), and offers
"Re-attach to selection" (the note, tags and colour go to the words selected in the reader)
and "Delete". The buttons are painted, like the rest of the card, and clicked through the
delegate's ``editorEvent``.
"""

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton, QWidget

from app.ui.annotations.sidebar.list_model import shorten

GONE = "Its text changed: this highlight could not be placed."
REATTACH, DELETE = "Re-attach to selection", "Delete"
BUTTONS = (REATTACH, DELETE)
BUTTON_GAP = 6
NOW_READS_LIMIT = 200


def explanation(now_reads: str | None) -> str:
    """Why the card is an orphan and, where its neighbours still stand, what is there now."""
    if now_reads is None:
        return GONE
    if not now_reads.strip():
        return f"{GONE}\nNow reads: nothing (its words were deleted)."
    return f"{GONE}\nNow reads: “{shorten(now_reads, NOW_READS_LIMIT)}”"


def _button_size(font: QFont, text: str) -> tuple[int, int]:
    metrics = QFontMetrics(font)
    return metrics.horizontalAdvance(text) + 24, metrics.height() + 10


def buttons_height(font: QFont, width: int) -> int:
    """Both buttons side by side, or one above the other when the card is too narrow."""
    sizes = [_button_size(font, text) for text in BUTTONS]
    if sum(w for w, _h in sizes) + BUTTON_GAP <= width:
        return max(h for _w, h in sizes)
    return sum(h for _w, h in sizes) + BUTTON_GAP


def button_rects(font: QFont, left: int, bottom: int, width: int) -> list[tuple[str, QRect]]:
    """Where the buttons sit, on the card's last ``buttons_height`` pixels above ``bottom``."""
    top = bottom - buttons_height(font, width)
    rects, x, y = [], left, top
    for text in BUTTONS:
        w, h = _button_size(font, text)
        if x > left and x + w > left + width:
            x, y = left, y + h + BUTTON_GAP
        rects.append((text, QRect(x, y, min(w, width), h)))
        x += w + BUTTON_GAP
    return rects


def paint_buttons(
    painter: QPainter, widget: QWidget | None, rects: list[tuple[str, QRect]], can_reattach: bool
) -> None:
    style = widget.style() if widget is not None else QApplication.style()
    for text, rect in rects:
        option = QStyleOptionButton()
        if widget is not None:
            option.initFrom(widget)  # palette and font of the card list
        option.rect = rect
        option.text = text
        option.state = QStyle.StateFlag.State_Raised
        if text != REATTACH or can_reattach:
            option.state |= QStyle.StateFlag.State_Enabled
        style.drawControl(QStyle.ControlElement.CE_PushButton, option, painter, widget)
