"""Core operations: each does its change through the core and says what it changed, and the
index fields of an article's annotations are the same after a live update and a rebuild."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.annotations.store import article_summary
from app.core.codebook import Codebook
from app.core.errors import InvalidInput, NotFound
from app.core.index.annotation_fields import annotation_fields
from app.core.ops import Changes
from app.core.ops.annotating import (
    delete,
    edited_tags,
    highlight,
    highlight_quote,
    recolour,
    rename_tag,
    restore,
    retag,
    write_article_note,
    write_note,
)
from app.core.ops.coding import describe_tag, put_code
from app.core.ops.exporting import ExportFilter, export_annotations
from app.core.ops.library_edits import edit_details, save_details, trash, untrash
from app.core.ops.searching import delete_search, move_search, rename_search, save_search
from app.core.workspace import Workspace
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, make_library


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    make_library(tmp_path / "library")
    with Workspace(tmp_path / "library", tmp_path / "data") as opened:
        opened.index.sync()
        yield opened


def ids(workspace: Workspace, query: str) -> list[str]:
    return sorted(h.id for h in workspace.index.search(query).hits)


def test_a_highlight_says_which_article_and_annotation_and_reaches_the_index(
    workspace: Workspace,
) -> None:
    done = highlight_quote(workspace, URGENT_TASK, "Aegis Ashore", tags=["missile-defence"])
    match, made = done.value
    assert made.exact == "Aegis Ashore" and match.kind == "exact"
    assert done.changes == Changes(
        annotated=frozenset({URGENT_TASK}), annotations=frozenset({made.id})
    )
    assert not done.changes.index  # the store told the index in the same call
    assert ids(workspace, "tag:missile-defence") == [URGENT_TASK]


def test_every_annotation_edit_names_its_article_and_undo_restores(workspace: Workspace) -> None:
    made = highlight(workspace, NATO_SUMMIT, (0, 4), colour="green").value
    recoloured = recolour(workspace, made, "pink")
    tagged = retag(workspace, recoloured.value, edited_tags(["a"], add=["b"], remove=["#A"]))
    noted = write_note(workspace, tagged.value, "see the communiqué")
    for done in (recoloured, tagged, noted):
        assert done.changes.annotated == {NATO_SUMMIT}
        assert done.changes.annotations == {made.id}
    assert tagged.value.tags == ["b"] and noted.value.note == "see the communiqué"
    gone = delete(workspace, noted.value)
    assert workspace.annotations.for_article(NATO_SUMMIT) == []
    restore(workspace, [gone.value])
    assert workspace.annotations.for_article(NATO_SUMMIT) == [gone.value]


def test_a_note_on_the_whole_article_has_no_colour_and_empties_into_a_delete(
    workspace: Workspace,
) -> None:
    verb, before, note = write_article_note(workspace, NATO_SUMMIT, "Summit context").value
    assert (verb, before) == ("wrote", None)
    with pytest.raises(InvalidInput, match="no colour"):
        recolour(workspace, note, "pink")
    verb, before, now = write_article_note(workspace, NATO_SUMMIT, "Rewritten").value
    assert verb == "rewrote" and before == note and now.note == "Rewritten"
    verb, _before, _gone = write_article_note(workspace, NATO_SUMMIT, "  ").value
    assert verb == "cleared" and workspace.annotations.for_article(NATO_SUMMIT) == []
    with pytest.raises(NotFound):
        write_article_note(workspace, NATO_SUMMIT, "")


def test_renaming_a_tag_names_every_article_it_touched_and_the_codebook(
    workspace: Workspace,
) -> None:
    highlight(workspace, NATO_SUMMIT, (0, 4), tags=["nato/summit"])
    highlight(workspace, URGENT_TASK, (0, 4), tags=["nato"])
    done = rename_tag(workspace, "nato", "alliance")
    assert done.value == 2 and done.changes.codebook
    assert done.changes.annotated == {NATO_SUMMIT, URGENT_TASK}
    assert ids(workspace, "tag:alliance/summit") == [NATO_SUMMIT]


def test_details_and_trash_ask_for_a_sync(workspace: Workspace) -> None:
    before, after = edit_details(workspace, NATO_SUMMIT, {"title": "A new title"}).value
    assert after.title == "A new title"
    back = save_details(workspace, before)
    assert back.changes == Changes(articles=frozenset({NATO_SUMMIT}), index=True)
    assert workspace.library.get(NATO_SUMMIT).title == before.title
    batch = trash(workspace, [NATO_SUMMIT])
    assert batch.changes.article_set and NATO_SUMMIT not in workspace.library
    assert untrash(workspace, batch.value).value == [NATO_SUMMIT]
    assert NATO_SUMMIT in workspace.library


def test_codebook_and_saved_searches_say_so(workspace: Workspace) -> None:
    highlight(workspace, NATO_SUMMIT, (0, 4), tags=["Ukraine"])
    code = describe_tag(workspace, "ukraine", colour="#aa0000").value
    assert code.name == "Ukraine"  # the library's spelling
    put_code(workspace, code.__class__("Ukraine"), keep_empty=False)
    assert Codebook(workspace.data_dir).codes() == []
    first = save_search(workspace, "summit", "summit")
    assert first.changes == Changes(saved_searches=True)
    save_search(workspace, "ukraine", "ukraine")
    assert [s.name for s in move_search(workspace, "ukraine", 1).value] == ["ukraine", "summit"]
    assert rename_search(workspace, "summit", "the summit").value.name == "the summit"
    assert delete_search(workspace, "the summit").value.query == "summit"


def test_export_changes_nothing_and_checks_the_article(workspace: Workspace, tmp_path: Path):
    highlight(workspace, NATO_SUMMIT, (0, 4), tags=["x"])
    said, count = export_annotations(workspace, "csv", None, ExportFilter(tag="x")).value
    assert count == 1 and "x" in said
    done = export_annotations(workspace, "md", tmp_path / "out.md", ExportFilter(query="summit"))
    assert not done.changes and done.value[1] == 1 and (tmp_path / "out.md").exists()
    with pytest.raises(NotFound):
        export_annotations(workspace, "csv", None, ExportFilter(article_id="no-such"))


TAGS = st.lists(st.sampled_from(["Ukraine", "ukraine", "nato", "NATO", "aegis", " "]), max_size=4)
NOTES = st.sampled_from(["", "  ", "a note", "Redzikowo\nbase", "second"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(marks=st.lists(st.tuples(TAGS, NOTES), min_size=1, max_size=4))
def test_live_update_and_sync_read_the_same_index_fields(
    workspace: Workspace, marks: list[tuple[list[str], str]]
) -> None:
    """What the store hands the index after a change equals what a sync reads from the
    file: one mapping, whatever the tags' spelling and the notes."""
    store = workspace.annotations
    for annotation in store.for_article(NATO_SUMMIT):
        store.delete(NATO_SUMMIT, annotation.id)
    for tags, note in marks:
        clean = [t for t in tags if t.strip()]
        highlight(workspace, NATO_SUMMIT, (0, 4), tags=clean, note=note)
    live = article_summary(store.for_article(NATO_SUMMIT))
    assert live == annotation_fields(workspace.annotations_dir, NATO_SUMMIT)
