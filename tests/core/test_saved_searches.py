"""Saved searches: the JSON file, its damage, and what counts as new (real index, id log)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.article import Article, serialize_article
from app.core.errors import InvalidInput, NotFound
from app.core.library import Library
from app.core.saved_searches import FILE_NAME, FORMAT, SavedSearch, SavedSearches, parse
from app.core.workspace import Workspace


def _story(n: int, body: str) -> Article:
    return Article(id=f"wire-{n}", title=f"Wire {n}", body=body, date=dt.date(2024, 7, n % 28 + 1))


@pytest.fixture
def workspace(library_dir: Path, data_dir: Path) -> Workspace:
    library = Library(library_dir)
    for n in range(6):
        library.add(_story(n, "Aegis Ashore base in Poland.\n" if n % 2 else "Grain prices.\n"))
    ws = Workspace(library_dir, data_dir)
    ws.index.sync()
    return ws


def test_save_rename_move_delete_and_the_file_they_leave(data_dir: Path) -> None:
    store = SavedSearches(data_dir)
    store.save("Aegis", '"Aegis Ashore"')
    store.save("grain", "grain", sort="date", filters=("tag:food", "date:[2024-07 to 2024-08]"))
    store.save("third", "poland")
    assert [s.name for s in store.move("third", 1)] == ["third", "Aegis", "grain"]
    assert [s.name for s in store.move("third", 99)] == ["Aegis", "grain", "third"]
    store.rename("aegis", "Aegis Ashore")  # names match ignoring case
    with pytest.raises(InvalidInput, match="exists already"):
        store.rename("grain", "THIRD")
    assert store.delete("third").query == "poland"
    with pytest.raises(NotFound, match=r"no saved search named 'third'.*Aegis Ashore, grain"):
        store.get("third")
    grain = store.get("grain")
    assert grain.full_query == "(grain) tag:food date:[2024-07 to 2024-08]"
    assert grain.sort == "date"
    document = json.loads((data_dir / FILE_NAME).read_text("utf-8"))
    assert document["format"] == FORMAT
    assert [s["name"] for s in document["searches"]] == ["Aegis Ashore", "grain"]
    assert parse(document) == store.all()  # what is written reads back the same
    store.save("grain", "wheat")  # saving a name again changes its query in place
    assert [(s.name, s.query) for s in store.all()] == [
        ("Aegis Ashore", '"Aegis Ashore"'),
        ("grain", "wheat"),
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.save("  ", "x"), "needs a name"),
        (lambda s: s.save("n", "   "), "needs a query"),
        (lambda s: s.save("n", "x", sort="title"), "unknown sort 'title'"),
        (lambda s: s.save("x" * 201, "x"), "at most 200"),
        (lambda s: s.save("bad\udcff", "x"), "not valid UTF-8"),
        (lambda s: s.move("n", 0), "positions start at 1"),
    ],
)
def test_bad_values_are_refused_naming_them(data_dir: Path, call: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        call(SavedSearches(data_dir))  # type: ignore[operator]
    assert not (data_dir / FILE_NAME).exists()


def test_an_unreadable_file_is_set_aside_and_reported_never_overwritten(data_dir: Path) -> None:
    path = data_dir / FILE_NAME
    path.write_text('{"format": "readmark-saved-searches", "searches": [{"name": 3}]}')
    store = SavedSearches(data_dir)
    assert store.all() == []
    assert len(store.problems) == 1
    problem = str(store.problems[0])
    assert FILE_NAME in problem and "search #1: field 'name' is not text" in problem
    kept = list(data_dir.glob(f"{FILE_NAME}.corrupt-*"))
    assert [p.read_text() for p in kept] == [
        '{"format": "readmark-saved-searches", "searches": [{"name": 3}]}'
    ]
    store.save("fresh", "oil")  # a new file beside the one set aside
    assert [s.name for s in SavedSearches(data_dir).all()] == ["fresh"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
entry_fields = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.text(max_size=10), json_values),
        "query": st.one_of(st.text(max_size=10), json_values),
        "sort": st.sampled_from(["relevance", "date", "title", 3]),
        "filters": st.one_of(st.lists(st.text(max_size=5), max_size=3), json_values),
        "seen_log": st.one_of(st.integers(-3, 10**6), json_values),
        "seen_unlogged": st.one_of(st.sampled_from(["", "AAAAAA==", "AAAA", "!!"]), json_values),
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, st.lists(entry_fields, max_size=4)))
def test_any_json_reads_as_searches_or_a_value_error_naming_the_field(value: object) -> None:
    document = value if not isinstance(value, list) else {"format": FORMAT, "searches": value}
    try:
        searches = parse(document)
    except ValueError as exc:
        assert "field" in str(exc) or "search #" in str(exc)
        return
    assert all(isinstance(s, SavedSearch) and s.name.strip() for s in searches)
    assert (
        parse(
            json.loads(json.dumps({"format": FORMAT, "searches": [s.to_json() for s in searches]}))
        )
        == searches
    )


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_on_disk_read_or_are_set_aside(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    folder = tmp_path_factory.mktemp("data")
    (folder / FILE_NAME).write_bytes(raw)
    store = SavedSearches(folder)
    searches = store.all()
    assert searches == [] or not store.problems
    if store.problems:
        assert not (folder / FILE_NAME).exists()
        assert [p.read_bytes() for p in folder.glob(f"{FILE_NAME}.corrupt-*")] == [raw]


def test_new_matches_are_those_added_since_the_search_was_last_opened(workspace: Workspace) -> None:
    store = SavedSearches(workspace.data_dir)
    store.save("Aegis", '"Aegis Ashore"')
    status = store.status(store.get("Aegis"), workspace.index, workspace.library)
    assert (status.total, status.new) == (3, 3)  # never opened: every match is new
    store.mark_seen("Aegis", workspace.index, workspace.library)
    status = store.status(store.get("Aegis"), workspace.index, workspace.library)
    assert (status.total, status.new) == (3, 0)
    for n in range(6, 10):  # an import: two more about Aegis Ashore, two not
        workspace.library.add(_story(n, "Aegis Ashore radar.\n" if n % 2 else "Grain.\n"))
    workspace.index.sync()
    [status] = store.statuses(workspace.index, workspace.library)
    assert (status.total, status.new) == (5, 2)
    assert status.to_json() == {
        "name": "Aegis",
        "query": '"Aegis Ashore"',
        "sort": "relevance",
        "filters": [],
        "total": 5,
        "new": 2,
    }
    store.mark_seen("Aegis", workspace.index, workspace.library)
    assert store.status(store.get("Aegis"), workspace.index, workspace.library).new == 0


def test_articles_outside_the_id_log_are_new_once(workspace: Workspace) -> None:
    """A file copied into the library by hand (or synced without its log) has no log line."""
    store = SavedSearches(workspace.data_dir)
    store.save("Aegis", '"Aegis Ashore"')
    store.mark_seen("Aegis", workspace.index, workspace.library)
    placed = _story(40, "Aegis Ashore, placed by hand.\n")
    (workspace.library_dir / "by-hand.md").write_text(serialize_article(placed), encoding="utf-8")
    workspace.library.refresh()
    workspace.index.sync()
    status = store.status(store.get("Aegis"), workspace.index, workspace.library)
    assert (status.total, status.new) == (4, 1)
    store.mark_seen("Aegis", workspace.index, workspace.library)
    status = store.status(store.get("Aegis"), workspace.index, workspace.library)
    assert (status.total, status.new) == (4, 0)
    assert len(store.get("Aegis").seen_unlogged) == 1  # only the one outside the log is kept
