"""The word pattern every part of the index splits text with (build, queries, snippets)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from app.core.index.analysis import STOP_MIN_SIZE, WORD, normal_term

# The pattern as it was written before: the same words, more backtracking.
EARLIER = re.compile(r"\w+(?:\.?\w+)*")


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "Zü", "1", "9", "_", ".", "..", " ", "-", "é", "\n"])).map(
        "".join
    )
)
def test_the_word_pattern_splits_text_as_before(text: str) -> None:
    assert WORD.findall(text) == EARLIER.findall(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_splits_as_before(text: str) -> None:
    assert [m.span() for m in WORD.finditer(text)] == [m.span() for m in EARLIER.finditer(text)]


def test_dotted_words_and_figures() -> None:
    assert WORD.findall("U.S. rates 1.5 pct, e.g..x a.b.c") == [
        "U.S",
        "rates",
        "1.5",
        "pct",
        "e.g",
        "x",
        "a.b.c",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12))
def test_normal_term_folds_as_whoosh_does(word: str) -> None:
    """Accent folding is skipped for ASCII words: the map changes none once lower-cased."""
    folded = word.lower().translate(accent_map)
    expected = None if len(folded) < STOP_MIN_SIZE or folded in STOP_WORDS else stem(folded)
    assert normal_term(word) == expected
