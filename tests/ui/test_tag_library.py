"""The tag library: counts, highlights across the library, opening one, rename and merge.
(The tree, the codebook entry and the co-occurrence tab: test_tag_library_tree.py.)"""

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.core.annotations import TagCount
from app.ui.tags.highlights_model import (
    ANNOTATION_ID_ROLE,
    ARTICLE_ID_ROLE,
    TaggedHighlight,
    TagHighlightsModel,
)
from app.ui.tags.library_dock import MISSING_ARTICLE, TagLibrary
from app.ui.tags.list_model import TagListModel
from app.ui.tags.tree_model import COUNT_ROLE, TAG_ROLE
from app.ui.tasks.workers import TaskManager
from tests.ui.annotation_fixtures import (  # noqa: F401
    Harness,
    harness_fixture,
    tags_of,
    when_dialog_opens,
)


def other_article(h: Harness) -> str:
    return next(a.id for a in h.workspace.library if a.id != h.nato)


def tag_some(h: Harness) -> dict[str, str]:
    """Three highlights in two articles: two tagged 'aegis-ashore', one 'Alliance'."""
    nato, other = h.nato, other_article(h)
    text_nato = h.workspace.library.get(nato)
    from app.core.render import render

    t1 = render(text_nato.body).text
    t2 = render(h.workspace.library.get(other).body).text
    a = h.store.create(
        nato, t1.index("NATO"), t1.index("NATO") + 4, tags=["aegis-ashore"], note="n1"
    )
    b = h.store.create(
        other, t2.index("Ukraine"), t2.index("Ukraine") + 7, tags=["aegis-ashore", "alliance"]
    )
    c = h.store.create(
        nato, t1.index("Russia"), t1.index("Russia") + 6, colour="blue", tags=["Alliance"]
    )
    return {"a": a.id, "b": b.id, "c": c.id}


@pytest.fixture(name="tasks")
def tasks_fixture() -> Iterator[TaskManager]:
    """The write and read workers, as the window passes its own to the tag library."""
    manager = TaskManager()
    yield manager
    manager.shutdown()


def make_library(h: Harness, qtbot, tasks: TaskManager) -> TagLibrary:
    library = TagLibrary(h.controller, tasks)
    qtbot.addWidget(library)
    library.resize(700, 400)
    library.show()
    qtbot.waitExposed(library)
    return library


def test_tags_with_counts_and_their_highlights_across_the_library(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    ids = tag_some(h)
    library = make_library(h, qtbot, tasks)
    rows = [
        (
            library.tags.index(r, 0).data(TAG_ROLE).casefold(),
            library.tags.index(r, 0).data(COUNT_ROLE),
        )
        for r in range(library.tags.rowCount())
    ]
    assert sorted(rows) == [("aegis-ashore", 2), ("alliance", 2)]
    assert library.choose_tag("aegis-ashore")
    found = {
        library.highlights.index(r).data(ANNOTATION_ID_ROLE)
        for r in range(library.highlights.rowCount())
    }
    assert found == {ids["a"], ids["b"]}
    display = [library.highlights.index(r).data() for r in range(library.highlights.rowCount())]
    titles = {a.title for a in h.workspace.library}
    assert all(d.split("\n")[0] in titles for d in display)
    assert any("“NATO”\nn1" in d for d in display)


def test_activating_a_highlight_opens_its_article_there(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    ids = tag_some(h)
    library = make_library(h, qtbot, tasks)
    library.choose_tag("aegis-ashore")
    row = next(
        r
        for r in range(library.highlights.rowCount())
        if library.highlights.index(r).data(ANNOTATION_ID_ROLE) == ids["b"]
    )
    opened: list[tuple[str, str]] = []

    def open_at(article_id: str, annotation_id: str) -> None:
        opened.append((article_id, annotation_id))
        h.open(article_id)
        h.controller.go_to(annotation_id)

    library.sig_open_annotation.connect(open_at)
    index = library.highlights.index(row)
    library.highlight_view.setCurrentIndex(index)
    library.highlight_view.setFocus()
    qtbot.keyClick(library.highlight_view, Qt.Key.Key_Return)
    assert opened == [(other_article(h), ids["b"])]
    assert h.reader.article.id == other_article(h)
    assert h.controller.sidebar.current_id() == ids["b"]
    assert h.reader._layers["flash"][0].cursor.selectedText() == "Ukraine"


def test_rename_and_merge_are_undoable(harness: Harness, qtbot, tasks: TaskManager):
    h = harness
    ids = tag_some(h)
    library = make_library(h, qtbot, tasks)
    library.choose_tag("aegis-ashore")

    def answer(dialog) -> None:
        dialog.findChild(QLineEdit).setText("missile-defence")
        dialog.accept()

    when_dialog_opens(answer)
    qtbot.mouseClick(library.rename_button, Qt.MouseButton.LeftButton)
    h.settle()
    assert library.current_tag() == "missile-defence"
    assert {t.name.casefold() for t in h.store.tags()} == {"missile-defence", "alliance"}
    assert "Rename tag 'aegis-ashore' to 'missile-defence'" in library.status.text()
    # merge: renaming to an existing tag
    assert library.rename("missile-defence", "alliance")
    h.settle()
    assert [(t.name.casefold(), t.count) for t in h.store.tags()] == [("alliance", 3)]
    assert h.stack.undoText().startswith("Merge tag")
    h.stack.undo()
    h.settle()
    assert sorted((t.name.casefold(), t.count) for t in h.store.tags()) == [
        ("alliance", 2),
        ("missile-defence", 2),
    ]
    h.stack.undo()
    h.settle()
    assert sorted(t.name.casefold() for t in h.store.tags()) == ["aegis-ashore", "alliance"]
    data = json.loads(h.store.path_for(h.nato).read_text(encoding="utf-8"))
    tags = {a["id"]: tags_of(a) for a in data["annotations"]}
    assert tags[ids["a"]] == ["aegis-ashore"]
    library.refresh()
    assert [t.casefold() for t in library.tags.tags()] == ["aegis-ashore", "alliance"]


def test_a_highlight_of_a_deleted_article_says_so_and_does_not_open(
    harness: Harness, qtbot, tasks: TaskManager
):
    h = harness
    tag_some(h)
    other = other_article(h)
    h.workspace.library.get(other).path.unlink()
    h.workspace.library.refresh()
    library = make_library(h, qtbot, tasks)
    library.choose_tag("aegis-ashore")
    titles = [
        library.highlights.index(r).data().split("\n")[0]
        for r in range(library.highlights.rowCount())
    ]
    assert MISSING_ARTICLE in titles
    row = titles.index(MISSING_ARTICLE)
    opened: list[tuple[str, str]] = []
    library.sig_open_annotation.connect(lambda a, b: opened.append((a, b)))
    library.highlight_view.activated.emit(library.highlights.index(row))
    assert opened == []
    assert "no longer in the library" in str(h.errors[-1][0])


def test_tag_list_model(qtmodeltester):
    model = TagListModel([TagCount("aegis-ashore", 3), TagCount("nato", 1)])
    qtmodeltester.check(model)
    assert model.index(0).data() == "aegis-ashore  (3)"
    assert model.row_of("NATO") == 1
    model.set_tags([])
    qtmodeltester.check(model)


def test_tag_highlights_model(harness: Harness, qtmodeltester):
    h = harness
    ids = tag_some(h)
    model = TagHighlightsModel()
    model.set_rows([TaggedHighlight(a, "Title") for a in h.store.by_tag("alliance")])
    qtmodeltester.check(model)
    assert {model.index(r).data(ANNOTATION_ID_ROLE) for r in range(2)} == {ids["b"], ids["c"]}
    assert {model.index(r).data(ARTICLE_ID_ROLE) for r in range(2)} == {h.nato, other_article(h)}


def test_the_tag_list_filters_as_you_type(harness: Harness, qtbot, tasks: TaskManager):
    h = harness
    tag_some(h)
    library = make_library(h, qtbot, tasks)
    qtbot.keyClicks(library.tag_filter, "ALL")
    shown = [
        library.shown_tags.index(r, 0).data(TAG_ROLE) for r in range(library.shown_tags.rowCount())
    ]
    assert [t.casefold() for t in shown] == ["alliance"]
    assert library.choose_tag("aegis-ashore")  # choosing a hidden tag clears the filter
    assert library.tag_filter.text() == ""
    assert library.current_tag() == "aegis-ashore"
