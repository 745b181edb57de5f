"""The annotation store: operations, queries, tags, undo support, files and corruption."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.annotations import COLOURS, Annotation, AnnotationStore
from app.core.annotations.files import FORMAT, render_document
from app.core.article import Article
from app.core.errors import CorruptFile, InvalidInput, NotFound
from app.core.library import Library
from app.core.render import render
from tests.core.library_files import rewrite_outside
from tests.core.test_annotation_w3c import must_failures

BODY = (
    "Japan has cancelled the deployment of Aegis Ashore, a land-based missile defence "
    "system.\n\nThe decision surprised Washington. Officials said Aegis Ashore was too "
    "costly, and that *follow-up* talks are planned."
)


@pytest.fixture
def library(library_dir: Path) -> Library:
    lib = Library(library_dir)
    lib.add(Article(id="japan-aegis", title="Japan drops Aegis Ashore", body=BODY))
    lib.add(Article(id="other", title="Other", body="Nothing about missiles here at all."))
    return lib


@pytest.fixture
def changes() -> list[tuple[str, list[str], str]]:
    return []


@pytest.fixture
def store(
    data_dir: Path, library: Library, changes: list[tuple[str, list[str], str]]
) -> AnnotationStore:
    def record(article_id: str, tags: list[str], notes: str) -> None:
        changes.append((article_id, tags, notes))

    return AnnotationStore(data_dir / "annotations", library, on_change=record)


def text_of(library: Library, article_id: str) -> str:
    return render(library.get(article_id).body).text


def span(library: Library, quote: str, article_id: str = "japan-aegis") -> tuple[int, int]:
    start = text_of(library, article_id).index(quote)
    return start, start + len(quote)


def test_create_writes_the_documented_w3c_file(store: AnnotationStore, library: Library) -> None:
    start, end = span(library, "Aegis Ashore")
    made = store.create(
        "japan-aegis", start, end, colour="green", tags=["#Aegis Ashore"], note="follow"
    )
    data = json.loads(store.path_for("japan-aegis").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["version"] == 1 and data["article"] == "japan-aegis"
    [stored] = data["annotations"]
    assert stored["id"] == made.id and made.id.startswith("urn:uuid:")
    assert stored["motivation"] == "highlighting"
    assert stored["target"]["source"] == "urn:readmark:article:japan-aegis"
    assert stored["target"]["styleClass"] == "hl-green"
    assert stored["stylesheet"]["type"] == "CssStylesheet"
    assert stored["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "Aegis-Ashore"},
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/markdown",
            "value": "follow",
        },
    ]
    quote, position = stored["target"]["selector"]
    assert quote["exact"] == "Aegis Ashore" and position == {
        "type": "TextPositionSelector",
        "start": start,
        "end": end,
    }
    assert stored["created"].endswith("Z") and stored["created"] == stored["modified"]
    assert must_failures(stored) == []


def test_operations_change_only_what_they_say_and_notify_the_index(
    store: AnnotationStore, library: Library, changes: list[tuple[str, list[str], str]]
) -> None:
    made = store.create("japan-aegis", *span(library, "too costly"), tags=["cost"])
    store.recolour("japan-aegis", made.id, "Pink")
    store.set_tags("japan-aegis", made.id, ["cost", "COST", "budget"])
    changed = store.set_note("japan-aegis", made.id, "Check the **budget** figures")
    assert (changed.colour, changed.tags, changed.note) == (
        "pink",
        ["cost", "budget"],
        changed.note,
    )
    assert changed.created == made.created and changed.modified >= made.modified
    assert store.for_article("japan-aegis") == [changed]
    assert changes[-1] == ("japan-aegis", ["cost", "budget"], "Check the **budget** figures")
    assert len(changes) == 4


def test_delete_then_restore_brings_back_the_same_annotation(
    store: AnnotationStore, library: Library
) -> None:
    made = store.create("japan-aegis", *span(library, "Washington"), note="who?")
    removed = store.delete("japan-aegis", made.id)
    assert removed == made and store.for_article("japan-aegis") == []
    store.restore(removed)
    assert store.for_article("japan-aegis") == [made]
    recoloured = store.recolour("japan-aegis", made.id, "blue")
    store.restore(made)
    assert store.for_article("japan-aegis") == [made] != [recoloured]
    with pytest.raises(NotFound):
        store.delete("japan-aegis", "urn:uuid:nope")


def test_library_wide_queries(store: AnnotationStore, library: Library) -> None:
    a = store.create("japan-aegis", *span(library, "Aegis Ashore"), tags=["Aegis-Ashore"])
    b = store.create(
        "japan-aegis", *span(library, "Washington"), colour="blue", tags=["aegis-ashore", "us"]
    )
    c = store.create(
        "other", *span(library, "missiles", "other"), tags=["us"], note="Follow the money"
    )
    note = store.create_note("other", "Whole-article thought", tags=["meta"])
    assert store.tags()[0].count == 2
    assert {(t.name.casefold(), t.count) for t in store.tags()} == {
        ("aegis-ashore", 2),
        ("us", 2),
        ("meta", 1),
    }
    assert [x.id for x in store.by_tag("AEGIS-ASHORE")] == [a.id, b.id]
    assert store.get(c.id) == c
    placed = {p.annotation.id: p.anchor for p in store.placed("other")}
    assert placed[note.id] is None and placed[c.id] is not None and placed[c.id].status == "exact"


def test_rename_and_merge_tags_across_the_library(store: AnnotationStore, library: Library) -> None:
    store.create("japan-aegis", *span(library, "Aegis Ashore"), tags=["missile", "Japan"])
    store.create("other", *span(library, "missiles", "other"), tags=["Missile"])
    assert store.rename_tag("MISSILE", "defence") == 2
    assert {t.name: t.count for t in store.tags()} == {"defence": 2, "Japan": 1}
    assert store.rename_tag("japan", "defence") == 1
    assert store.for_article("japan-aegis")[0].tags == ["defence"]
    with pytest.raises(NotFound, match="no annotation has the tag 'missile'"):
        store.rename_tag("missile", "x")


def test_annotations_of_a_missing_article_are_kept_and_listed(
    store: AnnotationStore, library: Library
) -> None:
    made = store.create("other", *span(library, "missiles", "other"))
    library.forget("other")
    assert store.missing() == {"other": [made]}
    [placed] = store.placed("other")
    assert placed.anchor is not None and placed.anchor.status == "orphan"
    assert store.path_for("other").exists()


def test_anchoring_after_the_article_changed(store: AnnotationStore, library: Library) -> None:
    made = store.create("japan-aegis", *span(library, "too costly"))
    article = library.get("japan-aegis")
    article.body = "Update: a new first paragraph.\n\n" + article.body
    rewrite_outside(library, article)
    [placed] = store.placed("japan-aegis")
    assert placed.anchor is not None and placed.anchor.status == "moved"
    assert text_of(library, "japan-aegis")[placed.anchor.start : placed.anchor.end] == "too costly"
    assert store.for_article("japan-aegis")[0].start == made.start  # stored selectors untouched


# Bad input


def test_bad_ranges_colours_notes_and_tags_are_refused_clearly(
    store: AnnotationStore, library: Library
) -> None:
    text = text_of(library, "japan-aegis")
    gap = text.index("\n")
    with pytest.raises(InvalidInput, match="only whitespace"):
        store.create("japan-aegis", gap, gap + 1)
    with pytest.raises(InvalidInput, match="range 5-5"):
        store.create("japan-aegis", 5, 5)
    with pytest.raises(InvalidInput, match="unknown colour 'teal'; choose one of yellow"):
        store.create("japan-aegis", 0, 5, colour="teal")
    for tag, char in (("a,b", ","), ("x;y", ";"), ("c#sharp", "#"), ('say "hi"', '"')):
        with pytest.raises(InvalidInput, match=f"contains '{char}'"):
            store.create("japan-aegis", 0, 5, tags=[tag])
    with pytest.raises(InvalidInput, match="empty"):
        store.create("japan-aegis", 0, 5, tags=["  # "])
    with pytest.raises(InvalidInput, match="limit is 100,000"):
        store.create("japan-aegis", 0, 5, note="x" * 100_001)
    with pytest.raises(NotFound):
        store.create("no-such-article", 0, 5)
    assert not store.path_for("japan-aegis").exists()  # nothing half-written


def test_long_notes_and_unusual_tags_are_kept_exactly(
    store: AnnotationStore, library: Library
) -> None:
    note = ("Ten thousand characters of thought, ünïcødé and emoji 🚀. " * 200)[:10_000]
    made = store.create(
        "japan-aegis", 0, 5, note=note, tags=["#follow up", "🚀", "Ünïcode", "  spaced   out  "]
    )
    [back] = AnnotationStore(store.folder, library).for_article("japan-aegis")
    assert back == made and len(back.note) == 10_000
    assert back.tags == ["follow-up", "🚀", "Ünïcode", "spaced-out"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'{"format": "readmark-annotations", "version": 1, "article": "japan-ae',
            "not JSON",
        ),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'["a", "list"]', "not a Readmark annotation file"),
        (
            b'{"format": "readmark-annotations", "version": 1, "article": "japan-aegis", '
            b'"annotations": [{"id": 3}]}',
            "field 'id'",
        ),
        (
            b'{"format": "readmark-annotations", "version": 2, "article": "japan-aegis", '
            b'"annotations": []}',
            "version 2",
        ),
    ],
    ids=["truncated", "binary", "wrong-shape", "bad-annotation", "newer-version"],
)
def test_broken_file_is_set_aside_reported_and_never_overwritten(
    store: AnnotationStore, library: Library, content: bytes, reason: str
) -> None:
    other = store.create("other", *span(library, "missiles", "other"))
    path = store.path_for("japan-aegis")
    path.write_bytes(content)
    assert store.for_article("japan-aegis") == []
    [problem] = store.problems
    assert isinstance(problem, CorruptFile) and reason in str(problem)
    assert problem.moved_to is not None and problem.moved_to.read_bytes() == content
    assert problem.moved_to.name.startswith("japan-aegis.json.corrupt-")
    made = store.create("japan-aegis", 0, 5)
    assert store.for_article("japan-aegis") == [made]
    assert problem.moved_to.read_bytes() == content
    assert store.for_article("other") == [other]
    assert store.article_ids() == ["japan-aegis", "other"]


def test_file_broken_between_reads_is_set_aside_when_changed(store: AnnotationStore) -> None:
    made = store.create("japan-aegis", 0, 5)
    store.path_for("japan-aegis").write_text("{oops", encoding="utf-8")
    second = store.create("japan-aegis", 6, 9)
    assert store.for_article("japan-aegis") == [second] != [made]
    assert len(store.problems) == 1 and "not JSON" in str(store.problems[0])


def test_unsafe_article_ids_cannot_name_files(store: AnnotationStore) -> None:
    for bad in ("../escape", "a/b", "", ".hidden"):
        with pytest.raises(InvalidInput, match="cannot name an annotation file"):
            store.path_for(bad)


annotation_strategy = st.builds(
    Annotation,
    id=st.uuids().map(lambda u: f"urn:uuid:{u}"),
    article_id=st.just("japan-aegis"),
    created=st.just("2026-01-02T03:04:05.678Z"),
    modified=st.just("2026-01-02T03:04:05.678Z"),
    colour=st.sampled_from(list(COLOURS)),
    tags=st.lists(st.text(min_size=1, max_size=12), max_size=4),
    note=st.text(max_size=200),
    exact=st.text(min_size=1, max_size=80),
    prefix=st.text(max_size=32),
    suffix=st.text(max_size=32),
    start=st.integers(0, 10_000),
    end=st.integers(10_001, 20_000),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(annotation_strategy, max_size=6, unique_by=lambda a: a.id))
def test_store_round_trips_losslessly(
    store: AnnotationStore, annotations: list[Annotation]
) -> None:
    path = store.path_for("japan-aegis")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_document("japan-aegis", annotations), encoding="utf-8")
    fresh = AnnotationStore(store.folder, store.library)
    assert sorted(fresh.for_article("japan-aegis"), key=lambda a: a.id) == sorted(
        annotations, key=lambda a: a.id
    )
    store.save_all(annotations)
    assert fresh.problems == [] and store.problems == []


def test_a_file_that_cannot_be_read_is_reported_once_and_left_alone(store: AnnotationStore) -> None:
    """Root reads any file, so a folder in the file's place stands in for no permission."""
    in_the_way = store.path_for("japan-aegis")
    (in_the_way / "keep.txt").parent.mkdir(parents=True)
    (in_the_way / "keep.txt").write_text("mine", encoding="utf-8")
    assert store.for_article("japan-aegis") == []
    assert store.for_article("japan-aegis") == []
    [problem] = store.problems
    assert isinstance(problem, CorruptFile) and "cannot read" in str(problem)
    with pytest.raises(CorruptFile, match="left as it is"):
        store.create("japan-aegis", 0, 5)
    assert (in_the_way / "keep.txt").read_text(encoding="utf-8") == "mine"
    other = store.create("other", 0, 7)
    assert store.all() == [other]


def test_listing_order_is_by_position_whether_cached_or_read(
    store: AnnotationStore, library: Library
) -> None:
    later = store.create("japan-aegis", *span(library, "too costly"))
    earlier = store.create("japan-aegis", *span(library, "Japan"))
    assert store.for_article("japan-aegis") == [earlier, later]
    assert AnnotationStore(store.folder, library).for_article("japan-aegis") == [earlier, later]


def test_what_a_caller_gets_is_its_own_to_change(store: AnnotationStore, library: Library) -> None:
    """The store keeps what it read and reads its own tallies from that without copying;
    every annotation it hands out is a copy: changing it changes nothing stored."""
    start, end = span(library, "Aegis Ashore")
    made = store.create("japan-aegis", start, end, tags=["defence"], note="a note")
    handed_out = [
        store.for_article("japan-aegis")[0],
        store.all()[0],
        store.get(made.id),
        store.by_tag("defence")[0],
        store.under_tag("defence")[0],
    ]
    for annotation in handed_out:
        annotation.tags.append("changed")
        annotation.note = "changed"
    again = store.get(made.id)
    assert again.tags == ["defence"] and again.note == "a note"
    assert [(t.name, t.count) for t in store.tags()] == [("defence", 1)]


def test_a_highlight_without_tags_reads_no_other_article(
    store: AnnotationStore, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save's cost must not grow with the library's annotations: the one made without
    tags read every article's to spell its (absent) tags, 29 ms at 5,000 annotations, on
    the write worker beside each landing (issue 11). Tags still take the library's
    spelling, which needs the others."""
    for k in range(20):
        library.add(Article(id=f"article-{k}", title=f"Article {k}", body=BODY))
        store.create(f"article-{k}", 0, 5, tags=["Defence"])
    read: list[str] = []
    stored = AnnotationStore._stored
    monkeypatch.setattr(
        AnnotationStore,
        "_stored",
        lambda self, article_id: read.append(article_id) or stored(self, article_id),
    )
    start, end = span(library, "Aegis Ashore")
    store.create("japan-aegis", start, end)
    assert set(read) <= {"japan-aegis"}
    made = store.create("japan-aegis", start, end, tags=["DEFENCE"])
    assert made.tags == ["Defence"]  # the library's spelling, read from the others
