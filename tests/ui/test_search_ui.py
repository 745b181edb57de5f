"""Search as you type, through the real widgets, a real index and the worker threads."""

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.search.pane import SearchRequest
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import AEGIS

RESULTS_PAGE, LIBRARY_PAGE = 1, 0


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    pane = window.search_pane
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        qtbot.keyClicks(pane.field, text)


def test_typing_a_query_shows_ranked_results_with_marked_snippets(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, '"Aegis Ashore"')
    pane = window.search_pane
    assert pane.stack.currentIndex() == RESULTS_PAGE
    assert pane.model.rowCount() == 1
    hit = pane.model.hit(0)
    assert hit.id == AEGIS
    assert "<mark>" in hit.snippet_html
    assert pane.total.text() == "1 result"
    assert not pane.hint.isVisible()


def test_opening_a_result_marks_every_hit_and_f3_moves_between_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "summit")
    pane = window.search_pane
    row = next(r for r in range(pane.model.rowCount()) if pane.model.hit(r).id == AEGIS)
    with qtbot.waitSignal(window.article_opened) as opened:
        pane.view.setCurrentIndex(pane.model.index(row, 0))
    assert opened.args[0].id == AEGIS
    reader = window.reader
    hits = reader.hits()
    assert len(hits) >= 3
    assert all(reader.text[s:e].casefold() == "summit" for s, e in hits)
    assert reader.current_hit() == 0
    assert reader.verticalScrollBar().value() >= 0
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert reader.current_hit() == 1
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.current_hit() == 0


def test_return_in_the_field_opens_the_first_result(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "zurich")
    with qtbot.waitSignal(window.article_opened) as opened:
        qtbot.keyClick(window.search_pane.field, Qt.Key.Key_Return)
    assert opened.args[0].id == "cafe-culture-in-zurich"
    assert window.search_pane.view.hasFocus() or window.search_pane.view.currentIndex().row() == 0


def test_only_the_newest_answer_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.search_pane
    runner = window.runner
    pane.field.setText("bank")
    with qtbot.waitSignal(runner.finished, timeout=10_000) as finished:
        runner.submit(SearchRequest("nato"))
        runner.submit(SearchRequest("bank"))
    assert finished.args[0].request.query == "bank"
    qtbot.waitUntil(lambda: runner.dropped == 1, timeout=10_000)
    assert [pane.model.hit(r).id for r in range(pane.model.rowCount())] == ["bank-rates-rise"]


def test_a_malformed_query_shows_the_core_hint_under_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, '"Aegis Ashore')
    pane = window.search_pane
    assert pane.hint.isVisible()
    assert pane.hint.property("kind") == "error"
    assert "quote" in pane.hint.text().lower()
    assert not window.message_bar.isVisible()


def test_an_empty_result_offers_did_you_mean(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "stoltenbrg")
    pane = window.search_pane
    assert pane.model.rowCount() == 0
    assert pane.hint.text().startswith("No results. Did you mean")
    assert pane.suggestion.isVisible()
    assert pane.suggestion.text() == "stoltenberg"
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        qtbot.mouseClick(pane.suggestion, Qt.MouseButton.LeftButton)
    assert pane.field.text() == "stoltenberg"
    assert pane.model.rowCount() == 2


def test_a_facet_chip_narrows_the_query(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "nato")
    pane = window.search_pane
    assert pane.model.rowCount() == 2
    chip = next(c for c in pane.chips.findChildren(type(pane.suggestion)) if "summit" in c.text())
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        chip.click()
    assert pane.field.text() == "nato tag:summit-preview"
    assert [pane.model.hit(r).id for r in range(pane.model.rowCount())] == [AEGIS]


def test_clearing_the_field_shows_the_library_again(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "nato")
    pane = window.search_pane
    qtbot.keyClick(pane.field, Qt.Key.Key_Escape)
    assert pane.field.text() == ""
    assert pane.stack.currentIndex() == LIBRARY_PAGE
    assert pane.model.rowCount() == 0


def test_ctrl_k_and_ctrl_f_focus_the_search_field(qtbot: QtBot, window: MainWindow) -> None:
    for key in (Qt.Key.Key_K, Qt.Key.Key_F):
        window.reader.setFocus()
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.search_pane.field.hasFocus()


def test_scrolling_to_the_end_fetches_the_next_page(qtbot: QtBot, window: MainWindow) -> None:
    window.page_size = 1
    type_query(qtbot, window, "nato")
    pane = window.search_pane
    assert pane.model.rowCount() == 1
    assert pane.total.text() == "2 results"
    first = pane.model.hit(0).id
    with qtbot.waitSignal(pane.model.rowsInserted, timeout=10_000):
        assert pane.fetch_more()
    assert pane.model.rowCount() == 2
    assert pane.model.hit(0).id == first
    assert not pane.fetch_more()  # everything is shown


def test_newest_first_orders_the_results_by_date(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "nato OR bankers OR cafe")
    pane = window.search_pane
    with qtbot.waitSignal(pane.results_shown, timeout=10_000):
        pane.sort_box.setCurrentIndex(pane.sort_box.findData("date"))
    dates = [pane.model.hit(r).date for r in range(pane.model.rowCount())]
    assert len(dates) == 4
    assert dates == sorted(dates, reverse=True)
