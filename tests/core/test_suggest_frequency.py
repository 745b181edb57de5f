""" "Did you mean" weighs how common a word is: among corrections equally far from what was
typed, the one more articles hold wins (a real index; before, the nearest stem won, and
"pricess" is nearer the stem of "princess" than the stem "price" of "prices")."""

import pytest

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("suggest")
    library = Library(root / "library")
    # The first article with the stem "price" writes it "price": the form nearest to
    # "pricess" is only found by looking further.
    bodies = ["The price of crude oil fell."]
    bodies += [f"Oil prices rose {n} cents as crude prices climbed." for n in range(6)]
    bodies.append("The oil princess of the novel inherits a refinery.")
    for number, body in enumerate(bodies):
        library.add(Article(id=f"a{number}", title=f"Story {number}", body=body + "\n"))
    search_index = SearchIndex(root / "index", library)
    search_index.sync()
    yield search_index
    search_index.close()


def test_oill_pricess_offers_oil_prices(index: SearchIndex) -> None:
    results = index.search("oill pricess")
    assert results.total == 0
    assert results.suggestion == "oil prices"
    assert index.search("oil princess").total == 1  # the rarer correction also finds one


def test_a_phrase_is_corrected_the_same_way(index: SearchIndex) -> None:
    assert index.search('"oill pricess"').suggestion == '"oil prices"'


def test_no_suggestion_when_something_is_found(index: SearchIndex) -> None:
    assert index.search("oil prices").suggestion is None
