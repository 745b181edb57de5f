"""The scored matches kept per term (``index/term_cache.py``) change nothing but time: on a
real index, every query answers the same hits, scores and totals with the store as without
it; a sync or an annotation change (a new generation) is seen at once; the store keeps to
its byte bound, least recently used out first, and hands out arrays no caller can change."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.index.scoring import Matches
from app.core.index.term_cache import TermCache
from app.core.library import Library

QUERIES = ["oil", "oil prices", '"oil prices"', "pri*", "oil -gas", "title:oil", "prices~1"]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    bodies = [f"Oil prices rose {n} cents; gas fell." for n in range(5)]
    bodies += [f"Oil output at {n} fields; prime movers." for n in range(4)]
    for number, body in enumerate(bodies):
        library.add(Article(id=f"a{number}", title=f"Oil story {number}", body=body + "\n"))
    return library


@pytest.fixture
def index(library: Library, tmp_path: Path) -> Iterator[SearchIndex]:
    built = SearchIndex(tmp_path / "index", library, procs=1)
    built.sync()
    yield built
    built.close()


def answers(index: SearchIndex) -> list[tuple[int, list[tuple[str, float]]]]:
    found = []
    for query in QUERIES:
        results = index.search(query)
        found.append((results.total, [(h.id, round(h.score, 9)) for h in results.hits]))
    return found


def test_kept_matches_answer_as_fresh_ones(index: SearchIndex, tmp_path: Path) -> None:
    first = answers(index)
    assert len(index._latest().scorer.terms) > 0
    assert answers(index) == first  # from the store
    uncached = SearchIndex(tmp_path / "index", index.library, procs=1)
    uncached._latest().scorer.terms.max_bytes = 0  # keeps nothing
    try:
        assert answers(uncached) == first
        assert len(uncached._latest().scorer.terms) == 0
    finally:
        uncached.close()


def test_a_new_generation_is_searched_afresh(index: SearchIndex, library: Library) -> None:
    assert index.search("oil").total == 9
    library.add(Article(id="new", title="Update", body="More oil was found.\n"))
    index.sync()
    assert index.search("oil").total == 10
    assert index.update_many_annotations({"a0": (["crude"], "a note on oil")})
    assert index.search("tag:crude").total == 1
    assert index.search("note:oil").total == 1


def matches(size: int) -> Matches:
    return Matches(np.arange(size, dtype=np.int64), np.ones(size))


def test_the_store_keeps_to_its_bound_least_recently_used_out_first() -> None:
    cache: TermCache[Matches] = TermCache(max_bytes=16 * 100 * 4)  # four of 100 matches
    for n in range(4):
        cache.get(("body", b"t%d" % n), lambda: matches(100))
    cache.get(("body", b"t0"), lambda: matches(1))  # kept: t0 is now the most recent
    cache.get(("body", b"t4"), lambda: matches(100))  # t1 goes
    assert cache.bytes <= cache.max_bytes and len(cache) == 4
    made = []
    cache.get(("body", b"t1"), lambda: made.append(1) or matches(100))
    assert made == [1]  # made again
    assert cache.get(("body", b"t0"), lambda: matches(7)).ids.size == 100  # still kept
    big = cache.get(("body", b"huge"), lambda: matches(1000))  # over a quarter: not kept
    assert big.ids.flags.writeable and ("body", b"huge") not in cache._kept
    kept = cache.get(("body", b"t0"), lambda: matches(7))
    with pytest.raises(ValueError):
        kept.scores[0] = 5.0
