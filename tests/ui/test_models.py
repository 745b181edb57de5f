"""The window's item models, each checked by Qt's model tester and by what views rely on."""

import datetime as dt

from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.core.article import Article
from app.core.workspace import Workspace
from app.ui.library.article_list_model import (
    ARTICLE_ID_ROLE,
    DATE,
    SOURCE,
    TITLE,
    ArticleListModel,
)
from app.ui.search.results_model import (
    ARTICLE_ID_ROLE as HIT_ID_ROLE,
)
from app.ui.search.results_model import (
    DATE_ROLE,
    POSITIONS_ROLE,
    SNIPPET_ROLE,
    SearchResultsModel,
)
from tests.ui.window_fixtures import AEGIS, articles


def ids(model: ArticleListModel) -> list[str]:
    return [model.index(r, 0).data(ARTICLE_ID_ROLE) for r in range(model.rowCount())]


def test_article_list_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ArticleListModel(articles())
    qtmodeltester.check(model, force_py=True)
    model.set_articles(articles()[:2])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2


def test_article_list_shows_title_source_and_iso_date() -> None:
    model = ArticleListModel(articles())
    row = model.row_of("bank-rates-rise")
    assert row is not None
    shown = [model.index(row, c).data() for c in (TITLE, SOURCE, DATE)]
    assert shown == ["Banks raise rates", "Reuters", "1987-03-02"]
    assert model.headerData(DATE, Qt.Orientation.Horizontal) == "Date"
    undated = model.row_of("undated-note")
    assert undated is not None and model.index(undated, DATE).data() == ""


def test_the_model_tester_passes_while_filtering_and_sorting(
    qtmodeltester: ModelTester,
) -> None:
    model = ArticleListModel(articles())
    model.set_filter(source="ONEST")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2 and model.total() == 5
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_sorting_by_date_title_and_source() -> None:
    model = ArticleListModel(articles())
    assert ids(model)[:2] == [AEGIS, "nato-prepares-for-75th-summit"]  # newest first
    assert ids(model)[-1] == "undated-note"
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert ids(model)[0] == "undated-note"  # "A note without a date"
    assert ids(model)[1] == "bank-rates-rise"
    model.sort(SOURCE, Qt.SortOrder.AscendingOrder)
    assert ids(model)[0] == "cafe-culture-in-zurich"  # "Local Desk"
    assert ids(model)[-1] == "undated-note"  # no source: last, whichever the direction
    model.sort(SOURCE, Qt.SortOrder.DescendingOrder)
    assert ids(model)[-1] == "undated-note"


def test_articles_without_a_date_come_last_by_title_in_both_directions() -> None:
    extra = [
        Article(id=f"undated-{t[0].lower()}", title=t, body="Text.\n") for t in ("Beta", "Alpha")
    ]
    model = ArticleListModel([*articles(), *extra])
    undated = ["undated-note", "undated-a", "undated-b"]  # "A note...", "Alpha", "Beta"
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        model.sort(DATE, order)
        assert ids(model)[-3:] == undated, order
    assert ids(model)[0] == "bank-rates-rise"  # oldest first when ascending
    assert model.column_is_empty(DATE) is False
    assert ArticleListModel(extra).column_is_empty(DATE)
    assert ArticleListModel(extra).column_is_empty(SOURCE)


def test_sorting_keeps_persistent_indexes_on_their_articles() -> None:
    model = ArticleListModel(articles())
    row = model.row_of("bank-rates-rise")
    assert row is not None
    kept = QPersistentModelIndex(model.index(row, SOURCE))
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert kept.data(ARTICLE_ID_ROLE) == "bank-rates-rise"
    assert kept.column() == SOURCE and kept.row() == model.row_of("bank-rates-rise")


def test_tag_source_and_year_filters_combine() -> None:
    model = ArticleListModel(articles())
    model.set_filter(tag="NATO")
    assert sorted(ids(model)) == sorted([AEGIS, "nato-prepares-for-75th-summit"])
    model.set_filter(tag="nato", year=2024, source="ONEST")
    assert len(ids(model)) == 2
    model.set_filter(year=1987)
    assert ids(model) == ["bank-rates-rise"]
    assert model.is_filtered()
    model.set_filter()
    assert model.rowCount() == model.total() == 5


def test_an_edited_article_updates_its_row_only() -> None:
    model = ArticleListModel(articles())
    row = model.row_of("bank-rates-rise")
    assert row is not None
    changed = Article(
        id="bank-rates-rise", title="Banks lift rates", body="x\n", date=dt.date(1987, 3, 2)
    )
    model.update_article(changed)
    assert model.index(row, TITLE).data() == "Banks lift rates"


def test_search_results_model_holds_real_hits(
    qtmodeltester: ModelTester, workspace: Workspace
) -> None:
    results = workspace.index.search("nato", limit=10)
    model = SearchResultsModel()
    model.set_hits(results.hits)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == results.total == 2
    first = model.index(0, 0)
    assert first.data() == results.hits[0].title
    assert first.data(HIT_ID_ROLE) == results.hits[0].id
    hit_date = results.hits[0].date
    assert hit_date is not None and first.data(DATE_ROLE) == hit_date.isoformat()
    assert "<mark>" in first.data(SNIPPET_ROLE)
    assert first.data(POSITIONS_ROLE) == list(results.hits[0].positions)
    model.clear()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0
