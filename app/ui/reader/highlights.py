"""How annotations, search hits and flashes are painted in the reader.

Everything here works in core positions and turns into ``QTextEdit.ExtraSelection`` through the
one ``PositionMap``. Highlight colours are translucent so overlapping highlights blend and
both stay visible, and the text stays readable on every theme. Search hits are outlines
painted over the text (``paint_hits``), so a hit inside a highlight keeps the highlight's
colour and only gains a frame.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QTextEdit

from app.ui.reader.positions import PositionMap

HIGHLIGHT_ALPHA = 170
HIGHLIGHT_ALPHA_DARK = 230
FLASH_ALPHA = 220
HIT_WIDTH, CURRENT_HIT_WIDTH = 1.5, 3.0  # px of the outline around a search hit
HIT_PAD, HIT_RADIUS = 1.5, 3.0
HIT_LIGHTER, HIT_DARKER = 220, 135  # percent, for dark and light pages


@dataclass(frozen=True)
class HighlightSpan:
    """One annotation as the reader draws it: its id, core range and colour name."""

    annotation_id: str
    start: int
    end: int
    colour: str


def translucent(colour: str, alpha: int) -> QColor:
    result = QColor(colour)
    if not result.isValid():
        result = QColor("#ffe680")
    result.setAlpha(alpha)
    return result


def extra_selection(
    document: QTextDocument, positions: PositionMap, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    qt_start, qt_end = positions.range_to_qt(start, end)
    cursor = QTextCursor(document)
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = fmt
    return selection


def background(colour: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(colour))
    return fmt


def highlight_alpha(page: str) -> int:
    """Dark themes have dark highlight colours: they need more opacity to show at all."""
    return HIGHLIGHT_ALPHA_DARK if QColor(page).lightness() < 100 else HIGHLIGHT_ALPHA


class HighlightLayer:
    """The highlights' extra selections, kept per span between draws: after one highlight,
    only its selection is made (a cursor and two position look-ups per span made every
    draw O(highlights) in Python); Qt then repaints only the ranges whose selection is new
    or gone. ``forget`` drops them all when the document is rebuilt (their cursors belong
    to the old one)."""

    def __init__(self) -> None:
        self._made: dict[tuple[HighlightSpan, str], QTextEdit.ExtraSelection] = {}
        self.made = 0  # selections made so far (tests check a draw makes only the new ones)
        # PySide6 makes the Python enum types a format touches when the first one is made
        # (QGradient.Preset's 169 members among them): 2.6 ms, 8 ms while a worker ran,
        # in the landing of the session's first highlight (issue 11). Made here instead.
        background(QColor())

    def forget(self) -> None:
        self._made.clear()

    def selections(
        self,
        document: QTextDocument,
        positions: PositionMap,
        spans: Iterable[HighlightSpan],
        palette: dict[str, str],
        alpha: int = HIGHLIGHT_ALPHA,
    ) -> list[QTextEdit.ExtraSelection]:
        """Longer spans first, so a short highlight inside a long one is painted on top;
        the colours stay translucent so the overlap of two highlights still shows both."""
        ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.start))
        colours: dict[str, tuple[str, QTextCharFormat]] = {}  # one colour made per name
        made: dict[tuple[HighlightSpan, str], QTextEdit.ExtraSelection] = {}
        for span in ordered:
            if span.end <= span.start:
                continue
            found = colours.get(span.colour)
            if found is None:
                colour = translucent(palette.get(span.colour, "#ffe680"), alpha)
                found = colours[span.colour] = (
                    colour.name(QColor.NameFormat.HexArgb),
                    background(colour),
                )
            key = (span, found[0])
            selection = self._made.get(key)
            if selection is None:
                selection = extra_selection(document, positions, span.start, span.end, found[1])
                self.made += 1
            made[key] = selection
        self._made = made
        return [made[key] for key in made]


def range_rects(document: QTextDocument, qt_start: int, qt_end: int) -> list[QRectF]:
    """The rectangles a Qt range covers, one per line, in document coordinates."""
    rects: list[QRectF] = []
    engine = document.documentLayout()
    block = document.findBlock(qt_start)
    while block.isValid() and block.position() < qt_end:
        layout = block.layout()
        origin = engine.blockBoundingRect(block).topLeft()
        first = block.position()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            start = max(qt_start - first, line.textStart())
            end = min(qt_end - first, line.textStart() + line.textLength())
            if end <= start:
                continue
            left, right = _x(line, start), _x(line, end)
            rects.append(
                QRectF(
                    origin.x() + min(left, right),
                    origin.y() + line.y(),
                    abs(right - left),
                    line.height(),
                )
            )
        block = block.next()
    return rects


def _x(line: QTextLine, position: int) -> float:
    """PySide returns ``(x, position)`` from ``cursorToX``; the x is what is wanted."""
    found: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return float(found[0])


def hit_pen(colour: str, current: bool, dark: bool) -> QPen:
    """Hits are outlined, never filled: a fill inside a highlight blended into a sixth
    colour. The current hit (F3) has the heavier line; the line is lighter than the hit
    colour on a dark page and darker on a light one, so it stands out from the page."""
    line = QColor(colour)
    line = line.lighter(HIT_LIGHTER) if dark else line.darker(HIT_DARKER)
    pen = QPen(line, CURRENT_HIT_WIDTH if current else HIT_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def paint_hits(
    painter: QPainter,
    document: QTextDocument,
    hits: Sequence[tuple[int, int]],
    current: int,
    pens: tuple[QPen, QPen],
    visible: QRectF,
) -> int:
    """Outline each hit (Qt ranges) that meets ``visible`` (document coordinates); returns
    how many boxes were drawn."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    drawn = 0
    for number, (start, end) in enumerate(hits):
        for rect in range_rects(document, start, end):
            box = rect.adjusted(-HIT_PAD, 0, HIT_PAD, 0)
            if not box.intersects(visible):
                continue
            painter.setPen(pens[1] if number == current else pens[0])
            painter.drawRoundedRect(box, HIT_RADIUS, HIT_RADIUS)
            drawn += 1
    return drawn


def spans_at(spans: Iterable[HighlightSpan], core_pos: int) -> list[HighlightSpan]:
    """Spans covering a position, the innermost (shortest) first."""
    found = [s for s in spans if s.start <= core_pos < s.end]
    return sorted(found, key=lambda s: (s.end - s.start, s.start))
