"""Phrases checked over all candidates at once (posting_values.py) find exactly what the
document-by-document check finds, for positions of every width the compact format writes;
block values read lazily (codec.BlockValues) are the values that were packed; and on a real
index, phrases of two and three words match what Whoosh's own phrase matcher matches."""

from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.index import SearchIndex
from app.core.index.codec import BlockValues, pack_block, unpack_block
from app.core.index.phrases import fits
from app.core.index.positions import CompactPositions
from app.core.index.posting_values import Values, phrase_found
from app.core.index.postings import _ids, read_postings
from app.core.index.query import make_parser, parse_query
from app.core.index.scoring import Matches, _Evaluation
from app.core.library import Library
from tests.core.search_fixtures import bbc_library

FORMAT = CompactPositions()
# Small positions (one byte a delta), and far ones (two and four bytes a delta).
POSITION = st.one_of(st.integers(0, 40), st.integers(0, 70_000), st.integers(0, 2**20))
DOC = st.lists(st.lists(POSITION, min_size=1, max_size=6, unique=True), min_size=2, max_size=3)


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(DOC, min_size=1, max_size=12),
    gaps=st.lists(st.integers(1, 3), min_size=2, max_size=2),
)
def test_all_at_once_finds_what_one_by_one_finds(
    docs: list[list[list[int]]], gaps: list[int]
) -> None:
    words = min(len(d) for d in docs)
    docs = [[sorted(p) for p in d[:words]] for d in docs]
    offsets = [0, *np.cumsum(gaps[: words - 1]).tolist()]
    # Some documents made to hold the phrase, so both answers get exercised.
    for n, doc in enumerate(docs[::2]):
        start = 100 * n + 5
        for i in range(words):
            doc[i] = sorted({*doc[i], start + offsets[i]})
    encoded = [Values.of([FORMAT.encode(d[i]) for d in docs]) for i in range(words)]
    found = phrase_found(encoded, offsets)
    assert found is not None
    expected = [fits(d, offsets, 1) for d in docs]
    assert found.tolist() == expected
    assert any(expected)


def test_values_not_in_the_compact_format_are_left_to_the_caller() -> None:
    pickled = Values.of([b"\x80\x04K\x01.", FORMAT.encode([3])])
    assert phrase_found([pickled, pickled], [0, 1]) is None
    empty = Values.of([b"", FORMAT.encode([3])])
    assert phrase_found([empty, empty], [0, 1]) is None


def test_values_taken_and_joined_keep_their_bytes() -> None:
    a, b = Values.of([b"one", b"", b"three"]), Values.of([b"four"])
    joined = Values.joined([a, b])
    assert [joined[i] for i in range(len(joined))] == [b"one", b"", b"three", b"four"]
    taken = joined.take(np.array([3, 0]))
    assert [taken[0], taken[1]] == [b"four", b"one"]
    assert len(Values.joined([])) == 0  # an index without segments


@pytest.mark.parametrize("width", [1, 300, 70_000])
def test_block_values_are_the_packed_values(width: int) -> None:
    values = [bytes([n % 256]) * (n % 5 + (width if n == 3 else 0)) for n in range(9)]
    ids = list(range(2, 20, 2))
    packed = pack_block(ids, array("f", [1.0] * 9), values, None)
    assert packed is not None
    _deltas, _weights, found = unpack_block(packed, 9, None)
    assert isinstance(found, BlockValues)
    assert len(found) == 9 and list(found) == values
    assert found[-1] == values[-1] and found[2:4] == values[2:4]
    with pytest.raises(IndexError):
        found[9]


PHRASES = ['"prime minister"', '"chief executive"', '"the prime minister"', '"oil prices"']
PHRASES += ['"interest rates"', '"said the"', 'title:"new year"', '"world cup final"']


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("phrases")
    bbc_library(root / "library", limit=400)
    search_index = SearchIndex(root / "index", Library(root / "library"), procs=1)
    search_index.sync()
    yield search_index
    search_index.close()


@pytest.mark.parametrize("text", PHRASES)
def test_phrases_match_what_whoosh_matches(index: SearchIndex, text: str) -> None:
    searcher = index._current()
    assert searcher is not None
    parsed = parse_query(make_parser(), searcher, text)
    assert parsed.query is not None
    ours = index._latest().scorer.matches(searcher, parsed.query)
    theirs = _Evaluation(index._latest().scorer, searcher)._by_whoosh(parsed.query)
    assert ours.ids.tolist() == theirs.ids.tolist()
    assert np.allclose(ours.scores, theirs.scores, rtol=1e-5)


def test_a_common_word_has_its_values_as_block_buffers(index: SearchIndex) -> None:
    """'said' fills whole blocks: its values come as the blocks' buffers, one per posting."""
    searcher = index._current()
    assert searcher is not None
    reader = searcher.reader()
    postings = read_postings(reader, "body", b"said", values=True)
    assert postings.values is not None and len(postings.values) == len(postings.ids) > 128
    matcher = reader.postings("body", b"said")
    whooshs = []
    while matcher.is_active():
        whooshs.append(matcher.value())
        matcher.next()
    assert [postings.values[i] for i in range(len(postings.ids))] == whooshs


def test_postings_within_some_documents_read_only_their_blocks(index: SearchIndex) -> None:
    searcher = index._current()
    assert searcher is not None
    reader = searcher.reader()
    every = read_postings(reader, "body", b"said", values=True)
    within = every.ids[[3, 200]]  # the first block's and a later one's
    some = read_postings(reader, "body", b"said", values=True, within=within)
    assert set(within.tolist()) <= set(some.ids.tolist())
    assert len(some.ids) <= 2 * 128 < len(every.ids)
    at = np.searchsorted(every.ids, some.ids)
    assert every.ids[at].tolist() == some.ids.tolist()
    assert every.weights[at].tolist() == some.weights.tolist()
    assert some.values is not None and every.values is not None
    assert [some.values[i] for i in range(len(at))] == [every.values[int(i)] for i in at]
    nothing = read_postings(reader, "body", b"said", within=np.zeros(0, dtype=np.int64))
    assert len(nothing.ids) == 0


def test_a_phrase_is_kept_for_the_generation_by_its_words_and_gaps(index: SearchIndex) -> None:
    searcher = index._current()
    assert searcher is not None

    def matches(text: str) -> Matches:
        parsed = parse_query(make_parser(), searcher, text)
        assert parsed.query is not None
        return index._latest().scorer.matches(searcher, parsed.query)

    first = matches('"prime minister"')
    assert matches('"prime minister"') is first and not first.ids.flags.writeable
    gapped = matches('"prime of minister"')  # the same words two apart: not the same phrase
    assert gapped is not first and len(gapped.ids) < len(first.ids)
    boosted = matches('"prime minister"^2')
    assert boosted.ids.tolist() == first.ids.tolist()
    assert np.allclose(boosted.scores, 2 * first.scores)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**31), max_size=6, unique=True), max_size=6))
def test_block_ids_summed_in_one_pass_are_each_blocks_ids(blocks: list[list[int]]) -> None:
    blocks = [sorted(b) for b in blocks]
    parts = [
        np.diff(np.asarray(b, dtype=np.int64), prepend=0).astype(np.uint32 if n % 2 else np.int64)
        for n, b in enumerate(blocks)
    ]
    assert _ids(parts).tolist() == [i for b in blocks for i in b]
