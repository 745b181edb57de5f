"""Following a story in the window (issue 17): the timeline chart, saved searches with their
new-match badge, related articles and versions, through real widgets, a real index and the
window's worker threads."""

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.saved_searches import SavedSearches
from app.core.workspace import Workspace
from app.ui.search.saved_searches_model import NEW_ROLE
from app.ui.story.timeline_chart import describe
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import AEGIS, NATO, open_window

RANGE = re.compile(r"date:\[[^\]]*\]")


def chart_ready(qtbot: QtBot, window: MainWindow, query: str) -> None:
    """Wait until the chart shows the timeline of ``query``."""
    pane = window.search_pane
    qtbot.waitUntil(
        lambda: (
            pane.chart.timeline is not None
            and pane.timelines is not None
            and pane.query() == query
            and pane.chart.isVisible()
        ),
        timeout=10_000,
    )
    with qtbot.waitSignal(pane.timelines.finished, timeout=10_000):
        pane.refresh_timeline()


def drag(qtbot: QtBot, window: MainWindow, first: int, last: int) -> None:
    chart = window.search_pane.chart
    start = chart.bar_rect(first).center().toPoint()
    end = chart.bar_rect(last).center().toPoint()
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(chart, QPoint((start.x() + end.x()) // 2, start.y()))
    qtbot.mouseMove(chart, end)
    qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=end)


def test_the_empty_query_charts_the_whole_library_with_the_undated_apart(
    qtbot: QtBot, window: MainWindow
) -> None:
    chart_ready(qtbot, window, "")
    chart = window.search_pane.chart
    assert chart.timeline is not None
    assert chart.timeline.total == len(window.workspace.library)
    assert chart.timeline.undated == 1 and chart.undated_text() == "1 undated"
    assert chart.timeline.period == "year"


def test_dragging_over_bars_writes_the_date_range_into_the_query(
    qtbot: QtBot, window: MainWindow
) -> None:
    chart_ready(qtbot, window, "")
    chart = window.search_pane.chart
    assert chart.timeline is not None
    bars = chart.timeline.bars
    drag(qtbot, window, 0, 1)
    assert window.search_pane.field.text() == f"date:[{bars[0].start} to {bars[1].end}]"
    assert window.search_pane.field.text() == "date:[1987-01-01 to 1988-12-31]"
    # a query with a range of its own: the drag replaces it, never adds a second one
    window.search_pane.set_query("nato date:[2020-01-01 to 2030-12-31]")
    chart_ready(qtbot, window, "nato date:[2020-01-01 to 2030-12-31]")
    assert chart.timeline is not None and len(chart.timeline.bars) > 2
    last = len(chart.timeline.bars) - 1
    with qtbot.waitSignal(window.search_pane.results_shown, timeout=10_000) as shown:
        drag(qtbot, window, 0, last)
    text = window.search_pane.field.text()
    assert len(RANGE.findall(text)) == 1 and text.startswith("nato date:[2024-")
    assert {h.id for h in shown.args[0].hits} == {NATO, AEGIS}
    # a click on empty space (above an empty period) takes the range out again
    chart_ready(qtbot, window, text)
    empty = next(n for n, b in enumerate(chart.timeline.bars) if not b.count)
    spot = chart.bar_rect(empty).center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(spot.x(), 4))
    assert window.search_pane.field.text() == "nato"


def test_hovering_a_bar_shows_its_period_and_count(qtbot: QtBot, window: MainWindow) -> None:
    window.search_pane.set_query("nato")
    chart_ready(qtbot, window, "nato")
    chart = window.search_pane.chart
    assert chart.timeline is not None
    number, bar = next((n, b) for n, b in enumerate(chart.timeline.bars) if b.count)
    qtbot.mouseMove(chart, chart.bar_rect(number).center().toPoint())
    assert chart.toolTip() == describe(bar, chart.timeline.period)
    assert bar.label in chart.toolTip() and "article" in chart.toolTip()


def saved_names(window: MainWindow) -> list[str]:
    return window.story.saved.model.names()


def test_save_rename_delete_and_undo_a_saved_search(qtbot: QtBot, window: MainWindow) -> None:
    saved = window.story.saved
    window.search_pane.set_query("nato")
    assert saved.save_current("NATO stories")
    qtbot.waitUntil(lambda: saved_names(window) == ["NATO stories"], timeout=10_000)
    assert saved.model.status(0).total == 2 and saved.model.status(0).new == 0
    assert saved.view.isVisible()
    window.search_pane.set_query("zurich")
    assert saved.save_current("Zurich")
    qtbot.waitUntil(lambda: saved_names(window) == ["NATO stories", "Zurich"], timeout=10_000)
    assert saved.rename(0, "Alliance")
    qtbot.waitUntil(lambda: saved_names(window) == ["Alliance", "Zurich"], timeout=10_000)
    assert saved.model.move_row(1, 0)  # what a drag of Zurich to the top does
    qtbot.waitUntil(
        lambda: (
            [s.name for s in SavedSearches(window.workspace.data_dir).all()]
            == ["Zurich", "Alliance"]
        ),
        timeout=10_000,
    )
    assert saved.delete(1)
    qtbot.waitUntil(lambda: saved_names(window) == ["Zurich"], timeout=10_000)
    assert window.undo_stack.undoText() == "Delete search 'Alliance'"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: saved_names(window) == ["Zurich", "Alliance"], timeout=10_000)
    back = SavedSearches(window.workspace.data_dir).get("Alliance")
    assert back.query == "nato" and back.seen_log > 0  # what was seen came back too
    window.undo_stack.undo()  # the move
    qtbot.waitUntil(lambda: saved_names(window) == ["Alliance", "Zurich"], timeout=10_000)
    window.undo_stack.undo()  # the rename
    qtbot.waitUntil(lambda: saved_names(window) == ["NATO stories", "Zurich"], timeout=10_000)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: saved_names(window) == ["Alliance", "Zurich"], timeout=10_000)


def test_an_import_shows_a_new_match_badge_that_opening_the_search_clears(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    saved = window.story.saved
    window.search_pane.set_query("harbour")
    assert saved.save_current("Harbour")
    qtbot.waitUntil(lambda: saved_names(window) == ["Harbour"], timeout=10_000)
    assert saved.model.status(0).new == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.md").write_text(
        "---\ntitle: Harbour reopens after the storm\ndate: 2024-08-01\n---\n"
        "The harbour of Port Ellen reopened on Thursday after a week of repairs.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        dialog = window.flows.run_import([inbox])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: saved.model.status(0).new == 1, timeout=10_000)
    assert saved.model.index(0).data(NEW_ROLE) == 1
    assert saved.model.status(0).total == 1
    window.search_pane.field.clear()
    saved.view.list.clicked.emit(saved.model.index(0))
    assert window.search_pane.query() == "harbour"
    qtbot.waitUntil(lambda: saved.model.status(0).new == 0, timeout=10_000)


def test_a_click_on_a_related_article_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.story.panel
    window.open_article(NATO)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    assert panel.list.isVisible() and panel.isVisible()
    first = panel.model.neighbour(0)
    assert first.id == AEGIS  # the other NATO story is the closest
    assert window.reader.viewport().geometry().bottom() < panel.geometry().top()
    rect = panel.list.visualRect(panel.model.index(0))
    with qtbot.waitSignal(window.article_opened) as opened:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args[0].id == AEGIS
    panel.toggle.click()  # folded: the reader takes the room back
    assert panel.list.isHidden()
    assert panel.sizeHint().height() < 60


def test_versions_fold_in_the_results_and_show_side_by_side(
    qtbot: QtBot, versions_window: MainWindow
) -> None:
    window = versions_window
    story = window.story
    qtbot.waitUntil(lambda: len(story.clusters) == 3, timeout=20_000)
    pane = window.search_pane
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        pane.set_query("sorghum")
    model = pane.model
    assert model.fetched() == 3 and model.rowCount() == 1
    assert model.hit(0).id == "sorghum-3"  # the newest stands for the story
    assert model.index(0).data(Qt.ItemDataRole.UserRole + 6) == "+2 versions"
    option_rect = pane.view.visualRect(model.index(0))
    pane.view.scrollTo(model.index(0))
    option = QStyleOptionViewItem()
    pane.view.initViewItemOption(option)
    option.rect = option_rect
    spot = pane.delegate.versions_rect(option, "+2 versions").center()
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert model.rowCount() == 3
    assert model.index(0).data(Qt.ItemDataRole.UserRole + 6) == "Fold 2 versions"
    assert model.toggle_versions(0) and model.rowCount() == 1
    window.open_article("sorghum-3")
    qtbot.waitUntil(lambda: story.panel.versions.isVisible(), timeout=10_000)
    assert story.panel.versions.text() == "Versions (3)"
    story.panel.versions.click()
    dialog = story.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    old, new = dialog.chosen()
    assert (old.id, new.id) == ("sorghum-2", "sorghum-3")
    theme = window.reader.theme()
    left, right = (c.toHtml() for c in dialog.columns)
    assert theme.diff_changed in left and theme.diff_changed in right  # 1.5 -> 2.5
    assert theme.diff_added not in right and "line-through" not in left
    dialog.pickers[0].setCurrentIndex(2)  # the oldest against the newest
    right = dialog.columns[1].toHtml()
    assert theme.diff_added in right  # the paragraph the last version added
    dialog.pickers[0].setCurrentIndex(1)  # sorghum-2 against sorghum-1: its paragraph goes
    dialog.pickers[1].setCurrentIndex(2)
    assert "line-through" in dialog.columns[0].toHtml()
    assert theme.diff_removed in dialog.columns[0].toHtml()
    bars = [c.verticalScrollBar() for c in dialog.columns]
    for column in dialog.columns:
        column.setFixedHeight(90)  # short columns, so both scroll
    qtbot.waitUntil(lambda: bars[0].maximum() > 0 and bars[1].maximum() > 0, timeout=5_000)
    bars[0].setValue(bars[0].maximum())
    assert bars[1].value() == bars[1].maximum()


SORGHUM = (
    "Farmers in the plains region sold {amount} tonnes of sorghum to the state buyer this week, "
    "the agriculture ministry said in a statement on Tuesday, adding that prices held steady "
    "and that storage capacity in the northern districts was sufficient for the harvest."
)


def sorghum_articles() -> list[tuple[str, dt.date, str]]:
    extra = (
        "\n\nOfficials said exports to neighbouring countries could resume next month if the "
        "rains continue, and that a new grading system would be introduced for the crop."
    )
    return [
        ("sorghum-1", dt.date(2024, 3, 1), SORGHUM.format(amount="1.5 million")),
        ("sorghum-2", dt.date(2024, 3, 2), SORGHUM.format(amount="1.5 million") + extra),
        ("sorghum-3", dt.date(2024, 3, 3), SORGHUM.format(amount="2.5 million") + extra),
    ]


@pytest.fixture
def versions_window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> MainWindow:
    """The window's library with three versions of one wire story (a corrected figure, an
    added paragraph)."""
    for article_id, date, body in sorghum_articles():
        title = "Sorghum sales to the state buyer"
        workspace.library.add(Article(id=article_id, title=title, body=body + "\n", date=date))
    workspace.index.sync()
    return open_window(qtbot, workspace, tmp_path)
