"""What users really type: nothing crashes, each query gets results or a short hint, and no
query takes more than about a second."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, make_library


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("bad-input")
    library = make_library(root / "library")
    words = " ".join(f"zq{n:05d}x" for n in range(6000))
    library.add(Article(id="many-words", title="A list of codes", body=words + "\n"))
    search_index = SearchIndex(root / "index", Library(root / "library"))
    search_index.sync()
    yield search_index
    search_index.close()


def run(index: SearchIndex, query: str) -> tuple[set[str], str | None]:
    started = time.perf_counter()
    results = index.search(query)
    assert time.perf_counter() - started < 1.0, query
    return {h.id for h in results.hits}, results.error_hint


def test_unbalanced_quote_is_closed_with_a_hint(index: SearchIndex) -> None:
    found, hint = run(index, '"Aegis Ashore')
    assert found == {URGENT_TASK}
    assert hint is not None and "quote" in hint


def test_unbalanced_parentheses(index: SearchIndex) -> None:
    found, hint = run(index, "(nesterova OR aegis")
    assert found == {NATO_SUMMIT, URGENT_TASK} and hint is not None and "(" in hint
    found, hint = run(index, "nesterova)")
    assert found == {NATO_SUMMIT} and hint is not None and ")" in hint


def test_bad_date_says_how_to_write_dates(index: SearchIndex) -> None:
    for query in ("date:[garbage", "date:2024-13", "date:yesterday", "date:[2025 to 2024]"):
        found, hint = run(index, query)
        assert found == set()
        assert hint is not None and "date:2024-07" in hint, query


def test_unknown_field_is_searched_as_words(index: SearchIndex) -> None:
    found, hint = run(index, "publisher:nesterova")
    assert found == {NATO_SUMMIT}
    assert hint is not None and "'publisher:' is not a field" in hint and "author:" in hint


def test_very_long_query_is_cut(index: SearchIndex) -> None:
    found, hint = run(index, "nesterova " + "word " * 1000)
    assert hint is not None and "cut" in hint
    found, _hint = run(index, "x" * 5000)
    assert found == set()


def test_only_stop_words(index: SearchIndex) -> None:
    found, hint = run(index, "the of and a")
    assert found == set()
    assert hint is not None and "common words" in hint


def test_star_alone_lists_everything(index: SearchIndex) -> None:
    results = index.search("*", limit=100)
    assert results.total == 5 and results.error_hint is not None
    assert run(index, "?")[1] is not None


def test_huge_prefix_expansion_is_bounded(index: SearchIndex) -> None:
    found, hint = run(index, "zq*")
    assert found == {"many-words"}
    assert hint is not None and "most common" in hint
    found, hint = run(index, "zq0000x~2")
    assert found == {"many-words"}


def test_control_characters_are_ignored(index: SearchIndex) -> None:
    found, hint = run(index, "nes\x00terova\x07 \u200baegis\x1b[1m")
    assert hint is not None and "control" in hint
    found, _hint = run(index, "\x00nesterova\x7f")
    assert found == {NATO_SUMMIT}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "()",
        ")(",
        "AND",
        "OR OR",
        "NOT",
        "-",
        "~",
        "title:",
        "date:",
        "date:[",
        "tag:",
        "^2",
        "nato^",
        "field:(a b",
        "*:*",
        "[a to",
        "\\",
        "'",
        "a:b:c",
        "🙂 emoji",
        "东京",
    ],
)
def test_odd_queries_never_raise(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.total >= 0
    assert results.hits or results.total == 0 or results.error_hint is None


QUERY_PIECES = [
    "nato", "summit", "zurich", '"', "(", ")", " AND ", " OR ", " NOT ", "-", "+", "*", "?",
    "~", "~2", "^2", ":", "title:", "tag:", "note:", "author:", "date:", "date:[", "]", " to ",
    ">", "<", "=", "2024", "-07", "'", "\\", "{", "}", "[", "/", ",", "é", "\x00", "🙂", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(QUERY_PIECES), min_size=1, max_size=12).map("".join))
def test_any_mix_of_syntax_never_raises(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert all(0 <= start < end for start, end in hit.positions)
