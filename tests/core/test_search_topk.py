"""The array scoring (scoring.py) gives the matches, scores and order Whoosh's own matchers
give, over a real index of 300 BBC stories, for every kind of query node a user can type
(phrases without stop words inside, where Whoosh's phrase and ours agree)."""

from pathlib import Path

import numpy as np
import pytest
from whoosh.query import Query

from app.core.index import SearchIndex
from app.core.index.query import make_parser, parse_query
from app.core.index.scoring import Matches, _Evaluation, first_ranked
from app.core.library import Library
from tests.core.search_fixtures import bbc_library

QUERIES = [
    "said",
    "oil prices",
    "bank*",
    "electoin~2",
    '"prime minister"',
    "title:film",
    "tag:business economy",
    "sugar -cuba",
    "film NOT award",
    "(gold OR silver) AND mine",
    "music ANDMAYBE award",
    "source:bbc",
    "*",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("topk")
    bbc_library(root / "library", limit=300)
    search_index = SearchIndex(root / "index", Library(root / "library"), procs=1)
    search_index.sync()
    yield search_index
    search_index.close()


def by_whoosh(index: SearchIndex, q: Query) -> Matches:
    searcher = index._current()
    assert searcher is not None
    return _Evaluation(index._latest().scorer, searcher)._by_whoosh(q)


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_scores_and_order_as_whoosh(index: SearchIndex, text: str) -> None:
    searcher = index._current()
    assert searcher is not None
    parsed = parse_query(make_parser(), searcher, text)
    assert parsed.query is not None
    ours = index._latest().scorer.matches(searcher, parsed.query)
    theirs = by_whoosh(index, parsed.query)
    assert len(theirs.ids) > 0
    assert ours.ids.tolist() == theirs.ids.tolist()
    assert np.allclose(ours.scores, theirs.scores, rtol=1e-5)
    order = lambda m: [int(m.ids[i]) for i in first_ranked(m, 20)]  # noqa: E731
    top = sorted(zip(-theirs.scores, theirs.ids.tolist(), strict=True))[:20]
    assert order(ours)[:5] == [d for _s, d in top][:5]
    assert index.search(text).total == len(theirs.ids)


def test_first_ranked_takes_the_best_and_breaks_ties_by_document() -> None:
    found = Matches(np.arange(6, dtype=np.int64), np.array([1.0, 3.0, 2.0, 3.0, 0.5, 2.0]))
    assert first_ranked(found, 4).tolist() == [1, 3, 2, 5]
    days = np.array([10, 30, 20, 20, 40, 0], dtype=np.int64)
    assert first_ranked(found, 3, days).tolist() == [4, 1, 3]


def test_deleted_documents_never_match(tmp_path: Path) -> None:
    bbc_library(tmp_path / "library", limit=20)
    index = SearchIndex(tmp_path / "index", Library(tmp_path / "library"), procs=1)
    index.sync()
    before = index.search("said").total
    victim = sorted((tmp_path / "library").glob("*.md"))[0]
    mentions = "said" in victim.read_text("utf-8").lower()
    victim.unlink()
    index.sync()
    assert index.search("said").total == before - mentions
    index.close()
