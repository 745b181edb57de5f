"""The library holds metadata, not bodies: listing never reads an article file, a body is
read from its file when used, and the snapshot gives back exactly what parsing gives."""

import dataclasses
import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article, serialize_article
from app.core.errors import NotFound
from app.core.library import Library, read_article_file
from app.core.workspace import Workspace


def _write(folder: Path, article: Article) -> Path:
    path = folder / f"{article.id}.md"
    path.write_text(serialize_article(article), "utf-8")
    return path


def _articles(count: int) -> list[Article]:
    return [
        Article(
            id=f"a{n}",
            title=f"Title {n}",
            body=f"The text of article {n}, long enough to matter. " * 20 + "\n",
            author="Reuters staff" if n % 2 else None,
            date=dt.date(2020, 1, 1) + dt.timedelta(days=n % 400) if n % 7 else None,
            source="Reuters",
            tags=["grain", "wheat"] if n % 3 else [],
            extra={"guid": f"g{n}"} if n % 5 == 0 else {},
        )
        for n in range(count)
    ]


def _fields(article: Article) -> tuple[object, ...]:
    """What a list shows and an export cites: every field but the body."""
    return tuple(getattr(article, f.name) for f in dataclasses.fields(Article) if f.name != "body")


def test_listing_reads_no_article_file_and_a_body_is_read_when_used(tmp_path: Path) -> None:
    originals = _articles(30)
    for article in originals:
        _write(tmp_path, article)
    library = Library(tmp_path)
    assert library.get("a4").body == originals[4].body  # read from the file now
    for path in tmp_path.glob("*.md"):
        path.unlink()
    # Everything a list, a sort, a filter or a timeline needs is still there: no file read.
    newest = sorted(originals, key=lambda a: (-(a.date or dt.date.min).toordinal(), a.title))
    assert [a.id for a in library.sorted_articles()] == [a.id for a in newest]
    assert {a.id: a.tags for a in library} == {a.id: a.tags for a in originals}
    assert dict(zip(library.ids(), library.dates(), strict=True)) == {
        a.id: a.date for a in originals
    }
    assert library.content_hashes() == {a.id: a.content_hash for a in originals}
    found = library.find_by_hash(originals[9].content_hash)
    assert found is not None and found.id == "a9"
    assert library.get("a5").extra == {"guid": "g5"}
    with pytest.raises(NotFound, match=r"a3\.md"):
        _ = library.get("a3").body


def test_the_snapshot_gives_back_what_parsing_gives(tmp_path: Path) -> None:
    folder, cache = tmp_path / "library", tmp_path / "data" / "library.marshal"
    folder.mkdir()
    for article in _articles(40):
        _write(folder, article)
    cold = Library(folder, cache_file=cache)
    (folder / "a1.md").write_text("---\ntitle: [broken\n---\ntext\n", "utf-8")
    warm = Library(folder, cache_file=cache)
    parsed = [read_article_file(p) for p in sorted(folder.glob("*.md")) if p.name != "a1.md"]
    assert sorted(map(_fields, warm)) == sorted(map(_fields, parsed))
    assert [a for a in warm] == [a for a in cold if a.id != "a1"]  # bodies read and equal
    assert len(warm.problems) == 1 and "a1.md" in str(warm.problems[0])


def test_details_saved_and_articles_added_are_in_the_next_snapshot(tmp_path: Path) -> None:
    folder, cache = tmp_path / "library", tmp_path / "data" / "library.marshal"
    library = Library(folder, cache_file=cache)
    added = library.add_many(_articles(5))
    article = library.get("a2")
    article.title, article.tags = "Edited", ["edited"]
    library.save_metadata(article)
    library.refresh()  # nothing changed on disk since: the snapshot is written, no file read
    again = Library(folder, cache_file=cache)
    assert again.get("a2").title == "Edited" and again.get("a2").tags == ["edited"]
    assert again.get("a2").body == added[2].body
    assert sorted(again.ids()) == [a.id for a in added]


def test_an_article_handed_out_is_the_callers_own(tmp_path: Path) -> None:
    _write(tmp_path, _articles(1)[0])
    library = Library(tmp_path)
    article = library.get("a0")
    article.tags.append("mine")
    article.title = "Changed here only"
    assert library.get("a0").tags == [] and library.get("a0").title == "Title 0"
    assert library.get("a0") == dataclasses.replace(library.get("a0"))
    assert library.get("a0") == read_article_file(tmp_path / "a0.md")


def test_an_extra_field_marshal_cannot_hold_is_read_again_not_lost(tmp_path: Path) -> None:
    folder, cache = tmp_path / "library", tmp_path / "data" / "library.marshal"
    folder.mkdir()
    (folder / "t.md").write_text(
        "---\nid: t\ntitle: Timed\nupdated: 2024-05-01 10:30:00\n---\nText.\n", "utf-8"
    )
    Library(folder, cache_file=cache)
    extra = Library(folder, cache_file=cache).get("t").extra
    assert extra == {"updated": dt.datetime(2024, 5, 1, 10, 30)}


def test_a_library_of_2000_articles_holds_well_under_a_kilobyte_each(tmp_path: Path) -> None:
    folder, cache = tmp_path / "library", tmp_path / "data" / "library.marshal"
    folder.mkdir()
    for article in _articles(2000):
        _write(folder, article)
    Library(folder, cache_file=cache)
    tracemalloc.start()
    try:
        library = Library(folder, cache_file=cache)
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(library) == 2000
    assert held / 2000 < 600  # each body alone is 1,000 characters


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    titles=st.lists(_text.filter(str.strip), min_size=1, max_size=6),
    tags=st.lists(_text.filter(lambda t: t.strip() == t and "," not in t), max_size=3),
    day=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    body=st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"), max_size=200),
)
def test_any_article_round_trips_through_the_snapshot(
    tmp_path_factory: pytest.TempPathFactory,
    titles: list[str],
    tags: list[str],
    day: dt.date | None,
    body: str,
) -> None:
    base = tmp_path_factory.mktemp("round")
    folder, cache = base / "library", base / "library.marshal"
    folder.mkdir()
    for n, title in enumerate(titles):
        _write(folder, Article(id=f"x{n}", title=title, body=body, date=day, tags=tags))
    Library(folder, cache_file=cache)
    warm = Library(folder, cache_file=cache)
    parsed = [read_article_file(p) for p in sorted(folder.glob("*.md"))]
    assert sorted(map(_fields, warm)) == sorted(map(_fields, parsed))
    assert sorted(a.content_hash for a in warm) == sorted(a.content_hash for a in parsed)


def test_an_unverified_library_is_its_snapshot_until_refreshed(tmp_path: Path) -> None:
    folder, cache = tmp_path / "library", tmp_path / "data" / "library.marshal"
    folder.mkdir()
    for article in _articles(3):
        _write(folder, article)
    unsnapped = Library(folder, cache_file=tmp_path / "none.marshal", verify=False)
    assert unsnapped.verified and len(unsnapped) == 3  # no snapshot: the files are read
    Library(folder, cache_file=cache)
    (folder / "a0.md").unlink()
    quick = Library(folder, cache_file=cache, verify=False)
    assert not quick.verified and sorted(quick.ids()) == ["a0", "a1", "a2"]  # files unread
    quick.catch_up()  # what a writer calls first: an unverified library is read
    assert quick.verified and sorted(quick.ids()) == ["a1", "a2"]


def test_a_workspace_can_open_its_library_from_the_snapshot(tmp_path: Path) -> None:
    folder, data = tmp_path / "library", tmp_path / "data"
    folder.mkdir()
    _write(folder, _articles(1)[0])
    with Workspace(folder, data) as first:
        assert first.library.verified
    with Workspace(folder, data, verify_library=False) as quick:
        assert not quick.library.verified and quick.library.ids() == ["a0"]


def test_the_article_in_a_file_is_found_by_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    (folder / "sub").mkdir(parents=True)
    _write(folder, _articles(2)[0])
    _write(folder / "sub", _articles(2)[1])
    (folder / "twin.md").write_text(serialize_article(_articles(1)[0]), "utf-8")  # id a0 too
    library = Library(folder)
    a1, a0, twin = folder / "sub" / "a1.md", folder / "a0.md", folder / "twin.md"
    elsewhere = tmp_path / "elsewhere.md"
    # twin.md holds a duplicate id (not shown); elsewhere.md is outside the library
    assert library.ids_at([a1, a0, twin, elsewhere]) == {a1: "a1", a0: "a0"}
    library.forget("a1")
    assert library.ids_at([a1]) == {}
