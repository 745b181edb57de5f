"""The word pattern every part of the index splits text with (build, queries, snippets)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.index.analysis import WORD

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
