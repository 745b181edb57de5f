"""The codebook (descriptions, colours, '/' hierarchy) and renames of whole branches."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.annotations import AnnotationStore
from app.core.annotations.model import normalise_tag
from app.core.article import Article
from app.core.codebook import Code, Codebook, build_tree, is_under, moved, render
from app.core.errors import InvalidInput
from app.core.library import Library
from app.core.render import render as render_body

BODY = "Japan dropped Aegis Ashore in 2020. Critics said the costs were too high."


@pytest.fixture
def store(library_dir: Path, data_dir: Path) -> AnnotationStore:
    library = Library(library_dir)
    library.add(Article(id="aegis", title="Aegis", body=BODY))
    return AnnotationStore(data_dir / "annotations", library)


def _highlight(store: AnnotationStore, quote: str, tags: list[str]) -> None:
    text = render_body(BODY).text
    start = text.index(quote)
    store.create("aegis", start, start + len(quote), tags=tags)


def test_tag_paths_are_normalised_level_by_level() -> None:
    assert normalise_tag(" #defence / missile defence//aegis ashore/ ") == (
        "defence/missile-defence/aegis-ashore"
    )
    with pytest.raises(InvalidInput, match="empty"):
        normalise_tag(" / / ")


_LEVEL = st.text(
    alphabet=st.characters(blacklist_characters=',;#"/', blacklist_categories=("Cc", "Cs")),
    min_size=0,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_LEVEL, min_size=1, max_size=5))
def test_normalising_a_tag_path_twice_changes_nothing(parts: list[str]) -> None:
    raw = "/".join(parts)
    try:
        once = normalise_tag(raw)
    except InvalidInput:
        return
    assert normalise_tag(once) == once
    assert all(level and level == "-".join(level.split()) for level in once.split("/"))
    assert not once.startswith("#")


_CODE = st.builds(
    Code,
    name=st.from_regex(r"[a-zé0-9]{1,6}(/[a-z0-9-]{1,6}){0,2}", fullmatch=True),
    description=st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
        max_size=40,
    ),
    colour=st.sampled_from([None, "#aabbcc", "#ffe680"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_CODE, max_size=6, unique_by=lambda c: c.name.casefold()))
def test_codebook_json_round_trip(
    tmp_path_factory: pytest.TempPathFactory, codes: list[Code]
) -> None:
    folder = tmp_path_factory.mktemp("cb")
    book = Codebook(folder)
    book.merge(codes)
    expected = sorted((c.name, c.description, c.colour) for c in codes)
    assert sorted((c.name, c.description, c.colour) for c in book.codes()) == expected
    again = Codebook(folder)
    assert again.codes() == book.codes()
    assert render(book.codes()) == book.path.read_text(encoding="utf-8")


def test_set_description_and_colour(data_dir: Path) -> None:
    book = Codebook(data_dir)
    book.set("Defence/Missile defence", description="Anything about **missiles**.")
    entry = book.set("defence/missile-defence", colour="blue")
    assert entry == Code("Defence/Missile-defence", "Anything about **missiles**.", "#a8d0ff")
    assert book.set("defence/missile-defence", colour="#ABC").colour == "#aabbcc"
    with pytest.raises(InvalidInput, match="colour 'mauve'"):
        book.set("x", colour="mauve")
    stored = json.loads(book.path.read_text(encoding="utf-8"))
    assert stored["codes"][0]["tag"] == "Defence/Missile-defence"


def test_a_broken_codebook_is_set_aside_not_lost(data_dir: Path) -> None:
    book = Codebook(data_dir)
    book.path.write_text("{not json", encoding="utf-8")
    assert book.codes() == []
    assert book.problems and "set aside" in str(book.problems[0])
    kept = list(data_dir.glob("codebook.json.corrupt-*"))
    assert kept and kept[0].read_text(encoding="utf-8") == "{not json"


def test_branch_helpers() -> None:
    assert is_under("defence/missile-defence", "Defence")
    assert not is_under("defenceless", "defence")
    assert moved("defence/missile-defence/aegis", "defence", "security") == (
        "security/missile-defence/aegis"
    )
    assert moved("defenceless", "defence", "security") is None


def test_tree_rolls_counts_up() -> None:
    tree = build_tree({"defence/missile-defence": 2, "defence": 1, "japan": 4, "defence/navy": 3})
    assert [n.name for n in tree] == ["defence", "japan"]
    defence = tree[0]
    assert (defence.own_count, defence.total) == (1, 6)
    assert [(c.label, c.total) for c in defence.children] == [("missile-defence", 2), ("navy", 3)]


def test_renaming_a_branch_moves_its_children_and_their_codebook_entries(
    store: AnnotationStore, data_dir: Path
) -> None:
    _highlight(store, "Aegis Ashore", ["defence/missile-defence/aegis-ashore", "japan"])
    _highlight(store, "Critics said", ["defence", "costs"])
    _highlight(store, "2020", ["defenceless"])
    book = Codebook(data_dir)
    book.set("defence/missile-defence", description="Missiles.", colour="green")
    book.set("security", description="Kept: the target's own.")
    book.set("defence", description="Moved but the target's wins.")

    changed = store.rename_tag("Defence", "security")

    assert changed == 2
    tags = sorted(t for a in store.all() for t in a.tags)
    assert tags == sorted(
        ["security/missile-defence/aegis-ashore", "japan", "security", "costs", "defenceless"]
    )
    entries = {c.name: c for c in book.codes()}
    assert entries["security/missile-defence"].description == "Missiles."
    assert entries["security"].description == "Kept: the target's own."
    assert "defence" not in entries and "defence/missile-defence" not in entries
