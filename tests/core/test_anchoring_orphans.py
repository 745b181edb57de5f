"""Issue 12.1: a highlight whose words are gone is an orphan, never a highlight on other words.

The two cases seen on the bundled articles, properties over their text, the rule that a
re-placed highlight never lands on another, and re-attaching an orphan through the store.
"""

import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.core.anchor_set import anchor_all
from app.core.anchoring import Anchor, anchor, describe
from app.core.annotations import AnnotationStore
from app.core.errors import InvalidInput
from app.core.library import Library, read_article_file
from app.core.render import render
from tests.conftest import BUNDLED_LIBRARY

STOLTENBERG = "secretary-general-jens-stoltenberg"
SENTENCE = "He added that the Allies would"
THIRD_TOPIC = "The third topic of the Summit"
WORD = re.compile(r"\w+")


def body(article_id: str) -> str:
    return read_article_file(BUNDLED_LIBRARY / f"{article_id}.md").body


def plain(markdown: str) -> str:
    return render(markdown).text


def selectors_for(text: str, quote: str) -> list[dict]:
    start = text.index(quote)
    return describe(text, start, start + len(quote))


def test_a_rewritten_sentence_is_an_orphan_that_shows_what_it_now_reads() -> None:
    original = body(STOLTENBERG)
    selectors = selectors_for(plain(original), "He added that the Allies")
    rewritten = plain(original.replace(SENTENCE, "Mr Stoltenberg said allies would"))
    assert anchor(rewritten, selectors) == Anchor(
        None, None, "orphan", now_reads="Mr Stoltenberg said allies"
    )


def test_a_deleted_paragraph_is_an_orphan_not_the_similar_bullet() -> None:
    original = body(STOLTENBERG)
    paragraph = next(p for p in original.split("\n\n") if p.startswith(THIRD_TOPIC))
    selectors = selectors_for(plain(original), THIRD_TOPIC)
    found = anchor(plain(original.replace(paragraph, "")), selectors)
    assert found == Anchor(None, None, "orphan")  # its neighbours are gone too: no "now reads"


def test_a_deleted_paragraph_never_takes_a_purple_highlight_s_words(tmp_path: Path) -> None:
    """The seen case end to end: the store places both, the purple one stays, the other is
    an orphan, and nothing overlaps."""
    library_dir = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library_dir)
    library = Library(library_dir)
    store = AnnotationStore(tmp_path / "annotations", library)
    text = plain(library.get(STOLTENBERG).body)
    bullet = text.index("important topic of the summit")
    purple = store.create(STOLTENBERG, bullet, bullet + 29, colour="purple")
    start = text.index(THIRD_TOPIC)
    third = store.create(STOLTENBERG, start, start + len(THIRD_TOPIC), note="keep me")
    path = library.get(STOLTENBERG).path
    markdown = path.read_text(encoding="utf-8")
    paragraph = next(p for p in markdown.split("\n\n") if p.startswith(THIRD_TOPIC))
    path.write_text(markdown.replace(paragraph, ""), encoding="utf-8")
    library.refresh()
    placed = {p.annotation.id: p for p in store.placed(STOLTENBERG)}
    assert placed[purple.id].status == "exact"
    assert placed[third.id].is_orphan and placed[third.id].annotation.note == "keep me"


def _same_length_other_word(word: str, vocabulary: list[str]) -> str | None:
    """A word of the same length that shares at most half its letters' places with ``word``:
    another word, not a typo of it."""
    for other in (w for w in vocabulary if len(w) == len(word)):
        same = sum(a == b for a, b in zip(other, word.lower(), strict=True))
        if 2 * same <= len(word):
            return other
    return None


ARTICLES = sorted(p.stem for p in BUNDLED_LIBRARY.glob("*.md"))


def _phrases(text: str) -> set[tuple[str, str]]:
    """Its two-word phrases with a word of four letters or more (not "of the"), words by
    their first three letters, so "Antony" and "Anthony" or "commitment" and "commitments"
    still count as the same words."""
    words = WORD.findall(text.casefold())
    return {(a[:3], b[:3]) for a, b in pairwise(words) if max(len(a), len(b)) >= 4}


def _quote_range(data: st.DataObject, text: str) -> tuple[int, int]:
    """A word-aligned range of 3 to 12 words inside one paragraph whose phrases occur nowhere
    else in the article: the articles repeat some sentences almost word for word (the NATO
    headline, the Stoltenberg summary), and a near copy there is the same words, which
    anchoring may rightly take."""
    words = [m.span() for m in WORD.finditer(text)]
    first = data.draw(st.integers(0, len(words) - 3))
    count = data.draw(st.integers(3, 12))
    last = min(first + count, len(words)) - 1
    start, end = words[first][0], words[last][1]
    assume("\n" not in text[start:end])
    phrases = _phrases(text[start:end])
    assume(phrases.isdisjoint(_phrases(text[:start]) | _phrases(text[end:])))
    return start, end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.sampled_from(ARTICLES), st.data())
def test_a_quote_whose_words_are_replaced_is_never_placed(article: str, data) -> None:
    text = plain(body(article))
    start, end = _quote_range(data, text)
    vocabulary = sorted({w.lower() for w in WORD.findall(text)}, key=lambda w: (len(w), w))
    shift = data.draw(st.integers(0, 50))
    rotated = vocabulary[shift:] + vocabulary[:shift]

    def other(match: re.Match[str]) -> str:
        replacement = _same_length_other_word(match.group(), rotated)
        return replacement or "q" * len(match.group())

    changed = text[:start] + WORD.sub(other, text[start:end]) + text[end:]
    selectors = describe(text, start, end)
    found = anchor(changed, selectors)
    assert found.is_orphan, (text[start:end], changed[found.start : found.end])
    if min(len(selectors[0]["prefix"]), len(selectors[0]["suffix"])) >= 8:
        # Its neighbours still stand, so the card can say what is there now.
        assert found.now_reads == changed[start:end]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.sampled_from(ARTICLES), st.data())
def test_a_quote_whose_paragraph_is_deleted_is_never_placed(article: str, data) -> None:
    text = plain(body(article))
    start, end = _quote_range(data, text)
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    changed = text[:begin] + ("" if stop == -1 else text[stop + 1 :])
    assume(changed.strip())
    found = anchor(changed, describe(text, start, end))
    assert found.is_orphan, (text[start:end], changed[found.start : found.end])


# A re-placed highlight never lands on another one.

PARAGRAPHS = (
    "In the morning the quick brown fox jumps over the lazy dog again and again.\n"
    "Villagers reported that a brown fox jumped over the lazy dog again yesterday.\n"
    "Nothing else happened."
)


def test_a_re_placed_highlight_never_newly_overlaps_another() -> None:
    first = PARAGRAPHS.index("quick brown fox")
    fox = describe(PARAGRAPHS, first, first + len("quick brown fox"))
    later = PARAGRAPHS.index("brown fox jumped")
    story = describe(PARAGRAPHS, later, later + len("brown fox jumped over the lazy dog again"))
    changed = PARAGRAPHS.replace(PARAGRAPHS.split("\n")[1] + "\n", "")
    alone = anchor(changed, story)
    assert alone.status == "fuzzy" and alone.start is not None  # on its own it would land...
    assert alone.start < changed.index("quick brown fox") + len("quick brown fox")  # ...on fox
    placed_fox, placed_story = anchor_all(changed, [fox, story])
    assert placed_fox == Anchor(changed.index("quick brown fox"), first + 15, "exact")
    assert placed_story.is_orphan
    # The stronger one wins whatever the order: an exact placement beats a fuzzy one.
    assert anchor_all(changed, [story, fox]) == [placed_story, placed_fox]


def test_highlights_that_overlapped_when_made_may_go_on_overlapping() -> None:
    start = PARAGRAPHS.index("quick brown fox")
    wide = describe(PARAGRAPHS, start, start + len("quick brown fox jumps"))
    inner = describe(PARAGRAPHS, start + 6, start + len("quick brown fox"))
    changed = "Breaking: " + PARAGRAPHS
    placed = anchor_all(changed, [wide, inner])
    assert [a.status for a in placed] == ["moved", "moved"]


# Re-attaching an orphan keeps the annotation and points it at new words.


def test_reattach_keeps_id_note_tags_colour_and_created_and_changes_the_place(
    tmp_path: Path,
) -> None:
    library_dir = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library_dir)
    library = Library(library_dir)
    store = AnnotationStore(tmp_path / "annotations", library)
    text = plain(library.get(STOLTENBERG).body)
    start = text.index("He added that the Allies")
    made = store.create(
        STOLTENBERG, start, start + 24, colour="green", tags=["pledge"], note="check this"
    )
    path = library.get(STOLTENBERG).path
    path.write_text(
        path.read_text(encoding="utf-8").replace(SENTENCE, "Mr Stoltenberg said allies would"),
        encoding="utf-8",
    )
    library.refresh()
    [orphan] = [p for p in store.placed(STOLTENBERG) if p.annotation.id == made.id]
    assert orphan.is_orphan and orphan.anchor is not None
    now = plain(library.get(STOLTENBERG).body)
    new_start = now.index(orphan.anchor.now_reads or "?")
    moved = store.reattach(STOLTENBERG, made.id, new_start, new_start + 26)
    assert (moved.id, moved.note, moved.tags, moved.colour, moved.created) == (
        made.id,
        "check this",
        ["pledge"],
        "green",
        made.created,
    )
    assert moved.modified > made.modified
    assert (moved.exact, moved.start, moved.end) == (
        "Mr Stoltenberg said allies",
        new_start,
        new_start + 26,
    )
    [placed] = store.placed(STOLTENBERG)
    assert placed.anchor == Anchor(new_start, new_start + 26, "exact")
    with pytest.raises(InvalidInput, match="whitespace"):
        store.reattach(STOLTENBERG, made.id, new_start - 1, new_start)
    note = store.create_note(STOLTENBERG, "about the whole article")
    with pytest.raises(InvalidInput, match="no place to re-attach"):
        store.reattach(STOLTENBERG, note.id, new_start, new_start + 5)
