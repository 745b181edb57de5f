"""Related articles ask for an article's distinctive words (tf-idf), from the real index's
document frequencies: a word in most of the library is no reason to relate two articles."""

from pathlib import Path

from app.core.article import Article
from app.core.library import Library
from app.core.related import distinctive, related, word_counts
from app.core.workspace import Workspace

MARKET = "The market rose and the market fell; market traders watched the market."


def _workspace(tmp_path: Path) -> Workspace:
    library = Library(tmp_path / "library")
    library.add(Article(id="report", title="Market report", body=f"{MARKET} Sorghum shipments.\n"))
    library.add(Article(id="sorghum", title="Crop news", body="Sorghum harvest was large.\n"))
    for n in range(6):
        library.add(Article(id=f"market-{n}", title=f"Day {n}", body=f"{MARKET} Day {n}.\n"))
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    workspace.index.sync()
    return workspace


def test_frequencies_come_from_the_index_as_it_stems(tmp_path: Path) -> None:
    with _workspace(tmp_path) as workspace:
        count, found = workspace.index.text_frequencies(["markets", "sorghum", "the", "zebra"])
    assert count == 8
    assert found == {"markets": 7, "sorghum": 2, "the": 0, "zebra": 0}


def test_a_word_in_most_texts_relates_nothing_and_a_rare_one_ranks_first(tmp_path: Path) -> None:
    with _workspace(tmp_path) as workspace:
        article = workspace.library.get("report")
        assert (
            distinctive(word_counts(article.title, article.body))[0] == "market"
        )  # the most used word
        found = [r.id for r in related(workspace.index, workspace.library, "report")]
    assert found == ["sorghum"]


def test_distinctive_weighs_uses_by_rarity() -> None:
    words = word_counts("Tapioca", "tapioca company company company company")
    assert distinctive(word_counts("Tapioca", "tapioca company company company company")) == [
        "company",
        "tapioca",
    ]
    assert distinctive(words, 2, {"company": 400, "tapioca": 2}, 1000) == ["tapioca", "company"]
    assert distinctive(words, 2, {"company": 600, "tapioca": 2}, 1000) == ["tapioca"]
