"""Every query, whatever was typed, costs bounded work, its spelling suggestion included.

Work is counted, not timed (a shared machine makes wall time say little): each term looked
up, each term read while walking the term list, each posting list opened and each stored
article read, in Whoosh's segment reader, on a real index of 300 BBC articles. Before the
bounds, ``[2024 to]x`` re-ran its open range (the whole vocabulary of six fields) for up to
12 suggestions and took 11 s on 2,090 articles.
"""

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.reading import SegmentReader

from app.core.index import SearchIndex
from app.core.library import Library
from tests.core.search_fixtures import bbc_library

# Generous: ten times what the costliest query below needs, a hundredth of what the
# unbounded range did.
MAX_WORK = 60_000
WORDS = ["oil", "bank", "film", "said", "year", "election", "2004", "labour", "brown", "x"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    root = tmp_path_factory.mktemp("bounds")
    bbc_library(root / "library", limit=300)
    built = SearchIndex(root / "index", Library(root / "library"), procs=1)
    built.sync()
    yield built
    built.close()


class WorkCounter:
    """Counts what Whoosh's segment reader is asked to do, by wrapping its methods."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: Counter[str] = Counter()
        for name in ("doc_frequency", "term_info", "postings", "stored_fields"):
            monkeypatch.setattr(SegmentReader, name, self._counting(name))
        monkeypatch.setattr(SegmentReader, "terms_from", self._walking())

    def _counting(self, name: str) -> Callable[..., Any]:
        original = getattr(SegmentReader, name)

        @functools.wraps(original)
        def counted(reader: SegmentReader, *args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            return original(reader, *args, **kwargs)

        return counted

    def _walking(self) -> Callable[..., Iterator[Any]]:
        original = SegmentReader.terms_from

        def walked(reader: SegmentReader, *args: Any) -> Iterator[Any]:
            for term in original(reader, *args):
                self.counts["terms walked"] += 1
                yield term

        return walked

    def measure(self, index: SearchIndex, query: str) -> int:
        self.counts.clear()
        results = index.search(query)
        assert not results.index_damaged, query
        return sum(self.counts.values())


@pytest.fixture
def counter(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> WorkCounter:
    index.search("warm")
    return WorkCounter(monkeypatch)


WORST = [
    "[2024 to]x",
    "[2024 to]",
    "[a to]x zzzq",
    "{a to z} qqqq",
    "*a*b*c*",
    "*zzq*",
    "a* b* c* d* e* f* g* h*",
    "x~99",
    "electoin~9 banc~5",
    '"a b c d e f g"~100',
    " ".join(f"w{i}" for i in range(3000)),
    " ".join(["said year"] * 3000),
    "electoin " * 2000,
    "x" * 10_000,
    "(" * 5000 + "oil",
    "[" * 3000 + "to",
    "agis* ashore~2 [b to c]",
]


@pytest.mark.parametrize("query", WORST, ids=[q[:30] for q in WORST])
def test_the_worst_known_queries_do_bounded_work(
    index: SearchIndex, counter: WorkCounter, query: str
) -> None:
    assert counter.measure(index, query) <= MAX_WORK


def test_a_plain_misspelling_still_gets_its_suggestion(index: SearchIndex) -> None:
    results = index.search("goverment")
    assert results.total == 0 and results.suggestion == "government"
    assert index.search("brwon gordon").suggestion == "brown gordon"


def test_syntax_gets_no_suggestion(index: SearchIndex) -> None:
    """A correction re-runs the query; for a range or a wildcard that is the costly part."""
    assert index.search("[2024 to]electoin").suggestion is None
    assert index.search("electoin*").suggestion is None


PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(min_size=1, max_size=12),
    st.builds(lambda a, b: f"[{a} to {b}]", st.sampled_from([*WORDS, ""]), st.sampled_from(WORDS)),
    st.builds(lambda a: f"[{a} to]", st.sampled_from(WORDS)),
    st.builds(lambda a: f"{{{a} to ]", st.sampled_from(WORDS)),
    st.builds(lambda w, n: f"{w}~{n}", st.sampled_from(WORDS), st.integers(0, 999)),
    st.builds(lambda w: f"*{w}*", st.sampled_from(WORDS)),
    st.sampled_from(["*", "?", "??*", "a*", "*a", "(", ")", '"', "[", "]", "{", "}", "^9"]),
    st.sampled_from(["AND", "OR", "NOT", "TO", "-", "+", "title:", "date:", "tag:", "note:"]),
    st.sampled_from(["date:2004", "date:[2004 to]", "date:[to 1987-03]", "title:[a to z]"]),
)
HOSTILE = st.one_of(
    st.lists(PIECES, min_size=1, max_size=40).map(" ".join),
    st.lists(PIECES, min_size=1, max_size=40).map("".join),
    st.builds(lambda p, n: " ".join([p] * n), PIECES, st.integers(100, 3000)),
    st.builds(lambda p, n: (p * n)[:10_000], PIECES, st.integers(1, 10_000)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=HOSTILE)
def test_any_hostile_query_does_bounded_work(
    index: SearchIndex, counter: WorkCounter, query: str
) -> None:
    assert counter.measure(index, query) <= MAX_WORK
