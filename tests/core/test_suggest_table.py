"""The spelling table behind "Did you mean": its symmetric-delete look-up finds exactly the
terms within the edit distance (checked against the distance itself on random vocabularies,
words longer than the key prefix included), and its per-segment lexicons kept beside a real
index are never stale (a sync that adds words is seen at once) and never trusted when
damaged (read again from the index, rewritten, no crash)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.support.levenshtein import damerau_levenshtein

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.index.spelling_table import (
    PREFIX,
    SIDE_PREFIX,
    SIDE_SUFFIX,
    SpellingTable,
    _load,
)
from app.core.library import Library

# Few letters, so random words are often within two edits of each other; "é" and "ж" for
# characters beyond ASCII, "z" kept rare so the table's "other" byte is exercised too.
words = st.text(alphabet="abcdeéжz", min_size=1, max_size=PREFIX + 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=60, unique=True), words, st.integers(0, 2))
def test_near_finds_exactly_the_terms_within_the_distance(
    vocabulary: list[str], word: str, most: int
) -> None:
    table = SpellingTable({t: n + 1 for n, t in enumerate(vocabulary)}, {})
    found = {table.terms[row]: d for d, row in table.near(word, most)}
    expected = {t: damerau_levenshtein(word, t) for t in vocabulary}
    assert found == {t: d for t, d in expected.items() if d <= most}


def test_near_ranks_by_distance_and_keeps_names_apart() -> None:
    table = SpellingTable({"price": 9, "princess": 2}, {"kowalczyk": 1})
    near = [(d, table.terms[row]) for d, row in table.near("pricess")]
    assert near == [(1, "princess"), (2, "price")]
    assert [table.terms[r] for _d, r in table.near("kowalcyk")] == ["kowalczyk"]
    assert table.stem_count == 2 and table.near("") == []
    assert SpellingTable({}, {}).near("anything") == []


def side_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob(f"{SIDE_PREFIX}*{SIDE_SUFFIX}"))


def segment_ids(index: SearchIndex) -> set[str]:
    searcher = index._current()
    assert searcher is not None
    return {r.segment().segment_id() for r, _o in searcher.reader().leaf_readers()}


@pytest.fixture
def library_index(tmp_path: Path) -> Iterator[tuple[Library, SearchIndex]]:
    library = Library(tmp_path / "library")
    bodies = ["Zookeepers fed the giraffe.", "The giraffe escaped the zoo.", "Markets fell."]
    for number, body in enumerate(bodies):
        library.add(Article(id=f"a{number}", title=f"Story {number}", body=body + "\n"))
    index = SearchIndex(tmp_path / "index", library, procs=1)
    index.sync()
    yield library, index
    index.close()


def test_a_sync_that_adds_words_is_seen_by_the_next_suggestion(
    library_index: tuple[Library, SearchIndex], tmp_path: Path
) -> None:
    library, index = library_index
    assert index.search("grafe").suggestion == "giraffe"
    assert index.search("zebrra").suggestion is None  # no such word yet
    assert index.search("zzebraa").suggestion is None  # nor in the table (two edits)
    kept = side_files(tmp_path / "index")
    assert [p.name for p in kept] == [f"{SIDE_PREFIX}{s}{SIDE_SUFFIX}" for s in segment_ids(index)]
    library.add(Article(id="z", title="News", body="A zebra crossed the road.\n"))
    assert index.sync().added == 1
    assert index.search("zebrra").suggestion == "zebra"
    assert index.search("zzebraa").suggestion == "zebra"  # the table of the new generation
    names = {p.name for p in side_files(tmp_path / "index")}
    assert names == {f"{SIDE_PREFIX}{s}{SIDE_SUFFIX}" for s in segment_ids(index)}
    # A new process reads the kept lexicons and sees the new word as well.
    again = SearchIndex(tmp_path / "index", library, procs=1)
    try:
        assert again.search("zzebraa").suggestion == "zebra"
    finally:
        again.close()


EMPTY = {"body": [[], []], "title": [[], []], "author": [[], []]}
DAMAGE = {
    "garbage": b"\x00\xff not json",
    "truncated": b'{"segment": "',
    "deep": b"[" * 100_000,
    "other segment": json.dumps({"segment": "MAIN_x", "fields": EMPTY}),
    "no author field": "{no author}",
    "bad counts": "{bad counts}",
    "lengths differ": "{lengths}",
}
BROKEN_FIELDS = {
    "{no author}": {"body": [["giraff"], [2]], "title": [[], []]},
    "{bad counts}": {**EMPTY, "body": [["giraff"], [-1]]},
    "{lengths}": {**EMPTY, "body": [["x", "y"], [1]]},
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_side_file_is_read_again_from_the_index(
    library_index: tuple[Library, SearchIndex], tmp_path: Path, kind: str
) -> None:
    library, index = library_index
    assert index.search("grafe").suggestion == "giraffe"  # two edits: the table is made
    (path,) = side_files(tmp_path / "index")
    segment = path.name.removeprefix(SIDE_PREFIX).removesuffix(SIDE_SUFFIX)
    damage = DAMAGE[kind]
    if isinstance(damage, str) and damage in BROKEN_FIELDS:
        damage = json.dumps({"segment": segment, "fields": BROKEN_FIELDS[damage]})
    path.write_bytes(damage.encode() if isinstance(damage, str) else damage)
    assert _load(path, segment) is None
    fresh = SearchIndex(tmp_path / "index", library, procs=1)
    try:
        assert fresh.search("grafe").suggestion == "giraffe"
    finally:
        fresh.close()
    lexicon = _load(path, segment)  # written again, whole
    assert lexicon is not None and lexicon["body"]["giraff"] == 2


def test_one_edit_needs_no_table_and_two_edits_make_it(
    library_index: tuple[Library, SearchIndex],
) -> None:
    """A one-off search (the CLI) with a one-edit typo reads the index, not the whole
    lexicon; the table is made for a word two edits from any written form."""
    _library, index = library_index
    searcher = index._current()
    assert searcher is not None
    assert index.search("girafe").suggestion == "giraffe"
    assert index._spelling.built(searcher) is None
    assert index.search("grafe").suggestion == "giraffe"  # two edits
    assert index._spelling.built(searcher) is not None


def test_an_index_folder_that_cannot_be_written_still_suggests(
    library_index: tuple[Library, SearchIndex], tmp_path: Path
) -> None:
    _library, index = library_index
    for path in side_files(tmp_path / "index"):
        path.unlink()
    blocker = tmp_path / "index" / f"{SIDE_PREFIX}{next(iter(segment_ids(index)))}{SIDE_SUFFIX}"
    blocker.mkdir()  # a folder where the side file would go: writing it fails
    assert index.search("grafe").suggestion == "giraffe"
