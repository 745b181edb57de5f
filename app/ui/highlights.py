"""How annotations, search hits and flashes are painted in the reader.

Everything here works in core positions and turns into ``QTextEdit.ExtraSelection`` through the
one ``PositionMap``. Highlight colours are translucent so overlapping highlights blend and
both stay visible, and the text stays readable on every theme.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from app.ui.positions import PositionMap

HIGHLIGHT_ALPHA = 170
HIGHLIGHT_ALPHA_DARK = 230
HIT_ALPHA = 200
CURRENT_HIT_ALPHA = 230
FLASH_ALPHA = 220


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


def highlight_layer(
    document: QTextDocument,
    positions: PositionMap,
    spans: Iterable[HighlightSpan],
    palette: dict[str, str],
    alpha: int = HIGHLIGHT_ALPHA,
) -> list[QTextEdit.ExtraSelection]:
    """Longer spans first, so a short highlight inside a long one is painted on top; the
    colours stay translucent so the overlap of two highlights still shows both."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.start))
    formats: dict[str, QTextCharFormat] = {}
    layer = []
    for span in ordered:
        if span.end <= span.start:
            continue
        fmt = formats.get(span.colour)
        if fmt is None:
            fmt = background(translucent(palette.get(span.colour, "#ffe680"), alpha))
            formats[span.colour] = fmt
        layer.append(extra_selection(document, positions, span.start, span.end, fmt))
    return layer


def hits_layer(
    document: QTextDocument,
    positions: PositionMap,
    hits: Sequence[tuple[int, int]],
    current: int,
    colours: tuple[str, str],
) -> list[QTextEdit.ExtraSelection]:
    """Every search hit tinted, the current one (F3 moved to) in its own colour, underlined."""
    plain = background(translucent(colours[0], HIT_ALPHA))
    strong = background(translucent(colours[1], CURRENT_HIT_ALPHA))
    strong.setFontUnderline(True)
    return [
        extra_selection(document, positions, start, end, strong if k == current else plain)
        for k, (start, end) in enumerate(hits)
    ]


def spans_at(spans: Iterable[HighlightSpan], core_pos: int) -> list[HighlightSpan]:
    """Spans covering a position, the innermost (shortest) first."""
    found = [s for s in spans if s.start <= core_pos < s.end]
    return sorted(found, key=lambda s: (s.end - s.start, s.start))
