"""``with_date_range``: what a drag over the timeline does to the query the user typed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.timeline import with_date_range

CLAUSE = "date:[1987-03-01 to 1987-03-31]"


def test_a_range_replaces_the_range_and_keeps_the_rest() -> None:
    assert with_date_range("oil", CLAUSE) == f"oil {CLAUSE}"
    assert with_date_range("oil date:[1986 to 1988] iran", CLAUSE) == f"oil iran {CLAUSE}"
    assert with_date_range("oil DATE:[1986 to 1988]", None) == "oil"
    assert with_date_range("oil date:1987", CLAUSE) == f"oil date:1987 {CLAUSE}"  # a chip stays
    assert with_date_range("title:date:[x]", None) == "title:date:[x]"  # not a clause of its own
    assert with_date_range("", CLAUSE) == CLAUSE and with_date_range("", None) == ""


words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="["), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(words, st.just("date:[1990 to 1991]")), max_size=6))
def test_exactly_one_range_and_the_other_words_in_order(parts: list[str]) -> None:
    query = " ".join(parts)
    narrowed = with_date_range(query, CLAUSE)
    assert narrowed.endswith(CLAUSE) and narrowed.count("date:[") == 1
    kept = [p for p in " ".join(p for p in parts if p != "date:[1990 to 1991]").split()]
    assert narrowed.removesuffix(CLAUSE).split() == kept
    widened = with_date_range(narrowed, None)
    assert "date:[" not in widened and widened.split() == kept
    assert with_date_range(widened, None) == widened  # taking it out twice changes nothing
