"""Anchoring: describe/match_quote/anchor, including the Myers matcher underneath."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.anchoring import Anchor, anchor, describe, match_quote
from app.core.approx_match import _last_row, search, similarity
from app.core.errors import InvalidInput

TEXT = (
    "Japan has cancelled the deployment of Aegis Ashore, a land-based missile defence system.\n"
    "The decision surprised Washington. Officials said Aegis Ashore was too costly.\n"
    "Critics argued that the system would have protected the country from attack."
)


def levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def best_substring_distance(text: str, pattern: str) -> int:
    return min(
        levenshtein(text[i:j], pattern)
        for i in range(len(text) + 1)
        for j in range(i, len(text) + 1)
    )


def test_describe_gives_quote_with_32_points_of_context_and_position() -> None:
    start = TEXT.index("Aegis Ashore, a land")
    quote, position = describe(TEXT, start, start + 12)
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "Aegis Ashore",
        "prefix": TEXT[start - 32 : start],
        "suffix": TEXT[start + 12 : start + 44],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 12}


@pytest.mark.parametrize(("start", "end"), [(5, 5), (7, 3), (-1, 4), (0, 10_000)])
def test_describe_refuses_empty_or_outside_ranges(start: int, end: int) -> None:
    with pytest.raises(InvalidInput, match="range"):
        describe(TEXT, start, end)


def test_unchanged_text_is_exact() -> None:
    start = TEXT.index("too costly")
    assert anchor(TEXT, describe(TEXT, start, start + 10)) == Anchor(start, start + 10, "exact")


def test_inserted_text_before_moves_the_highlight() -> None:
    start = TEXT.index("too costly")
    changed = "Breaking news. " + TEXT
    found = anchor(changed, describe(TEXT, start, start + 10))
    assert found == Anchor(start + 15, start + 25, "moved")


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    second = TEXT.index("Aegis Ashore was")
    selectors = describe(TEXT, second, second + 12)
    changed = "Update: " + TEXT
    found = anchor(changed, selectors)
    assert found.status == "moved"
    assert found.start == second + 8
    assert changed[found.start : found.start + 20] == "Aegis Ashore was too"


def test_context_wins_even_when_the_old_position_points_at_the_other_copy() -> None:
    first = TEXT.index("Aegis Ashore")
    second = TEXT.index("Aegis Ashore", first + 1)
    selectors = describe(TEXT, second, second + 12)
    selectors[1] = {"type": "TextPositionSelector", "start": first + 3, "end": first + 15}
    assert anchor(TEXT, selectors) == Anchor(second, second + 12, "moved")


def test_edited_quote_is_found_approximately() -> None:
    start = TEXT.index("Critics argued")
    end = TEXT.index(" from attack")
    selectors = describe(TEXT, start, end)
    changed = TEXT.replace("argued that", "claimed that").replace("country", "nation")
    found = anchor(changed, selectors)
    assert found.status == "fuzzy"
    assert found.start == changed.index("Critics claimed")
    assert found.end == changed.index(" from attack")


def test_vanished_passage_is_an_orphan_and_quote_only_selectors_work() -> None:
    start = TEXT.index("Critics")
    selectors = describe(TEXT, start, len(TEXT))
    first_line = TEXT.split("\n")[0]
    assert anchor(first_line, selectors) == Anchor(None, None, "orphan")
    assert anchor(TEXT, selectors[:1]).status == "moved"
    assert anchor(TEXT, []).status == "orphan"
    assert anchor("", selectors).status == "orphan"


def test_position_without_quote_is_trusted_only_inside_the_text() -> None:
    assert anchor(TEXT, [{"type": "TextPositionSelector", "start": 0, "end": 5}]).status == "exact"
    outside = [{"type": "TextPositionSelector", "start": 0, "end": len(TEXT) + 1}]
    assert anchor(TEXT, outside).status == "orphan"


def test_match_quote_scores_one_for_exact_match_with_context() -> None:
    start = TEXT.index("decision")
    quote, _ = describe(TEXT, start, start + 8)
    found = match_quote(
        TEXT, "decision", prefix=quote["prefix"], suffix=quote["suffix"], hint=start
    )
    assert found is not None
    assert (found.start, found.end, found.score) == (start, start + 8, 1.0)
    worse = match_quote(TEXT, "decisoin", prefix=quote["prefix"], suffix=quote["suffix"])
    assert worse is not None and worse.score < 1.0
    assert match_quote(TEXT, "") is None
    assert match_quote(TEXT, "zzzzzzzzzzzzzzzz") is None


def test_myers_search_agrees_with_plain_edit_distance() -> None:
    rng = random.Random(7)
    for _ in range(150):
        text = "".join(rng.choice("abcd") for _ in range(rng.randint(1, 14)))
        pattern = "".join(rng.choice("abcd") for _ in range(rng.randint(1, 6)))
        expected = best_substring_distance(text, pattern)
        matches = search(text, pattern, len(pattern))
        assert matches, (text, pattern)
        assert {m.errors for m in matches} == {expected}
        for m in matches:
            assert levenshtein(text[m.start : m.end], pattern) == m.errors
        assert similarity(text, pattern) == pytest.approx(1 - expected / len(pattern))


def test_search_respects_the_error_bound() -> None:
    assert search("hello world", "hxllo", 0) == []
    assert [(m.start, m.end, m.errors) for m in search("hello world", "hxllo", 1)] == [(0, 5, 1)]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_describe_then_anchor_is_exact_for_any_text_and_range(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert anchor(text, describe(text, start, end)) == Anchor(start, end, "exact")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abc \n", min_size=2, max_size=120), st.data())
def test_anchor_always_returns_a_range_holding_the_quote_or_an_orphan(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, len(text)))
    selectors = describe(text, start, end)
    cut = data.draw(st.integers(0, len(text)))
    found = anchor(text[:cut] + "x" + text[cut:], selectors)
    if found.status == "orphan":
        assert found.start is None
    else:
        assert found.start is not None and found.end is not None
        assert 0 <= found.start < found.end <= len(text) + 1


def test_filtered_search_finds_the_same_best_match_as_a_full_scan() -> None:
    rng = random.Random(11)
    words = [
        "the",
        "minister",
        "said",
        "that",
        "growth",
        "in",
        "the",
        "market",
        "would",
        "slow",
        "next",
        "year",
    ]
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(50, 200)))
        start = rng.randrange(len(text) - 40)
        quote = list(text[start : start + rng.randint(10, 40)])
        for _ in range(rng.randint(1, 4)):
            quote[rng.randrange(len(quote))] = rng.choice("xyz")
        pattern = "".join(quote)
        matches = search(text, pattern, len(pattern) // 2)
        full_scan = min(_last_row(text, pattern, anchored=False))
        assert matches
        assert {m.errors for m in matches} == {full_scan}


def test_rewritten_short_quote_is_an_orphan_that_says_what_its_place_now_reads() -> None:
    start = TEXT.index("surprised")
    selectors = describe(TEXT, start, start + len("surprised"))
    changed = TEXT.replace("surprised", "angered")
    assert anchor(changed, selectors) == Anchor(None, None, "orphan", "angered")


def test_short_quote_elsewhere_without_its_context_is_an_orphan_not_a_wrong_place() -> None:
    text = "Alpha beta gamma delta. " * 3 + "The fraud was large, prosecutors said on Monday."
    start = text.index("fraud")
    selectors = describe(text, start, start + 5)
    changed = (
        "Completely new opening words here. The fraud inquiry opened. "
        + "Nothing else stays the same in this version of the story at all, none."
    )
    assert anchor(changed, selectors).status == "orphan"


def test_short_quote_at_its_old_offset_by_chance_is_not_trusted() -> None:
    original = "Let the real artists shine, said the fans."
    selectors = describe(original, 4, 7)
    changed = "Not the song we want to hear again. " + original
    assert changed[4:7] == "the"
    found = anchor(changed, selectors)
    assert found == Anchor(40, 43, "moved")
    assert changed[40:48] == "the real"


def test_word_inserted_just_outside_an_edited_quote_stays_outside() -> None:
    text = "Aid came from Britain, France, Gavi and the Gates Foundation this year."
    start = text.index("Britain, France")
    selectors = describe(text, start, start + len("Britain, France"))
    changed = text.replace("Britain, France", "said Britain, Fance")
    found = anchor(changed, selectors)
    assert found.status == "fuzzy"
    assert changed[found.start : found.end] == "Britain, Fance"
