"""The annotation item models, each checked with qtmodeltester, and the card painting."""

from PySide6.QtCore import Qt

from app.core.anchoring import Anchor
from app.core.annotations import Annotation, Placed
from app.ui.annotations.sidebar.card_text import footer_text
from app.ui.annotations.sidebar.filter_model import AnnotationFilterModel
from app.ui.annotations.sidebar.list_model import AnnotationListModel, AnnotationRole, shorten


def placed(n: int, start: int | None, colour: str = "yellow", tags=(), status="exact") -> Placed:
    annotation = Annotation(
        id=f"urn:uuid:{n}",
        article_id="a",
        created=f"2024-06-19T10:00:0{n}.000Z",
        modified=f"2024-06-19T10:00:0{n}.000Z",
        colour=colour,
        tags=list(tags),
        note=f"note {n}",
        exact=f"quote {n} " * 3,
        start=start,
        end=None if start is None else start + 5,
    )
    if status == "orphan":
        return Placed(annotation, Anchor(None, None, "orphan"))
    return Placed(annotation, Anchor(start, (start or 0) + 5, status))


def sample() -> list[Placed]:
    return [
        placed(1, 40, "green", ["nato"]),
        placed(2, 10, "yellow", ["NATO", "summit"]),
        placed(3, None, "blue", status="orphan"),
        placed(4, 25, "green"),
    ]


def test_annotation_list_model_orders_by_text_with_orphans_last(qtmodeltester):
    model = AnnotationListModel()
    model.set_entries(sample())
    qtmodeltester.check(model)
    assert [model.index(r).data(AnnotationRole.START) for r in range(4)] == [10, 25, 40, -1]
    assert model.index(3).data(AnnotationRole.ORPHAN) is True
    assert model.index(0).data(AnnotationRole.TAGS) == ["NATO", "summit"]
    assert model.index(0).data() == "quote 2 quote 2 quote 2"
    assert model.row_of("urn:uuid:4") == 1


def test_editing_a_note_keeps_the_text_and_reports_it(qtmodeltester, qtbot):
    model = AnnotationListModel()
    model.set_entries(sample())
    with qtbot.waitSignal(model.note_edited) as blocker:
        assert model.setData(model.index(1), "new note", Qt.ItemDataRole.EditRole)
    assert blocker.args == ["urn:uuid:4", "new note"]
    assert model.index(1).data(AnnotationRole.NOTE) == "new note"
    assert not model.setData(model.index(1), 42, Qt.ItemDataRole.EditRole)
    qtmodeltester.check(model)


def test_new_entries_change_only_the_rows_that_differ(qtbot):
    model = AnnotationListModel()
    model.set_entries(sample())
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        model.set_entries(sample())
    gone: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: gone.append((first, last)))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_entries(sample()[:2])
    assert gone == [(3, 3), (1, 1)]  # the orphan (3), then the highlight at 25 (4)
    assert [p.annotation.id for p in model.entries()] == ["urn:uuid:2", "urn:uuid:1"]


def test_filter_model_by_colour_and_tag_never_hides_orphans(qtmodeltester):
    model = AnnotationListModel()
    model.set_entries(sample())
    cards = AnnotationFilterModel()
    cards.setSourceModel(model)
    orphans = AnnotationFilterModel(orphans=True)
    orphans.setSourceModel(model)
    qtmodeltester.check(cards)
    qtmodeltester.check(orphans)
    assert cards.rowCount() == 3 and orphans.rowCount() == 1
    cards.set_colours({"green"})
    orphans.set_colours({"green"})
    assert [cards.index(r, 0).data(AnnotationRole.ID) for r in range(cards.rowCount())] == [
        "urn:uuid:4",
        "urn:uuid:1",
    ]
    assert orphans.rowCount() == 1
    cards.set_tag("nato")
    assert cards.rowCount() == 1 and cards.index(0, 0).data(AnnotationRole.ID) == "urn:uuid:1"
    cards.set_colours(set())
    assert cards.rowCount() == 2  # tag matching ignores case: "NATO" and "nato"
    qtmodeltester.check(cards)


def test_shorten_cuts_at_a_word():
    assert shorten("one two  three", 100) == "one two three"
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"


def test_card_footer_says_when_a_place_is_uncertain():
    created = "2024-06-19T10:00:00.000Z"
    assert footer_text(created, created, "exact").startswith("Created 19 Jun 2024")
    assert "edited" in footer_text(created, "2024-06-20T08:00:00.000Z", "moved")
    assert footer_text(created, created, "fuzzy").startswith("Placed by a close match")
    assert footer_text(created, created, "orphan").startswith("Its text changed")
