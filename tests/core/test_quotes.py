"""Finding a typed quote: as typed first, then ignoring case, near matches only on request."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InvalidInput, NotFound
from app.core.quotes import find_quote, matches

TEXT = "The NATO summit opened.\nLeaders of nato met; the Nato\nsummit closed in Washington."

words = st.text(alphabet="abcdefgh", min_size=1, max_size=6)


def test_as_typed_wins_over_other_capitals() -> None:
    found = find_quote(TEXT, "Nato summit")
    assert (found.kind, found.text) == ("exact", "Nato\nsummit")


def test_capitals_are_ignored_when_nothing_matches_as_typed() -> None:
    found = [m.text for m in matches(TEXT, "NATO SUMMIT")]
    assert found == ["NATO summit", "Nato\nsummit"]
    assert find_quote(TEXT, "nato SUMMIT", 2).kind == "ignoring case"


def test_near_matches_are_offered_never_taken_silently() -> None:
    with pytest.raises(NotFound, match=r"near matches: 1: 'Washington'"):
        find_quote(TEXT, "Washingtn")
    assert find_quote(TEXT, "Washingtn", near=True).text == "Washington"


@pytest.mark.parametrize(("quote", "occurrence"), [("  ", 1), ("NATO", 0)])
def test_bad_requests_are_refused(quote: str, occurrence: int) -> None:
    with pytest.raises(InvalidInput):
        find_quote(TEXT, quote, occurrence)


def test_an_occurrence_past_the_last_names_the_count() -> None:
    with pytest.raises(NotFound, match="occurs 1 time"):
        find_quote(TEXT, "Leaders", 2)


@given(st.lists(words, min_size=1, max_size=30), st.data())
def test_every_slice_of_words_is_found_where_it_is(
    text_words: list[str], data: st.DataObject
) -> None:
    text = " ".join(text_words)
    first = data.draw(st.integers(0, len(text_words) - 1))
    last = data.draw(st.integers(first, len(text_words) - 1))
    quote = " ".join(text_words[first : last + 1])
    found = matches(text, quote.upper())
    assert found and all(m.text.casefold() == quote.casefold() for m in found)
    start = len(" ".join(text_words[:first])) + (1 if first else 0)
    assert start in [m.start for m in found]
