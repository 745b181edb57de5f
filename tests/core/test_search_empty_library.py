"""An empty library has a real, readable index: syncing it again changes nothing and a
search answers "no results", never "damaged" (an empty index's reader has no segment and
its idf is log 0, which read as damage and rebuilt the index at every sync)."""

from pathlib import Path

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library


def test_an_empty_library_indexes_once_and_searches_to_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    index = SearchIndex(tmp_path / "index", library)
    try:
        assert index.sync().rebuilt
        again = index.sync()
        assert not again.rebuilt, again.reason
        for query in ("nato", '"nato summit"', "nat*", "date:2024", "*"):
            results = index.search(query)
            assert results.total == 0 and not results.hits
        assert not index.sync().rebuilt
    finally:
        index.close()


def test_a_library_whose_last_article_went_searches_to_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    article = library.add(Article(id="harbour", title="Harbour", body="The harbour reopened."))
    index = SearchIndex(tmp_path / "index", library)
    try:
        index.sync()
        assert index.search("harbour").total == 1
        assert article.path is not None
        article.path.unlink()
        library.refresh()
        index.sync()
        assert index.search("harbour").total == 0
        assert not index.sync().rebuilt
    finally:
        index.close()
