"""Phrases keep the places of stop words: a real index over articles written for it.

Before positions kept their gaps, stop words were dropped and the words after them
renumbered, so "stock exchange" also found "stock in exchange for"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.index.phrases import fits
from app.core.library import Library

ARTICLES = {
    "exchange": "Shares rose on the stock exchange in Tokyo today.",
    "swap": "The company offered stock in exchange for the debt it owed.",
    "union": "The president gave the state of the union address last night.",
    "unions": "Each state and union leader met in the capital.",
    "minister": "The prime minister resigned after the vote.",
    "ministers": "A prime example: the minister of finance spoke.",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("phrases")
    library = Library(root / "library")
    for article_id, body in ARTICLES.items():
        library.add(Article(id=article_id, title=article_id.title(), body=body + "\n"))
    search_index = SearchIndex(root / "index", library)
    search_index.sync()
    yield search_index
    search_index.close()


def found(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query, limit=50).hits}


def test_stock_exchange_does_not_match_stock_in_exchange(index: SearchIndex) -> None:
    assert found(index, '"stock exchange"') == {"exchange"}
    assert found(index, '"stock in exchange"') == {"swap"}


def test_a_phrase_made_mostly_of_stop_words(index: SearchIndex) -> None:
    assert found(index, '"state of the union"') == {"union"}
    assert found(index, '"state union"') == set()


def test_prime_minister_and_its_marked_span(index: SearchIndex) -> None:
    results = index.search('"prime minister"')
    assert {h.id for h in results.hits} == {"minister"}
    hit = results.hits[0]
    text = "The prime minister resigned after the vote."
    assert [text[s:e] for s, e in hit.positions] == ["prime minister"]


def test_the_span_of_a_phrase_with_stop_words_covers_them(index: SearchIndex) -> None:
    hit = index.search('"state of the union"').hits[0]
    text = ARTICLES["union"]
    assert [text[s:e] for s, e in hit.positions] == ["state of the union"]


def test_slop_still_allows_words_between(index: SearchIndex) -> None:
    assert found(index, '"stock exchange"~3') == {"exchange", "swap"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=1, max_size=6, unique=True),
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
)
def test_fits_finds_exactly_the_placed_words(starts: list[int], gaps: list[int]) -> None:
    offsets = [0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    start = starts[0]
    positions = [sorted({start + o, *(s + o + 1 for s in starts[1:])}) for o in offsets]
    assert fits(positions, offsets, 1)
    shifted = [[p + 1 for p in positions[0] if p == start], *positions[1:]]
    expected = any(all(p + o in positions[i] for i, o in enumerate(offsets)) for p in shifted[0])
    assert fits(shifted, offsets, 1) == expected
