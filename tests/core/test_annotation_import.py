"""Importing annotations: our JSON-LD round trip, the W3C examples, Hypothesis JSON, bad files."""

import json
from pathlib import Path

import pytest

from app.core.annotations import AnnotationStore
from app.core.annotations.importing import import_annotations
from app.core.article import Article
from app.core.errors import ImportFailed
from app.core.export import select
from app.core.export.formats import to_jsonld
from app.core.library import Library
from app.core.render import render
from tests.conftest import W3C, require_shared
from tests.core.library_files import rewrite_outside
from tests.core.test_annotation_w3c import must_failures

BODY = "Japan has cancelled the deployment of Aegis Ashore, a land-based missile defence system."
PAGE1 = (
    "Welcome. this is an anotation that has some typos in it. Then there is the "
    "text before the Selected Text and text after it, and more."
)


def make_store(root: Path) -> AnnotationStore:
    library = Library(root / "library")
    library.add(Article(id="aegis", title="Aegis", body=BODY, url="https://news.example/aegis"))
    library.add(Article(id="local", title="Local only", body="A story with no web address."))
    library.add(
        Article(id="page1", title="Example page", body=PAGE1, url="http://example.org/page1")
    )
    return AnnotationStore(root / "data" / "annotations", library)


def create_some(store: AnnotationStore) -> None:
    text = render(BODY).text
    start = text.index("Aegis Ashore")
    store.create(
        "aegis", start, start + 12, colour="purple", tags=["aegis-ashore", "🚀"], note="n\n*md*"
    )
    store.create("local", 2, 7, tags=["local"])
    store.create_note("aegis", "whole-article note")
    orphan = store.create("local", 8, 12, note="will be orphaned")
    local = store.library.get("local")
    local.body = "Now rewritten completely, nothing in common."
    rewrite_outside(store.library, local)
    assert orphan.exact is not None


def test_our_jsonld_export_round_trips_losslessly(tmp_path: Path) -> None:
    source = make_store(tmp_path / "a")
    create_some(source)
    exported = tmp_path / "export.jsonld"
    exported.write_text(to_jsonld(select(source)), encoding="utf-8")
    target = make_store(tmp_path / "b")
    report = import_annotations(exported, target)
    assert (report.imported, report.skipped, report.unmatched) == (4, [], [])
    assert sorted(target.all(), key=lambda a: a.id) == sorted(source.all(), key=lambda a: a.id)
    again = import_annotations(exported, target)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 4)


def test_a_readmark_annotation_file_imports_as_is(tmp_path: Path) -> None:
    source = make_store(tmp_path / "a")
    create_some(source)
    target = make_store(tmp_path / "b")
    report = import_annotations(source.path_for("aegis"), target)
    assert report.imported == 2
    assert target.for_article("aegis") == source.for_article("aegis")


def test_all_w3c_examples_are_read_without_a_crash(tmp_path: Path) -> None:
    examples = sorted(require_shared(W3C / "examples").glob("anno*.json"))
    assert len(examples) == 41
    store = make_store(tmp_path)
    skipped = unmatched = imported = 0
    for example in examples:
        report = import_annotations(example, store)
        skipped += len(report.skipped)
        unmatched += len(report.unmatched)
        imported += report.imported
    assert imported == 2  # anno26 and anno32: text quotes on http://example.org/page1
    assert skipped + unmatched + imported >= 41
    placed = {p.annotation.exact: p.anchor for p in store.placed("page1")}
    text = render(PAGE1).text
    for quote in ("anotation", "Selected Text"):
        anchor = placed[quote]
        assert anchor is not None and text[anchor.start : anchor.end] == quote
    assert store.problems == []
    stored = json.loads(store.path_for("page1").read_text(encoding="utf-8"))["annotations"]
    assert [must_failures(a) for a in stored] == [[], []]


def test_imported_timestamps_that_are_not_dates_are_replaced(tmp_path: Path) -> None:
    source = make_store(tmp_path / "a")
    create_some(source)
    exported = json.loads(to_jsonld(select(source)))
    for item in exported["first"]["items"]:
        item["created"] = "yesterday"
    path = tmp_path / "odd-dates.jsonld"
    path.write_text(json.dumps(exported), encoding="utf-8")
    target = make_store(tmp_path / "b")
    assert import_annotations(path, target).imported == 4
    for article_id in target.article_ids():
        document = json.loads(target.path_for(article_id).read_text(encoding="utf-8"))
        assert all(must_failures(a) == [] for a in document["annotations"])


def hypothesis_rows() -> dict[str, object]:
    def row(
        ident: str, uri: str, exact: str | None, text: str, tags: list[str]
    ) -> dict[str, object]:
        selector = (
            [
                {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0},
                {"type": "TextPositionSelector", "start": 900, "end": 912},
                {
                    "type": "TextQuoteSelector",
                    "exact": exact,
                    "prefix": "deployment of ",
                    "suffix": ", a land",
                },
            ]
            if exact
            else []
        )
        return {
            "id": ident,
            "created": "2024-06-20T10:11:12.123456+00:00",
            "updated": "2024-06-21T10:11:12.123456+02:00",
            "uri": uri,
            "text": text,
            "tags": tags,
            "target": [{"source": uri, "selector": selector}],
            "document": {"title": ["Aegis"]},
        }

    return {
        "total": 4,
        "rows": [
            row(
                "h1",
                "https://news.example/aegis/",
                "Aegis Ashore",
                "check **this**",
                ["Missile Defence", "a,b"],
            ),
            row("h2", "https://news.example/aegis", None, "page note", []),
            row("h3", "https://elsewhere.example/x", "Aegis", "", []),
            row("h4", "https://news.example/aegis", None, "", []),
        ],
    }


def test_hypothesis_json_is_mapped_by_url_and_reanchored(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(hypothesis_rows()), encoding="utf-8")
    report = import_annotations(path, store)
    assert report.imported == 2
    assert len(report.unmatched) == 1 and "elsewhere.example" in report.unmatched[0]
    assert any("neither a highlight nor a note" in s for s in report.skipped)
    assert any("tag dropped" in s and "a,b" in s for s in report.skipped)
    highlight, note = sorted(store.for_article("aegis"), key=lambda a: a.motivation, reverse=True)
    text = render(BODY).text
    assert highlight.exact == "Aegis Ashore" and highlight.start == text.index("Aegis Ashore")
    assert highlight.tags == ["Missile-Defence"] and highlight.note == "check **this**"
    assert highlight.created == "2024-06-20T10:11:12.123Z"
    assert highlight.modified == "2024-06-21T08:11:12.123Z"
    assert highlight.id.startswith("urn:uuid:")
    assert note.motivation == "commenting" and note.note == "page note"
    assert import_annotations(path, store).unchanged == 2
    client_export = {
        "export_date": "2024-06-22T00:00:00Z",
        "annotations": hypothesis_rows()["rows"],
    }
    path.write_text(json.dumps(client_export), encoding="utf-8")
    assert import_annotations(path, store).unchanged == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not json", "not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not JSON"),
        (b'{"truncated": ', "not JSON"),
    ],
)
def test_a_file_that_is_not_json_is_refused_and_nothing_changes(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    store = make_store(tmp_path)
    create_some(store)
    before = store.all()
    path = tmp_path / "input.json"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=reason):
        import_annotations(path, store)
    assert store.all() == before


def test_valid_json_of_other_shapes_is_skipped_not_crashed(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    for value in ([1, "two", None], {"type": "Annotation"}, "just a string", {"rows": [7]}, 42):
        path = tmp_path / "odd.json"
        path.write_text(json.dumps(value), encoding="utf-8")
        report = import_annotations(path, store)
        assert report.imported == 0
    assert store.all() == []
    with pytest.raises(ImportFailed, match="cannot read"):
        import_annotations(tmp_path / "missing.json", store)
