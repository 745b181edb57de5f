"""``tag:defence`` finds everything coded under ``defence`` (the index holds each tag's
branches as terms), the same whether the index learnt the tags live from the annotation
store or read them from the files on a sync; an index of the older schema is rebuilt."""

import json
from pathlib import Path

from app.core.index import SearchIndex
from app.core.index.schema import SCHEMA_VERSION, record_of
from app.core.index.storage import VERSION_FILE, problem_with
from app.core.render import render
from app.core.workspace import Workspace
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, make_library

CAFE, BANK = "cafe-culture-in-zurich", "bank-rates-rise"
TAGGED = {
    NATO_SUMMIT: ["defence"],
    URGENT_TASK: ["Defence/Missile-Defence"],
    CAFE: ["defence/missile-defence/aegis-ashore", "food/cheese"],
    BANK: ["defence-budget"],  # a sibling by spelling only, not a child
}
QUERIES = {
    "tag:defence": {NATO_SUMMIT, URGENT_TASK, CAFE},
    "tag:DEFENCE": {NATO_SUMMIT, URGENT_TASK, CAFE},
    "tag:defence/missile-defence": {URGENT_TASK, CAFE},
    "tag:defence/missile-defence/aegis-ashore": {CAFE},
    "tag:missile-defence": set(),  # a level is not a tag of its own
    "tag:defence-budget": {BANK},
    "tag:food": {CAFE},
    "tag:defence AND NOT tag:defence/missile-defence": {NATO_SUMMIT},
}


def _hits(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query, limit=50).hits}


def _annotate(workspace: Workspace) -> None:
    """One highlight per article through the store, whose changes reach the index live."""
    store = workspace.annotations
    for article_id, tags in TAGGED.items():
        text = render(workspace.library.get(article_id).body).text
        store.create(article_id, 0, min(20, len(text)), tags=tags)


def _tag_terms(index: SearchIndex) -> dict[str, set[str]]:
    """Each tag term with the live articles that hold it: what ``tag:`` can find."""
    searcher = index._current()
    assert searcher is not None
    reader = searcher.reader()
    return {
        term.decode(): {
            record_of(reader.stored_fields(number)).id
            for number in reader.postings("tags", term).all_ids()
            if not reader.is_deleted(number)
        }
        for term in reader.lexicon("tags")
    }


def test_a_tag_finds_its_branch_live_and_after_a_sync(tmp_path: Path) -> None:
    make_library(tmp_path / "library")
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        workspace.index.sync()
        _annotate(workspace)  # live: the store hands each change to the index
        live = {query: _hits(workspace.index, query) for query in QUERIES}
        live_terms = _tag_terms(workspace.index)
        synced = SearchIndex(
            tmp_path / "rebuilt", workspace.library, annotations_dir=workspace.annotations_dir
        )
        assert synced.sync().rebuilt
        from_files = {query: _hits(synced, query) for query in QUERIES}
        synced_terms = _tag_terms(synced)
        synced.close()
    assert live == QUERIES
    assert from_files == QUERIES
    assert {t: ids for t, ids in live_terms.items() if ids} == synced_terms
    assert synced_terms["defence/missile-defence"] == {URGENT_TASK, CAFE}


def test_moving_a_branch_moves_what_its_parent_finds(tmp_path: Path) -> None:
    make_library(tmp_path / "library")
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        workspace.index.sync()
        _annotate(workspace)
        workspace.annotations.rename_tag("defence/missile-defence", "security/missile-defence")
        index = workspace.index
        assert _hits(index, "tag:defence") == {NATO_SUMMIT}
        assert _hits(index, "tag:security") == {URGENT_TASK, CAFE}
        assert _hits(index, "tag:security/missile-defence/aegis-ashore") == {CAFE}
        index.sync()  # a sync after the rename reads the renamed files: the same answer
        assert _hits(index, "tag:security") == {URGENT_TASK, CAFE}
        assert _hits(index, "tag:defence/missile-defence") == set()


def test_an_index_of_the_flat_tag_schema_is_rebuilt_with_a_reason(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    index = SearchIndex(tmp_path / "index", library)
    index.sync()
    index.close()
    (tmp_path / "index" / VERSION_FILE).write_text(
        json.dumps({"schema_version": SCHEMA_VERSION - 1}), encoding="utf-8"
    )
    reason = problem_with(tmp_path / "index")
    assert reason is not None and f"version {SCHEMA_VERSION - 1}" in reason
    reopened = SearchIndex(tmp_path / "index", library)
    assert reopened.sync().rebuilt
    assert problem_with(tmp_path / "index") is None
    assert _hits(reopened, "tag:summit-preview") == {URGENT_TASK}
    reopened.close()
