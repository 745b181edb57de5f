"""The index's annotation fields and its in-process concurrency: tags and notes come from the
annotation files on a rebuild and from the store's calls at once; a damaged docinfo cache is
rebuilt; searching from one thread while another syncs is safe."""

import json
import threading
from pathlib import Path

from app.core.index import SearchIndex
from app.core.library import Library
from tests.core.search_fixtures import NATO_SUMMIT, URGENT_TASK, make_library


def annotation_file(folder: Path, article_id: str, bodies: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": "Annotation",
        "body": bodies,
        "target": {"source": f"urn:readmark:article:{article_id}"},
    }
    data = {"format": "readmark-annotations", "version": 1, "article": article_id}
    data["annotations"] = [annotation]  # type: ignore[assignment]
    (folder / f"{article_id}.json").write_text(json.dumps(data), encoding="utf-8")


def test_rebuild_reads_tags_and_notes_from_annotation_files(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    notes = tmp_path / "annotations"
    annotation_file(
        notes,
        URGENT_TASK,
        [
            {"type": "TextualBody", "purpose": "tagging", "value": "aegis-ashore"},
            {"type": "TextualBody", "purpose": "commenting", "value": "Check the Redzikowo base"},
        ],
    )
    (notes / f"{NATO_SUMMIT}.json").write_text("{ not json", encoding="utf-8")
    index = SearchIndex(tmp_path / "index", library, annotations_dir=notes)
    report = index.sync()
    assert report.rebuilt and not report.problems
    assert [h.id for h in index.search("tag:aegis-ashore").hits] == [URGENT_TASK]
    assert [h.id for h in index.search("note:redzikowo").hits] == [URGENT_TASK]
    assert [h.id for h in index.search("redzikowo").hits] == [URGENT_TASK]
    assert ("aegis-ashore", 1) in index.search("*").facets["tags"]
    assert index.search("author:nesterova").total == 1


def test_update_annotations_survives_an_edit_of_the_article(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    index = SearchIndex(tmp_path / "index", library)
    index.sync()
    index.update_many_annotations({NATO_SUMMIT: (["watch"], "a note")})
    path = library.get(NATO_SUMMIT).path
    assert path is not None
    path.write_text(path.read_text("utf-8") + "\nOne more line about wombats.\n", "utf-8")
    assert index.update_many_annotations({"no-such-article": (["x"], "")}) is False
    report = index.sync()
    assert report.changed == 1
    assert [h.id for h in index.search("wombats").hits] == [NATO_SUMMIT]
    assert [h.id for h in index.search("tag:watch").hits] == [NATO_SUMMIT]


def test_sync_catches_annotation_files_changed_behind_its_back(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    notes = tmp_path / "annotations"
    index = SearchIndex(tmp_path / "index", library, annotations_dir=notes)
    assert index.update_many_annotations({URGENT_TASK: (["early"], "")}) is False
    index.sync()
    assert index.sync().summary == "index up to date"
    tagging = {"type": "TextualBody", "purpose": "tagging", "value": "missile-defence"}
    annotation_file(notes, URGENT_TASK, [tagging])
    report = index.sync()
    assert report.annotated == 1 and report.changed == 0
    assert "1 with new annotations" in report.summary
    assert [h.id for h in index.search("tag:missile-defence").hits] == [URGENT_TASK]
    assert index.update_many_annotations({URGENT_TASK: (["missile-defence"], "")}) is True
    assert index.sync().annotated == 0
    (notes / f"{URGENT_TASK}.json").unlink()
    assert index.sync().annotated == 1
    assert index.search("tag:missile-defence").total == 0


def test_damaged_docinfo_cache_is_rebuilt_from_the_index(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    SearchIndex(tmp_path / "index", library).sync()
    sidecars = list((tmp_path / "index").glob("*.docinfo.npz"))
    assert len(sidecars) == 1
    sidecars[0].write_bytes(b"garbage")
    index = SearchIndex(tmp_path / "index", Library(tmp_path / "library"))
    assert index.search("nato").facets["sources"] == [("ONEST", 2)]
    assert index.sync().summary == "index up to date"
    assert sidecars[0].read_bytes() != b"garbage"


def test_searching_while_another_thread_syncs(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    index = SearchIndex(tmp_path / "index", library)
    index.sync()
    path = library.get(URGENT_TASK).path
    assert path is not None
    original = path.read_text("utf-8")
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for n in range(15):
                path.write_text(original + f"\nEdit number {n} mentions kangaroos.\n", "utf-8")
                index.sync()
        except BaseException as exc:  # collected for the main thread's assertion
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    totals = set()
    while thread.is_alive():
        results = index.search('"Aegis Ashore"')
        totals.add(results.total)
        assert results.hits[0].id == URGENT_TASK
    thread.join()
    assert not errors and totals == {1}
    assert index.search("kangaroos").total == 1
