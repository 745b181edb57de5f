"""How the reader shows search hits: outlines over the text and a "Hit 3 of 15" counter.

Outlines, not fills: a fill inside a highlight blended into what looked like a sixth
highlight colour. The counter sits in the reader's top right corner so F3 and Shift+F3 say
where they are.
"""

from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.reader.highlights import hit_pen, paint_hits
from app.ui.themes import Theme

COUNTER_GAP = 8  # px between the counter and the reader's edges


class HitCounter(QLabel):
    """A small label over the reader: which hit F3 moved to, of how many."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("hitCounter")
        self.setAccessibleName("Search hit")
        self.setToolTip("F3: next hit · Shift+F3: previous hit")
        self.hide()

    def show_count(self, current: int, total: int, area: QRect) -> None:
        """``current`` counts from 0; no hits hide the counter."""
        if total:
            self.setText(f"Hit {current + 1} of {total}")
            self.adjustSize()
            self.place(area)
        self.setVisible(bool(total))

    def place(self, area: QRect) -> None:
        """In the top right corner of ``area`` (the viewport), clear of the scroll bar."""
        size = self.sizeHint()
        self.move(area.right() - size.width() - COUNTER_GAP, area.top() + COUNTER_GAP)

    def apply_theme(self, theme: Theme) -> None:
        self.setStyleSheet(
            f"#hitCounter {{ background: {theme.alternate}; color: {theme.text};"
            f" border: 1px solid {theme.border}; border-radius: 4px; padding: 2px 8px; }}"
        )


def paint_outlines(
    viewport: QWidget,
    document: QTextDocument,
    ranges: list[tuple[int, int]],
    current: int,
    theme: Theme,
    dirty: QRect,
    scroll: QPoint,
) -> None:
    """Outline the hits (Qt ranges) that meet the ``dirty`` part of the viewport, which
    shows the document from ``scroll``."""
    pens = (
        hit_pen(theme.search_hit_current, False, theme.dark),
        hit_pen(theme.search_hit_current, True, theme.dark),
    )
    painter = QPainter(viewport)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-scroll.x(), -scroll.y())
    visible = QRectF(dirty).translated(scroll.x(), scroll.y())
    paint_hits(painter, document, ranges, current, pens, visible)
    painter.end()
