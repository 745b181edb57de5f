"""Related articles compare content: headline and text, never source, author, tags or notes."""

import datetime as dt
from pathlib import Path

from app.core.article import Article
from app.core.library import Library
from app.core.related import related
from app.core.workspace import Workspace


def test_only_headline_and_text_make_an_article_related(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    day = dt.date(1987, 4, 1)
    about = "Argentine sorghum exports rose as Japan bought sorghum cargoes."
    library.add(Article(id="sorghum", title="Sorghum exports rise", body=about + "\n", date=day))
    library.add(Article(id="in-title", title="Argentine sorghum", body="Prices held.\n", date=day))
    library.add(
        Article(
            id="by-source",
            title="Film award",
            body="The film won the award at the festival.\n",
            source="Argentine Sorghum Exports Weekly",
            author="Sorghum Exports",
            tags=["sorghum", "exports"],
        )
    )
    library.add(Article(id="by-note", title="Cup final", body="The final ended in a draw.\n"))
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        workspace.index.sync()
        workspace.index.update_many_annotations(
            {"by-note": (["sorghum"], "sorghum exports Argentine")}
        )
        assert workspace.index.search("note:sorghum").total == 1  # the note is searchable
        assert workspace.index.search("source:sorghum").total == 1
        found = [r.id for r in related(workspace.index, workspace.library, "sorghum")]
    assert found == ["in-title"]
