"""``SearchIndex.match_days`` / ``match_ids``: every match's day and id in one pass, checked
against the slow path (one count search per bar, paging through every hit) on a real
Reuters import."""

from pathlib import Path

import numpy as np
import pytest

from app.core.errors import InvalidInput
from app.core.export.selection import article_ids_for_query
from app.core.importers.runner import import_paths
from app.core.timeline import query_timeline
from app.core.workspace import Workspace
from tests.conftest import CORPUS, require_shared

SLICE = "reut2-013.sgm"
QUERIES = ("said", "oil", "iran OR iraq", '"federal reserve"', "tag:earn", "date:1987-04-05")


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("reuters-days")
    workspace = Workspace(root / "library", root / "data")
    report = import_paths(workspace, [require_shared(CORPUS) / "reuters21578" / SLICE])
    assert report.imported and not report.failed
    workspace.index.sync()
    return workspace


@pytest.mark.parametrize("query", QUERIES)
def test_bars_count_what_one_search_per_bar_counts(reuters: Workspace, query: str) -> None:
    index = reuters.index
    timeline = query_timeline(index, query, "day")
    total = index.search(query, limit=0).total
    assert timeline.total == total > 0
    for bar in timeline.bars:
        assert bar.count == index.search(f"({query}) {bar.query}", limit=0).total, bar.label
    by_year = dict(index.search(query, limit=0).facets["years"])
    assert timeline.dated == sum(by_year.values())


@pytest.mark.parametrize("query", QUERIES)
def test_days_and_ids_are_those_of_every_hit(reuters: Workspace, query: str) -> None:
    index, library = reuters.index, reuters.library
    ids = index.match_ids(query)
    assert ids == article_ids_for_query(index, query)
    days = index.match_days(query)
    expected = sorted(library.get(i).date.toordinal() if library.get(i).date else 0 for i in ids)  # type: ignore[union-attr]
    assert sorted(days.tolist()) == expected
    assert days.dtype == np.int64


def test_the_first_call_of_a_fresh_process_loads_the_table(reuters: Workspace) -> None:
    """Nothing searched before: the day column must be the generation just opened."""
    with Workspace(reuters.library_dir, reuters.data_dir) as fresh:
        assert len(fresh.index.match_days("oil")) == fresh.index.search("oil", limit=0).total
    with Workspace(reuters.library_dir, reuters.data_dir) as fresh:
        assert len(fresh.index.match_ids("oil")) == fresh.index.search("oil", limit=0).total


def test_a_query_that_cannot_run_or_no_index_is_an_error(
    reuters: Workspace, tmp_path: Path
) -> None:
    assert reuters.index.match_days("zeppelinxq").size == 0
    with pytest.raises(InvalidInput, match="date:"):
        reuters.index.match_days("date:[1987-13 to]")
    with pytest.raises(InvalidInput, match="common words"):
        reuters.index.match_ids("the")
    with (
        Workspace(tmp_path / "empty-library", tmp_path / "data") as empty,
        pytest.raises(InvalidInput, match="not built yet"),
    ):
        empty.index.match_days("oil")
