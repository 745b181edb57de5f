"""A tag has one display spelling across the library: the first one typed, or the one
chosen in a rename; later typings in other capitals join it."""

from pathlib import Path

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.library import Library


def _store(library_dir: Path, data_dir: Path) -> AnnotationStore:
    library = Library(library_dir)
    library.add(Article(id="warsaw", title="Warsaw", body="Poland hosted the ministers."))
    library.add(Article(id="krakow", title="Krakow", body="Poland signed the deal."))
    return AnnotationStore(data_dir / "annotations", library)


def test_later_spellings_join_the_first(library_dir: Path, data_dir: Path) -> None:
    store = _store(library_dir, data_dir)
    first = store.create("warsaw", 0, 6, tags=["Poland"])
    second = store.create("krakow", 0, 6, tags=["#POLAND", "deal"])
    assert second.tags == ["Poland", "deal"]
    store.set_tags("warsaw", first.id, ["poland", "Ministers"])
    assert [t.name for t in store.tags()] == ["Poland", "deal", "Ministers"]
    note = store.create_note("krakow", "Signed.", tags=["DEAL"])
    assert note.tags == ["deal"]


def test_a_rename_chooses_the_spelling_everywhere(library_dir: Path, data_dir: Path) -> None:
    store = _store(library_dir, data_dir)
    store.create("warsaw", 0, 6, tags=["poland"])
    store.create("krakow", 0, 6, tags=["poland"])
    store.rename_tag("poland", "Poland")
    assert {tuple(a.tags) for a in store.all()} == {("Poland",)}
    assert store.create("krakow", 7, 13, tags=["POLAND"]).tags == ["Poland"]
