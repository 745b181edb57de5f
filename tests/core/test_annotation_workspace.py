"""The workspace hands out the annotation store wired to the real Whoosh index."""

from pathlib import Path

import pytest
from whoosh.index import open_dir

from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.export import article_ids_for_query, select
from app.core.render import render
from app.core.workspace import Workspace

BODY = "Japan has cancelled the deployment of Aegis Ashore, a land-based missile defence system."


def test_annotating_updates_tag_and_note_search_at_once(library_dir: Path, data_dir: Path) -> None:
    with Workspace(library_dir, data_dir) as workspace:
        workspace.library.add(Article(id="japan-aegis", title="Japan and Aegis", body=BODY))
        workspace.library.add(Article(id="other", title="Other", body="Nothing to see."))
        workspace.index.sync()
        assert workspace.index.search("tag:aegis-ashore").total == 0
        text = render(BODY).text
        start = text.index("Aegis Ashore")
        made = workspace.annotations.create(
            "japan-aegis", start, start + 12, tags=["aegis-ashore"], note="follow the budget"
        )
        assert [h.id for h in workspace.index.search("tag:aegis-ashore").hits] == ["japan-aegis"]
        assert [h.id for h in workspace.index.search("note:follow").hits] == ["japan-aegis"]
        workspace.annotations.delete("japan-aegis", made.id)
        assert workspace.index.search("tag:aegis-ashore").total == 0
        assert workspace.annotations.problems == []


def test_annotating_before_the_index_exists_is_picked_up_by_the_first_sync(
    library_dir: Path, data_dir: Path
) -> None:
    with Workspace(library_dir, data_dir) as workspace:
        workspace.library.add(Article(id="japan-aegis", title="Japan and Aegis", body=BODY))
        workspace.annotations.create("japan-aegis", 0, 5, tags=["Early-Bird"])
        assert workspace.annotations.problems == []
        workspace.index.sync()
        assert workspace.index.search("tag:early-bird").total == 1


def test_a_busy_index_delays_the_tags_and_the_next_sync_catches_up(
    library_dir: Path, data_dir: Path
) -> None:
    with Workspace(library_dir, data_dir) as workspace:
        workspace.library.add(Article(id="japan-aegis", title="Japan and Aegis", body=BODY))
        workspace.index.sync()
        writer = open_dir(str(workspace.index_dir)).writer()  # another writer holds the lock
        try:
            made = workspace.annotations.create("japan-aegis", 0, 5, tags=["late"])
        finally:
            writer.cancel()
        assert workspace.annotations.for_article("japan-aegis") == [made]
        assert workspace.index.search("tag:late").total == 0
        workspace.index.sync()
        assert [h.id for h in workspace.index.search("tag:late").hits] == ["japan-aegis"]


def test_export_selection_by_search_query(library_dir: Path, data_dir: Path) -> None:
    with Workspace(library_dir, data_dir) as workspace:
        workspace.library.add(Article(id="japan-aegis", title="Japan and Aegis", body=BODY))
        workspace.library.add(Article(id="other", title="Other", body="Nothing to see here."))
        workspace.index.sync()
        workspace.annotations.create("japan-aegis", 0, 5, tags=["asia"])
        workspace.annotations.create("other", 0, 7)
        assert article_ids_for_query(workspace.index, "missile") == {"japan-aegis"}
        assert article_ids_for_query(workspace.index, "tag:asia") == {"japan-aegis"}
        chosen = select(
            workspace.annotations, article_ids=article_ids_for_query(workspace.index, "see")
        )
        assert [e.article_id for e in chosen] == ["other"]
        with pytest.raises(InvalidInput, match="'date:>notadate' is not a date"):
            article_ids_for_query(workspace.index, "date:>notadate")
