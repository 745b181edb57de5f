"""Related articles through the real index: key terms, ranking, the article left out."""

import datetime as dt
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.errors import InvalidInput, NotFound
from app.core.library import Library
from app.core.related import distinctive, related, word_counts
from app.core.timeline import query_timeline
from app.core.workspace import Workspace
from tests.core.search_fixtures import bbc_library

STORIES = {
    "sorghum-1": (
        "Sorghum exports rise",
        "Argentine sorghum exports rose as Japan bought sorghum.",
    ),
    "sorghum-2": ("Japan buys sorghum", "Japan bought Argentine sorghum cargoes for May shipment."),
    "wheat": ("Wheat exports", "Argentine wheat exports fell; the market expects more rain."),
    "football": ("Cup final", "The football cup final ended in a draw after extra time."),
    "film": ("Film award", "The film won the award at the festival in Berlin."),
    "flash": ("The", "The."),
}


@pytest.fixture
def workspace(library_dir: Path, data_dir: Path) -> Workspace:
    library = Library(library_dir)
    for n, (article_id, (title, body)) in enumerate(STORIES.items()):
        day = dt.date(1987, 4, n + 1)
        library.add(Article(id=article_id, title=title, body=body + "\n", date=day, source="Wire"))
    ws = Workspace(library_dir, data_dir)
    ws.index.sync()
    return ws


def test_key_terms_count_the_headline_twice_and_skip_stop_words() -> None:
    terms = distinctive(
        word_counts("Sorghum exports rise", "Argentine sorghum exports rose as the Japan 1987")
    )
    assert terms[2] == "rise"
    assert set(terms[:2]) == {"sorghum", "exports"}  # 3 each (headline twice), then "rise"
    assert "the" not in terms and "1987" not in terms and "as" not in terms


def test_the_closest_story_comes_first_and_the_article_itself_never(workspace: Workspace) -> None:
    found = related(workspace.index, workspace.library, "sorghum-1")
    assert [r.id for r in found][:2] == ["sorghum-2", "wheat"]
    assert "sorghum-1" not in [r.id for r in found]
    assert "film" not in [r.id for r in found]
    first = found[0]
    assert (first.date, first.source, first.title) == (
        dt.date(1987, 4, 2),
        "Wire",
        "Japan buys sorghum",
    )
    assert found[0].to_json()["date"] == "1987-04-02"
    assert [r.id for r in related(workspace.index, workspace.library, "sorghum-1", limit=1)] == [
        "sorghum-2"
    ]


def test_an_article_without_words_has_none_and_an_unknown_id_is_named(workspace: Workspace) -> None:
    assert related(workspace.index, workspace.library, "flash") == []
    with pytest.raises(NotFound, match="no article with id 'nope'"):
        related(workspace.index, workspace.library, "nope")


def test_related_bbc_stories_share_the_topic(tmp_path: Path) -> None:
    bbc_library(tmp_path / "library", limit=120)  # business stories of the corpus
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        workspace.index.sync()
        about = [a.id for a in workspace.library if "yukos" in a.body.casefold()]
        assert len(about) == 6
        found = related(workspace.index, workspace.library, about[0], limit=5)
        assert len(found) == 5
        assert [r.id in about for r in found][:3] == [True, True, True]


def test_without_an_index_it_says_so_instead_of_finding_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    library.add(Article(id="sorghum-1", title="Sorghum exports rise", body="Sorghum exports.\n"))
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        with pytest.raises(InvalidInput, match="not built yet"):
            related(workspace.index, workspace.library, "sorghum-1")
        with pytest.raises(InvalidInput, match="not built yet"):
            query_timeline(workspace.index, "sorghum")
