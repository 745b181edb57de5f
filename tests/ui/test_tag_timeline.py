"""The chosen tag's timeline in the tag library (issue 17): bars by the article dates of the
tag's highlights, computed on the window's read pool; a click on a bar narrows the highlight
list to that period and a second click shows all again. A real window, real annotation
files and the window's own workers."""

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.core.timeline import tag_timeline
from app.ui.story.timeline_chart import describe
from app.ui.tags.highlights_model import ANNOTATION_ID_ROLE
from app.ui.tags.library_dock import TagLibrary
from app.ui.tags.tag_timeline import HIGHLIGHTS
from app.ui.themes import get_theme
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import AEGIS, NATO, settle

CAFE, BANK, UNDATED = "cafe-culture-in-zurich", "bank-rates-rise", "undated-note"


def tag_library(window: MainWindow) -> TagLibrary:
    return window.annotations.tag_library


def code(window: MainWindow) -> dict[str, str]:
    """Six highlights: 'defence' on NATO (twice), the café and the undated note,
    'defence/missile' (below it) on the Aegis story, 'rates' on the bank story."""
    store = window.workspace.annotations
    made = {
        "nato1": store.create(NATO, 0, 4, tags=["defence"]),
        "nato2": store.create(NATO, 10, 20, tags=["Defence"]),
        "aegis": store.create(AEGIS, 0, 5, tags=["defence/missile"]),
        "cafe": store.create(CAFE, 0, 4, tags=["defence"]),
        "undated": store.create(UNDATED, 0, 7, tags=["defence"]),
        "bank": store.create(BANK, 0, 4, tags=["rates"]),
    }
    return {name: a.id for name, a in made.items()}


def show_tag(qtbot: QtBot, window: MainWindow, tag: str) -> TagLibrary:
    """Open the dock (if closed) and choose ``tag``; returns once its bars are drawn."""
    library = tag_library(window)
    if not library.isVisible():
        window.menu_actions["tag_library"].trigger()
        qtbot.waitUntil(library.isVisible)
    with qtbot.waitSignal(library.timeline.shown, timeout=10_000):
        assert library.choose_tag(tag)
    return library


def listed(library: TagLibrary) -> set[str]:
    model = library.highlights
    return {model.index(r).data(ANNOTATION_ID_ROLE) for r in range(model.rowCount())}


def click(qtbot: QtBot, library: TagLibrary, where: QPoint) -> None:
    qtbot.mouseClick(library.timeline.chart, Qt.MouseButton.LeftButton, pos=where)


def bar_point(library: TagLibrary, number: int) -> QPoint:
    return library.timeline.chart.bar_rect(number).center().toPoint()


def test_the_bars_are_the_cores_tag_timeline_of_the_listed_highlights(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = code(window)
    library = show_tag(qtbot, window, "defence")
    chart = library.timeline.chart
    store = window.workspace.annotations
    assert chart.isVisible() and chart is not window.search_pane.chart
    assert type(chart) is type(window.search_pane.chart)  # one chart class, reused
    assert chart.timeline == tag_timeline(store, window.workspace.library, "defence")
    # The tag and the one below it, each highlight at its article's date; the undated apart.
    assert chart.timeline.total == 5 == library.highlights.rowCount()
    assert listed(library) == {ids[n] for n in ("nato1", "nato2", "aegis", "cafe", "undated")}
    assert chart.timeline.undated == 1 and chart.undated_text() == "1 undated"
    assert chart.timeline.period == "week"  # 2023-11-02 .. 2024-07-05: 36 weeks
    counted = [(b.start, b.count) for b in chart.timeline.bars if b.count]
    assert counted == [
        (dt.date(2023, 10, 30), 1),
        (dt.date(2024, 6, 17), 2),
        (dt.date(2024, 7, 1), 1),
    ]
    busiest = next(b for b in chart.timeline.bars if b.count == 2)
    assert describe(busiest, "week", HIGHLIGHTS).endswith("2 highlights")
    # Another tag gets its own bars from the worker.
    library = show_tag(qtbot, window, "defence/missile")
    assert chart.timeline == tag_timeline(store, window.workspace.library, "defence/missile")
    assert chart.timeline.total == 1 and [b.count for b in chart.timeline.bars] == [1]


def test_a_click_on_a_bar_narrows_the_list_and_a_second_click_shows_all(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = code(window)
    library = show_tag(qtbot, window, "defence")
    chart = library.timeline.chart
    assert chart.timeline is not None
    bars = chart.timeline.bars
    june = next(n for n, b in enumerate(bars) if b.count == 2)
    everything = listed(library)
    heading = library.highlight_heading

    click(qtbot, library, bar_point(library, june))
    assert listed(library) == {ids["nato1"], ids["nato2"]}
    assert library.timeline.span == (bars[june].start, bars[june].end)
    assert chart.chosen_bars() == (june, june)
    assert heading.text() == (
        "Highlights tagged 'defence' or below · 2 of 5 from 2024-06-17 to 2024-06-23; "
        "click the bar again for all"
    )
    click(qtbot, library, bar_point(library, june))  # the same bar again
    assert listed(library) == everything and library.timeline.span is None
    assert chart.chosen_bars() is None
    assert heading.text() == "Highlights tagged 'defence' or below · 5"

    # Another bar, then a click on empty space (above an empty week) clears it too.
    first = next(n for n, b in enumerate(bars) if b.count == 1)
    click(qtbot, library, bar_point(library, first))
    assert listed(library) == {ids["cafe"]}
    empty = next(n for n, b in enumerate(bars) if b.count == 0)
    above = QPoint(bar_point(library, empty).x(), int(chart.plot_rect().top()) + 2)
    click(qtbot, library, above)
    assert listed(library) == everything

    # Choosing another tag lets the range go.
    click(qtbot, library, bar_point(library, june))
    show_tag(qtbot, window, "rates")
    assert library.timeline.span is None and listed(library) == {ids["bank"]}


def test_the_bars_follow_a_deleted_highlight_and_its_undo(qtbot: QtBot, window: MainWindow) -> None:
    ids = code(window)
    library = show_tag(qtbot, window, "defence")
    june = next(n for n, b in enumerate(library.timeline.chart.timeline.bars) if b.count == 2)
    click(qtbot, library, bar_point(library, june))
    window.open_article(NATO)
    controller = window.annotations.controller
    with qtbot.waitSignal(library.timeline.shown, timeout=10_000):
        assert controller.delete(ids["nato1"])
    chart = library.timeline.chart
    assert chart.timeline is not None and chart.timeline.total == 4
    assert max(b.count for b in chart.timeline.bars) == 1
    assert listed(library) == {ids["nato2"]}  # still narrowed to the same week
    with qtbot.waitSignal(library.timeline.shown, timeout=10_000):
        window.menu_actions["undo"].trigger()
    assert chart.timeline.total == 5 and listed(library) == {ids["nato1"], ids["nato2"]}
    # Deleting the week's last highlights lets the range go rather than list nothing.
    for name in ("nato1", "nato2"):
        with qtbot.waitSignal(library.timeline.shown, timeout=10_000):
            assert controller.delete(ids[name])
    settle(window)  # a "shown" of the first delete's refresh may come after the second's ask
    assert library.timeline.span is None and chart.chosen_bars() is None
    assert listed(library) == {ids[n] for n in ("aegis", "cafe", "undated")}


def test_an_undated_only_tag_shows_its_count_and_no_tag_hides_the_chart(
    qtbot: QtBot, window: MainWindow
) -> None:
    library = tag_library(window)
    window.menu_actions["tag_library"].trigger()
    qtbot.waitUntil(library.isVisible)
    assert library.current_tag() == "" and not library.timeline.chart.isVisible()
    store = window.workspace.annotations
    note = store.create(UNDATED, 0, 7, tags=["afternoon"])
    library.refresh()
    qtbot.waitUntil(lambda: library.timeline.chart.isVisible(), timeout=10_000)
    chart = library.timeline.chart
    assert chart.timeline is not None and chart.timeline.bars == []
    assert chart.undated_text() == "1 undated"
    click(qtbot, library, QPoint(10, 10))  # no bar to choose: nothing narrows
    assert library.timeline.span is None and listed(library) == {note.id}
    # The tag's last highlight gone: no tag, no chart.
    store.delete(UNDATED, note.id)
    library.refresh()
    assert library.current_tag() == "" and not chart.isVisible()
    assert library.highlights.rowCount() == 0


def test_the_heading_that_says_what_is_narrowed_is_readable_in_every_theme(
    qtbot: QtBot, window: MainWindow
) -> None:
    code(window)
    library = show_tag(qtbot, window, "defence")
    for name in ("dark", "sepia", "light"):
        window.set_theme(name)
        theme = get_theme(name)
        for label in (library.highlight_heading, library.status):
            assert label.palette().color(label.foregroundRole()).name() == theme.text, name
        assert library.timeline.chart.theme is theme
