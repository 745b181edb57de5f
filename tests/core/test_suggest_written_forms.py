""" "Did you mean" judges a stem by the words its articles write, on a real index: the
stem "over" of the non-word "overment" is no correction of "goverment", "government" is;
the form shown is the one the found articles write nearest to what was typed; names are
corrected as written. And whatever is typed, a search with its suggestion never raises and
takes bounded time, and a suggestion offered always finds something."""

import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library

# A suggestion's own budget is 0.2 s once the table exists; generous for a loaded machine.
MAX_SECONDS = 2.0


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    root = tmp_path_factory.mktemp("written")
    library = Library(root / "library")
    bodies = [f"The match was over after {n} minutes." for n in range(9)]
    bodies += [f"The government said {n} ministers met." for n in range(3)]
    bodies += ["Shares of the process maker rose.", "A governor spoke of the processes."]
    bodies += [f"Prices rose {n} cents; the price of oil climbed." for n in range(4)]
    for number, body in enumerate(bodies):
        library.add(Article(id=f"b{number}", title=f"Item {number}", body=body + "\n"))
    library.add(Article(id="k", title="Notes", body="Ministers met.\n", author="Ewa Kowalczyk"))
    built = SearchIndex(root / "index", library, procs=1)
    built.sync()
    yield built
    built.close()


def test_a_stem_counts_by_the_words_written_not_by_strings_that_stem_alike(
    index: SearchIndex,
) -> None:
    # "overment" stems to "over" (9 articles), one edit from "goverment" as "government"
    # (3 articles) is; no article writes "overment", so "over" is five edits away.
    assert index.search("goverment").suggestion == "government"
    assert index.search("goverment ministers").suggestion == "government ministers"


def test_the_form_shown_is_the_nearest_the_found_articles_write(index: SearchIndex) -> None:
    assert index.search("pricess").suggestion == "prices"  # not "price", not "process"
    assert index.search("proces maker").suggestion == "process maker"


def test_a_name_is_corrected_as_written(index: SearchIndex) -> None:
    assert index.search("kowalcyk").suggestion == "kowalczyk"


def test_no_correction_finds_nothing(index: SearchIndex) -> None:
    assert index.search("qqqqzzzz").suggestion is None
    assert index.search("goverment kowalcyk oill").suggestion is None  # never together


query_text = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(["goverment", "pricess", "oill", "over", "kowalcyk", '"', "*", "~2"]),
        max_size=6,
    ).map(" ".join),
    st.text(alphabet="aeiougvrmnt ", max_size=40),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query_text)
def test_any_text_gets_a_bounded_answer_and_a_suggestion_that_finds(
    index: SearchIndex, text: str
) -> None:
    started = time.perf_counter()
    results = index.search(text)
    assert time.perf_counter() - started < MAX_SECONDS
    if results.suggestion is not None:
        assert results.total == 0
        assert index.search(results.suggestion).total > 0
