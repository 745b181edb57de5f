"""Search hits in the reader: an outline that leaves a highlight's colour alone, gone when
the query changes, counted ("Hit 3 of 15"); and padding that a narrow pane keeps."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QTextCursor
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.ui.reader.highlights import HighlightSpan, range_rects
from app.ui.reader.view import Reader
from app.ui.themes import THEMES
from app.ui.window.main_window import MainWindow
from tests.ui.test_search_ui import type_query
from tests.ui.window_fixtures import AEGIS

BODY = "\n\n".join(
    f"Paragraph {n}: the Aegis Ashore site in Poland, and the quiet harbour after." * 3
    for n in range(12)
)


@pytest.fixture
def reader(qtbot: QtBot) -> Reader:
    widget = Reader()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_article(Article(id="a", title="Hits", body=BODY))
    return widget


def hit_box(reader: Reader, start: int, end: int) -> QRect:
    """Where the hit's first line is on screen (viewport coordinates)."""
    qt_start, qt_end = reader.positions.range_to_qt(start, end)
    rect = range_rects(reader.document(), qt_start, qt_end)[0]
    rect.translate(-reader.horizontalScrollBar().value(), -reader.verticalScrollBar().value())
    return rect.toAlignedRect()


def pixels(image: QImage, rect: QRect) -> list[int]:
    return [
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom())
        for x in range(rect.left(), rect.right())
    ]


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_hit_inside_a_highlight_keeps_the_highlight_colour_and_gains_an_outline(
    reader: Reader, theme: str
) -> None:
    reader.apply_theme(THEMES[theme])
    start = reader.text.index("Aegis Ashore")
    end = start + len("Aegis Ashore")
    reader.set_highlights([HighlightSpan("h", start - 4, end + 3, "green")])
    reader.scroll_to_position(start)
    box = hit_box(reader, start, end)
    plain = reader.viewport().grab().toImage()
    reader.mark_hits([(start, end)], scroll=False)
    marked = reader.viewport().grab().toImage()
    inside = box.adjusted(3, 3, -3, -3)
    assert pixels(marked, inside) == pixels(plain, inside)  # no fill: no sixth colour
    edge = QRect(box.left() - 3, box.top() - 2, box.width() + 6, 4)
    assert pixels(marked, edge) != pixels(plain, edge)  # the outline shows


def test_the_counter_follows_f3_and_goes_with_the_hits(reader: Reader, qtbot: QtBot) -> None:
    text = reader.text
    hits = []
    at = text.find("Poland")
    while at >= 0:
        hits.append((at, at + len("Poland")))
        at = text.find("Poland", at + 1)
    assert len(hits) == 36
    reader.mark_hits(hits)
    assert reader.hit_counter.isVisible()
    assert reader.hit_counter.text() == "Hit 1 of 36"
    reader.next_hit()
    with qtbot.waitSignal(reader.sig_hit_changed) as changed:
        reader.next_hit()
    assert changed.args == [2, 36]
    assert reader.hit_counter.text() == "Hit 3 of 36"
    reader.previous_hit()
    reader.previous_hit()
    reader.previous_hit()
    assert reader.hit_counter.text() == "Hit 36 of 36"
    counter = reader.hit_counter.geometry()
    assert reader.viewport().geometry().contains(counter)  # clear of the scroll bar
    reader.clear_hits()
    assert not reader.hit_counter.isVisible() and reader.hits() == []


@pytest.mark.parametrize("width", [260, 420, 1400])
def test_the_text_never_touches_the_pane_edges(reader: Reader, width: int) -> None:
    reader.resize(width, 500)
    margin = reader.document().documentMargin()
    left, right = reader.text_margins()
    assert left >= margin and right >= margin
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.positions.to_qt(0))
    assert reader.cursorRect(cursor).left() >= margin
    line = reader.document().findBlock(reader.positions.to_qt(0)).layout().lineAt(0)
    assert line.naturalTextWidth() <= reader.viewport().width() - 2 * margin + 1
    if width == 1400:  # room to centre the column
        assert abs(left - right) < 1 and left > margin


def test_hit_marks_follow_the_query_and_go_when_it_is_cleared(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "summit")
    pane = window.search_pane
    row = next(r for r in range(pane.model.rowCount()) if pane.model.hit(r).id == AEGIS)
    pane.view.setCurrentIndex(pane.model.index(row, 0))
    reader = window.reader
    assert len(reader.hits()) >= 3
    window.menu_actions["next_hit"].trigger()
    assert reader.hit_counter.text() == f"Hit 2 of {len(reader.hits())}"
    pane.field.clear()
    type_query(qtbot, window, '"Aegis Ashore"')
    assert [reader.text[s:e] for s, e in reader.hits()] == ["Aegis Ashore"]
    assert reader.hit_counter.text() == "Hit 1 of 1"
    type_query(qtbot, window, " zurich")  # no longer finds the open article
    assert reader.hits() == [] and not reader.hit_counter.isVisible()
    pane.field.setText('"Aegis Ashore"')
    pane.run_now()
    qtbot.waitUntil(lambda: bool(reader.hits()))
    pane.field.clear()
    assert reader.hits() == []
