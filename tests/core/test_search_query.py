"""Queries over a real index of the seed library: ranking, fields, dates, prefixes, fuzzy
terms, suggestions, snippets with positions, facets, paging and sorting."""

from pathlib import Path

import pytest

from app.core.index import SearchIndex
from app.core.library import Library
from app.core.render import render
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, copy_tree, make_library


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeded")
    library = make_library(root / "library")
    SearchIndex(root / "data" / "index", library).sync()
    return root


@pytest.fixture
def index(tmp_path: Path, seeded_template: Path) -> SearchIndex:
    root = copy_tree(seeded_template, tmp_path / "seeded")
    search_index = SearchIndex(root / "data" / "index", Library(root / "library"))
    yield search_index
    search_index.close()


def ids(index: SearchIndex, query: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in index.search(query, **kwargs).hits]  # type: ignore[arg-type]


def test_aegis_ashore_ranks_the_5_july_article_first_with_the_phrase_marked(
    index: SearchIndex,
) -> None:
    results = index.search('"Aegis Ashore"')
    assert results.total == 1 and results.error_hint is None
    hit = results.hits[0]
    assert hit.id == URGENT_TASK and hit.date is not None and hit.date.isoformat() == "2024-07-05"
    assert "<mark>Aegis Ashore</mark>" in hit.snippet_html
    start, end = hit.snippet_marks[0]
    assert hit.snippet_text[start:end] == "Aegis Ashore"
    text = render(index.library.get(URGENT_TASK).body).text
    assert [text[s:e] for s, e in hit.positions] == ["Aegis Ashore"]


def test_plain_words_rank_and_mark_every_hit(index: SearchIndex) -> None:
    results = index.search("stoltenberg summit")
    assert {h.id for h in results.hits} == {URGENT_TASK, NATO_SUMMIT}
    for hit in results.hits:
        text = render(index.library.get(hit.id).body).text
        marked = {text[s:e].lower() for s, e in hit.positions}
        assert marked <= {"stoltenberg", "summit", "summits"} and "stoltenberg" in marked
        assert hit.snippet_html.count("<mark>") >= 1


def test_author_field_finds_olga_nesterova(index: SearchIndex) -> None:
    assert ids(index, "author:nesterova") == [NATO_SUMMIT]
    assert ids(index, "author:NESTEROVA") == [NATO_SUMMIT]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2024-07", {URGENT_TASK}),
        ("date:2024", {URGENT_TASK, NATO_SUMMIT}),
        ("date:2024-06-19", {NATO_SUMMIT}),
        ("date:[2024-06-01 to 2024-06-30]", {NATO_SUMMIT}),
        ("date:[2024-06-20 to 2024-07-31]", {URGENT_TASK}),
        ("date:>2024-06-30", {URGENT_TASK}),
        ("date:<2024", {"cafe-culture-in-zurich", "bank-rates-rise"}),
        ("nato date:<=2024-06-19", {NATO_SUMMIT}),
    ],
)
def test_dates(index: SearchIndex, query: str, expected: set[str]) -> None:
    results = index.search(query)
    assert results.error_hint is None
    assert {h.id for h in results.hits} == expected


def test_prefix_and_fuzzy_terms(index: SearchIndex) -> None:
    assert set(ids(index, "stolten*")) == {URGENT_TASK, NATO_SUMMIT}
    assert set(ids(index, "stoltenbrg~")) == {URGENT_TASK, NATO_SUMMIT}
    assert set(ids(index, "stltenbrg~2")) == {URGENT_TASK, NATO_SUMMIT}
    assert ids(index, "stltenbrg~") == []
    assert set(ids(index, "STÖLTENB*")) == {URGENT_TASK, NATO_SUMMIT}
    assert ids(index, "zürch~") == ["cafe-culture-in-zurich"]
    hit = index.search("stolten*").hits[0]
    text = render(index.library.get(hit.id).body).text
    assert {text[s:e] for s, e in hit.positions} == {"Stoltenberg"}


def test_misspelling_suggests_a_correction_that_finds_something(index: SearchIndex) -> None:
    results = index.search("agis ashore")
    assert results.total == 0
    assert results.suggestion == "aegis ashore"
    assert index.search(results.suggestion).total == 1
    assert index.search("aegis ashore").suggestion is None


def test_tags_notes_and_fields(index: SearchIndex) -> None:
    assert ids(index, "tag:summit-preview") == [URGENT_TASK]
    assert ids(index, "tags:Summit-Preview") == [URGENT_TASK]
    assert ids(index, "tag:cities") == ["cafe-culture-in-zurich"]
    assert ids(index, "title:summit") == [NATO_SUMMIT]
    assert set(ids(index, "source:onest")) == {URGENT_TASK, NATO_SUMMIT}
    assert ids(index, "note:missile") == []


def test_update_annotations_is_found_at_once(index: SearchIndex) -> None:
    index.update_many_annotations(
        {NATO_SUMMIT: (["Aegis-Ashore", "défense"], "Follow up on the base")}
    )
    assert ids(index, "tag:aegis-ashore") == [NATO_SUMMIT]
    assert ids(index, "tag:defense") == [NATO_SUMMIT]
    assert ids(index, "note:follow") == [NATO_SUMMIT]
    facets = index.search("nato").facets
    assert ("Aegis-Ashore", 1) in facets["tags"]
    index.update_many_annotations({NATO_SUMMIT: ([], "")})
    assert ids(index, "tag:aegis-ashore") == [] and ids(index, "note:follow") == []
    assert ids(index, "author:nesterova") == [NATO_SUMMIT]


def test_case_and_accents_are_ignored(index: SearchIndex) -> None:
    for query in ("zurich", "ZÜRICH", "Zürich", "creme brulee", "CRÈME", "naive", "renee"):
        assert ids(index, query) == ["cafe-culture-in-zurich"], query
    hit = index.search("creme").hits[0]
    assert "<mark>crème</mark>" in hit.snippet_html


def test_boolean_operators_and_minus(index: SearchIndex) -> None:
    assert ids(index, "nato -ukraine") == [NATO_SUMMIT]
    assert ids(index, "nato NOT ukraine") == [NATO_SUMMIT]
    assert set(ids(index, "(zurich OR bankers) AND NOT nato")) == {
        "cafe-culture-in-zurich",
        "bank-rates-rise",
    }
    assert ids(index, "nato AND zurich") == []
    hit = index.search("nato -ukraine").hits[0]
    text = render(index.library.get(hit.id).body).text
    assert all(text[s:e].lower() == "nato" for s, e in hit.positions)


def test_title_is_boosted(index: SearchIndex) -> None:
    assert ids(index, "banks")[0] == "bank-rates-rise"
    assert ids(index, "threats") == [NATO_SUMMIT]
    scores = {h.id: h.score for h in index.search("summit").hits}
    assert scores[NATO_SUMMIT] > scores[URGENT_TASK]


def test_paging_sorting_and_facets(index: SearchIndex) -> None:
    everything = index.search("*", limit=10)
    assert everything.total == 4
    by_date = index.search("*", sort="date")
    assert [h.id for h in by_date.hits] == [
        URGENT_TASK,
        NATO_SUMMIT,
        "cafe-culture-in-zurich",
        "bank-rates-rise",
    ]
    page = index.search("*", sort="date", limit=2, offset=1)
    assert [h.id for h in page.hits] == [NATO_SUMMIT, "cafe-culture-in-zurich"]
    assert page.total == 4 and page.offset == 1
    facets = index.search("nato").facets
    assert facets["sources"] == [("ONEST", 2)]
    assert facets["years"] == [("2024", 2)]
    assert facets["tags"] == [("summit-preview", 1)]
    assert index.search("nato", facets=False).facets == {}
    assert index.search("nato", sort="wrong").error_hint is not None
