"""The item models of issue 17's window parts, each checked with qtmodeltester: saved
searches (with drag to reorder), related articles, and search results with versions folded."""

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from app.core.index import SearchHit
from app.core.neighbours import Neighbour
from app.core.saved_searches import SavedSearch, SearchStatus
from app.ui.search.results_model import VERSIONS_ROLE, SearchResultsModel
from app.ui.search.saved_searches_model import NEW_ROLE, TOTAL_ROLE, SavedSearchesModel
from app.ui.story.neighbours_model import BYLINE_ROLE, NeighboursModel


def status(name: str, total: int, new: int) -> SearchStatus:
    return SearchStatus(SavedSearch(name, name.lower()), total, new)


def test_saved_searches_model_counts_badges_and_drag_to_reorder(qtmodeltester, qtbot) -> None:
    model = SavedSearchesModel()
    model.set_statuses([status("Oil", 58, 2), status("Iran", 13, 0), status("Fed", 7, 0)])
    qtmodeltester.check(model)
    first = model.index(0)
    assert first.data() == "Oil" and first.data(TOTAL_ROLE) == 58 and first.data(NEW_ROLE) == 2
    assert "2 new" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert model.flags(first) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    data = model.mimeData([model.index(2)])
    with qtbot.waitSignal(model.move_requested) as moved:
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert moved.args == ["Fed", 1]
    assert model.names() == ["Fed", "Oil", "Iran"]
    data = model.mimeData([model.index(0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())  # past the end
    assert model.names() == ["Oil", "Iran", "Fed"]
    assert not model.move_row(1, 1) and not model.move_row(1, 2)  # onto itself: nothing
    qtmodeltester.check(model)


def test_neighbours_model_shows_title_date_and_source(qtmodeltester) -> None:
    model = NeighboursModel()
    model.set_neighbours(
        [
            Neighbour("a", "Oil rises", dt.date(1987, 4, 7), "Reuters", 3.2),
            Neighbour("b", "No date <b>here</b>", None, None, 1.0),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0).data(BYLINE_ROLE) == "1987-04-07  ·  Reuters"
    assert model.index(1).data(BYLINE_ROLE) == ""
    assert "<b>" not in model.index(1).data(Qt.ItemDataRole.ToolTipRole)


def hit(article_id: str, day: int | None) -> SearchHit:
    date = dt.date(2024, 3, day) if day else None
    return SearchHit(
        id=article_id,
        title=article_id,
        author=None,
        source=None,
        date=date,
        score=1.0,
        snippet_text="",
        snippet_html="",
        snippet_marks=[],
        positions=[],
    )


def test_search_results_fold_versions_under_the_newest(qtmodeltester) -> None:
    model = SearchResultsModel()
    model.set_versions({"v1": 0, "v2": 0, "v3": 0, "w1": 1, "w2": 1})
    model.set_hits([hit("v1", 1), hit("a", 5), hit("v3", 3), hit("v2", 2), hit("w1", None)])
    qtmodeltester.check(model)
    assert [model.hit(r).id for r in range(model.rowCount())] == ["v3", "a", "w1"]
    assert model.index(0).data(VERSIONS_ROLE) == "+2 versions"
    assert model.index(2).data(VERSIONS_ROLE) == ""  # its other version is not among the hits
    assert model.toggle_versions(0)
    assert [model.hit(r).id for r in range(model.rowCount())] == ["v3", "v1", "v2", "a", "w1"]
    assert model.index(0).data(VERSIONS_ROLE) == "Fold 2 versions"
    assert not model.toggle_versions(3)
    model.append_hits([hit("w2", 9), hit("b", 1)])  # the next page: w2, newer, stands for w1
    assert [model.hit(r).id for r in range(model.rowCount())] == ["v3", "v1", "v2", "a", "w2", "b"]
    assert model.index(4).data(VERSIONS_ROLE) == "+1 version"
    assert model.fetched() == 7
    qtmodeltester.check(model)
    assert model.toggle_versions(0)
    assert model.rowCount() == 4
