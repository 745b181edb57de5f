"""A damaged search index heals itself from the library files, whatever the damage: sync,
rebuild, search and annotating all carry on, the index is rebuilt with one reason saying why,
and nothing outside ``<data>/index/`` is deleted."""

import contextlib
import gc
import random
import shutil
import warnings
from pathlib import Path

import pytest

from app.core.index import SearchIndex, storage
from app.core.library import Library
from app.core.workspace import Workspace
from tests.core.index_damage import DAMAGE, folder_is_a_file
from tests.core.search_fixtures import NATO_SUMMIT, make_library

KINDS = sorted(DAMAGE)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("damage")
    make_library(root / "library")
    with Workspace(root / "library", root / "data") as workspace:
        workspace.index.sync()
    return root


@pytest.fixture
def root(tmp_path: Path, template: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "copy"))


def damaged(root: Path, kind: str) -> Workspace:
    DAMAGE[kind](root / "data" / "index")
    return Workspace(root / "library", root / "data")


def assert_healed(workspace: Workspace) -> None:
    assert storage.problem_with(workspace.index_dir) is None
    assert workspace.index.search("nato").total == 2
    assert workspace.index.state().status == "ready"


@pytest.mark.parametrize("kind", KINDS)
def test_sync_rebuilds_a_damaged_index_saying_why(root: Path, kind: str) -> None:
    with damaged(root, kind) as workspace:
        assert workspace.index.state().status in ("broken", "missing")
        report = workspace.index.sync()
        assert report.rebuilt and report.reason and report.documents == 4
        assert report.summary.startswith("index rebuilt (")
        assert_healed(workspace)


@pytest.mark.parametrize("kind", KINDS)
def test_rebuild_replaces_a_damaged_index(root: Path, kind: str) -> None:
    with damaged(root, kind) as workspace:
        report = workspace.index.rebuild()
        assert report.rebuilt and report.reason != "a rebuild was asked for"
        assert_healed(workspace)


@pytest.mark.parametrize("kind", KINDS)
def test_search_before_any_sync_answers_with_a_notice(root: Path, kind: str) -> None:
    with damaged(root, kind) as workspace:
        results = workspace.index.search("nato")
        assert results.total == 0 and results.notice


@pytest.mark.parametrize("kind", KINDS)
def test_an_annotation_is_saved_and_reaches_the_index_at_the_next_sync(
    root: Path, kind: str
) -> None:
    with damaged(root, kind) as workspace:
        made = workspace.annotations.create_note(NATO_SUMMIT, "still here", tags=["healed"])
        assert workspace.annotations.problems == []
        assert [a.id for a in workspace.annotations.for_article(NATO_SUMMIT)] == [made.id]
        workspace.index.sync()
        assert [h.id for h in workspace.index.search("tag:healed").hits] == [NATO_SUMMIT]


@pytest.mark.parametrize("kind", KINDS)
def test_reading_a_damaged_index_leaves_no_file_open(root: Path, kind: str) -> None:
    """Whoosh leaves the files of a failed open (TOC, segments) to the garbage collector,
    which warns when it closes them; here every one is closed before the answer comes."""
    index_dir = root / "data" / "index"
    DAMAGE[kind](index_dir)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert storage.problem_with(index_dir) is not None
        with contextlib.suppress(storage.DAMAGE_ERRORS):
            storage.open_existing(index_dir).searcher().close()
        with Workspace(root / "library", root / "data") as workspace:
            assert workspace.index.search("nato").total == 0
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


def test_a_file_in_place_of_the_index_folder_is_set_aside_not_deleted(root: Path) -> None:
    data = root / "data"
    (data / "annotations").mkdir(exist_ok=True)
    (data / "annotations" / "keep.txt").write_text("mine", encoding="utf-8")
    with damaged(root, "index folder is a file") as workspace:
        workspace.index.sync()
    aside = [p for p in data.iterdir() if p.name.startswith("index.set-aside-")]
    assert [p.read_text(encoding="utf-8") for p in aside] == ["not an index\n"]
    assert (data / "annotations" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_symlink_in_place_of_the_index_folder_is_set_aside_and_its_target_kept(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("do not delete", encoding="utf-8")
    index_dir = root / "data" / "index"
    folder_is_a_file(index_dir)
    index_dir.unlink()
    index_dir.symlink_to(elsewhere)
    with Workspace(root / "library", root / "data") as workspace:
        assert workspace.index.sync().rebuilt
        assert_healed(workspace)
    assert (elsewhere / "precious.txt").read_text(encoding="utf-8") == "do not delete"
    assert not index_dir.is_symlink()


def test_damage_found_mid_search_is_marked_and_healed_by_the_next_sync(root: Path) -> None:
    """Damage deep inside a segment passes the quick check at opening; the search that meets
    it reports it (no exception), and the next sync, here in a new process's place, rebuilds."""
    index_dir = root / "data" / "index"
    segment = next(index_dir.glob("*.seg"))
    pristine = segment.read_bytes()
    version = (index_dir / storage.VERSION_FILE).read_bytes()
    queries = ["nato", "bank*", "zurich", "title:cafe", "ukraine", "summit~"]
    met = 0
    for offset in range(len(pristine) // 40, len(pristine), len(pristine) // 20):
        noise = random.Random(offset).randbytes(400)
        segment.write_bytes(pristine[:offset] + noise + pristine[offset + 400 :])
        (index_dir / storage.VERSION_FILE).write_bytes(version)
        if storage.problem_with(index_dir) is not None:
            continue
        index = SearchIndex(index_dir, Library(root / "library"))
        if any(index.search(q).index_damaged for q in queries):
            met += 1
            assert "damaged" in (storage.problem_with(index_dir) or "")
            fresh = SearchIndex(index_dir, index.library)
            assert fresh.sync().rebuilt
            assert fresh.search("nato").total == 2
            fresh.close()
            segment = next(index_dir.glob("*.seg"))
            pristine = segment.read_bytes()
            version = (index_dir / storage.VERSION_FILE).read_bytes()
        index.close()
    assert met, "no offset damaged the index in a way only a search meets"
