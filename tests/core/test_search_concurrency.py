"""Searches on several threads (the window runs two) read side by side and beside the writer
(issue 11): on a real index, two searches overlap in time and answer as one at a time; a
search running while a sync commits answers from the old or the new generation and never
reads a closed file (ResourceWarnings are errors); a retired generation's searchers close
when the last query reading them ends; four threads searching through twenty syncs and
annotation commits never fail and never go back to an older generation."""

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.index.query import parse_query
from app.core.index.results import SearchResults
from app.core.index.schema import record_of
from app.core.library import Library
from tests.core.search_fixtures import TimedReads

WORDS = [
    "oil",
    "gas",
    "wheat",
    "grain",
    "coffee",
    "sugar",
    "copper",
    "gold",
    "yen",
    "dollar",
    "bank",
    "rates",
    "trade",
    "ship",
]
QUERIES = [
    "oil",
    "oil gas",
    '"wheat grain"',
    "gold -copper",
    "cof*",
    "tilte:oil",
    "oill pricess",
    "date:2020",
    "trade OR ship",
]


def _article(number: int, extra: str = "") -> Article:
    words = [WORDS[(number + k * k) % len(WORDS)] for k in range(1, 40)]
    body = f"Oil report {number}. " + " ".join(words) + f". {extra}\n"
    return Article(
        id=f"a{number}",
        title=f"Story {number} on {WORDS[number % len(WORDS)]}",
        body=body,
        date=dt.date(2020, 1 + number % 12, 1 + number % 28),
        source=["Reuters", "AP", "BBC"][number % 3],
    )


def _library(root: Path, count: int) -> Library:
    library = Library(root)
    for number in range(count):
        library.add(_article(number))
    return library


def _answer(results: SearchResults) -> tuple[Any, ...]:
    return (
        results.total,
        [(h.id, round(h.score, 9), h.snippet_text) for h in results.hits],
        results.facets,
        results.suggestion,
        results.error_hint,
        results.index_damaged,
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TimedReads]:
    root = tmp_path_factory.mktemp("concurrency")
    index = TimedReads(root / "index", _library(root / "library", 600), procs=1)
    index.sync()
    yield index
    index.close()


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Each call on its own thread, started together; their results (or what they raised)."""
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(at: int) -> None:
        barrier.wait()
        try:
            out[at] = calls[at]()
        except BaseException as exc:  # reported by the test, not lost in the thread
            out[at] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return out


def test_two_searches_overlap_and_answer_as_one_at_a_time(big: TimedReads) -> None:
    alone = [_answer(big.search(q, limit=500)) for q in ("oil", "gold OR ship")]
    for _attempt in range(5):  # the GIL decides who runs when: overlap is near certain
        big.spans.clear()
        found = _together(
            [lambda: big.search("oil", limit=500), lambda: big.search("gold OR ship", limit=500)]
        )
        assert [_answer(r) for r in found] == alone
        (a0, a1), (b0, b1) = big.spans.values()
        if max(a0, b0) < min(a1, b1):
            break
    else:
        pytest.fail(f"the two searches never ran at the same time: {big.spans}")


def test_every_kind_of_query_answers_alike_on_threads(big: TimedReads) -> None:
    alone = [_answer(big.search(q)) for q in QUERIES]
    together = _together([lambda q=q: big.search(q) for q in QUERIES])
    assert [_answer(r) for r in together] == alone
    days = _together([lambda: big.match_days("oil"), lambda: big.match_ids("gold")])
    assert list(days[0]) == list(big.match_days("oil"))
    assert days[1] == big.match_ids("gold")


@pytest.fixture
def small(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path / "index", _library(tmp_path / "library", 40), procs=1)
    index.sync()
    yield index
    index.close()


def test_a_query_reading_a_replaced_generation_reads_it_to_the_end(small: SearchIndex) -> None:
    with small._reading() as reading:
        assert reading is not None
        generation, searcher = reading.generation, reading.searcher
        small.library.add(_article(100, "oil"))
        small.sync()  # commits and searches the new generation meanwhile
        assert small.search("oil").total == 41
        # The old generation is still whole for the query that reads it.
        assert searcher.doc_count() == 40
        assert len(generation.scorer.matches(searcher, _parsed(small, searcher, "oil")).ids) == 40
        assert record_of(searcher.stored_fields(0)).id
    assert searcher.is_closed  # closed when its last query ended
    assert small.search("oil").total == 41


def _parsed(index: SearchIndex, searcher: Any, text: str) -> Any:
    return parse_query(index._parser(), searcher, text).query


def test_closing_the_index_waits_for_the_running_query(small: SearchIndex) -> None:
    with small._reading() as reading:
        assert reading is not None
        searcher = reading.searcher
        small.close()
        assert not searcher.is_closed and searcher.doc_count() == 40
    assert searcher.is_closed


def test_searches_through_syncs_and_annotation_commits(small: SearchIndex) -> None:
    """Four threads search while twenty syncs each add an article with "oil" (and every
    other one also commits an annotation): no error, no damage, and each thread's count
    of "oil" only grows (a search reads the latest generation when it starts)."""
    stop = threading.Event()
    seen: list[list[int]] = [[] for _ in range(4)]
    problems: list[BaseException | str] = []

    def searching(mine: list[int]) -> None:
        try:
            while not stop.is_set():
                results = small.search("oil", limit=50)
                if results.index_damaged or results.error_hint:
                    problems.append(f"{results.notice} {results.error_hint}")
                mine.append(results.total)
                small.search("gold OR tag:crude")
        except BaseException as exc:
            problems.append(exc)

    threads = [threading.Thread(target=searching, args=(mine,)) for mine in seen]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        for n in range(20):
            small.library.add(_article(200 + n, "oil"))
            small.sync()
            if n % 2:
                assert small.update_many_annotations({f"a{n}": (["crude"], "a note")})
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert time.perf_counter() - started < 60  # a hang guard: speed is bench_concurrency's
    assert not problems
    for mine in seen:
        assert mine and all(40 <= t <= 60 for t in mine)
        assert mine == sorted(mine)
    assert small.search("oil").total == 60
    assert small.search("tag:crude").total == 10
