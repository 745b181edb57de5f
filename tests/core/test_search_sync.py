"""Incremental sync and the index's life on disk: only changed files are re-indexed, a
damaged or outdated index is rebuilt with a reason, a crashed writer's lock is no obstacle,
a cancelled build keeps the old index, and a second process is told the index is busy while
it keeps searching the last committed index."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from app.core.article import Article, serialize_article
from app.core.errors import IndexBusy
from app.core.index import SearchIndex
from app.core.index.storage import VERSION_FILE
from app.core.library import Library
from tests.conftest import ROOT
from tests.core.search_fixtures import (
    NATO_SUMMIT,
    URGENT_TASK,
    bbc_library,
    copy_tree,
    make_library,
)


@pytest.fixture(scope="session")
def synced_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synced")
    SearchIndex(root / "index", make_library(root / "library")).sync()
    return root


@pytest.fixture
def root(tmp_path: Path, synced_template: Path) -> Path:
    return copy_tree(synced_template, tmp_path / "copy")


def open_index(root: Path) -> SearchIndex:
    return SearchIndex(root / "index", Library(root / "library"))


def segment_sizes(root: Path) -> list[int]:
    toc = whoosh_index.open_dir(str(root / "index"))._read_toc()
    return sorted(s.doc_count_all() for s in toc.segments)


def counts(report: object) -> tuple[int, int, int, int]:
    return tuple(getattr(report, k) for k in ("added", "changed", "renamed", "deleted"))  # type: ignore[return-value]


def file_of(root: Path, article_id: str) -> Path:
    return next(p for p in (root / "library").glob("*.md") if p.stem.startswith(article_id))


def test_nothing_changed(root: Path) -> None:
    index = open_index(root)
    report = index.sync()
    assert counts(report) == (0, 0, 0, 0) and not report.rebuilt
    assert report.summary == "index up to date" and segment_sizes(root) == [4]


def test_add_indexes_only_the_new_file(root: Path) -> None:
    Library(root / "library").add(
        Article(id="new-one", title="Fresh arrival", body="A quokka was seen.\n")
    )
    index = open_index(root)
    report = index.sync()
    assert counts(report) == (1, 0, 0, 0)
    assert segment_sizes(root) == [1, 4]
    assert [h.id for h in index.search("quokka").hits] == ["new-one"]


def test_edit_reindexes_only_that_file(root: Path) -> None:
    path = file_of(root, NATO_SUMMIT)
    path.write_text(path.read_text(encoding="utf-8") + "\nA wombat attended.\n", "utf-8")
    index = open_index(root)
    report = index.sync()
    assert counts(report) == (0, 1, 0, 0)
    assert segment_sizes(root) == [1, 4]
    assert index.search("wombat").hits[0].id == NATO_SUMMIT
    assert index.search("*").total == 4


def test_touch_without_change_is_not_reindexed(root: Path) -> None:
    path = file_of(root, URGENT_TASK)
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    report = open_index(root).sync()
    assert counts(report) == (0, 0, 0, 0) and report.touched == 1
    assert open_index(root).sync().touched == 0


def test_rename_keeps_the_document(root: Path) -> None:
    path = file_of(root, URGENT_TASK)
    path.rename(path.with_name("renamed-by-the-user.md"))
    index = open_index(root)
    report = index.sync()
    assert counts(report) == (0, 0, 1, 0)
    hit = index.search('"Aegis Ashore"').hits[0]
    assert hit.id == URGENT_TASK and hit.positions
    assert index.search("*").total == 4


def test_delete_removes_only_that_document(root: Path) -> None:
    file_of(root, NATO_SUMMIT).unlink()
    index = open_index(root)
    report = index.sync()
    assert counts(report) == (0, 0, 0, 1)
    assert index.search("author:nesterova").total == 0
    assert index.search("*").total == 3 and segment_sizes(root) == [4]


def test_changed_id_and_broken_and_duplicate_files(root: Path) -> None:
    path = file_of(root, "bank-rates-rise")
    path.write_text(path.read_text("utf-8").replace("id: bank-rates-rise", "id: rates-up"), "utf-8")
    broken = file_of(root, "cafe-culture-in-zurich")
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", "utf-8")
    twin = Article(id=NATO_SUMMIT, title="Copy", body="twin text\n")
    (root / "library" / "zz-twin.md").write_text(serialize_article(twin), "utf-8")
    index = open_index(root)
    report = index.sync()
    assert (report.added, report.deleted) == (1, 2)
    assert any("zz-twin.md" in p and "duplicate id" in p for p in report.problems)
    assert any(broken.name in p for p in report.problems)
    assert [h.id for h in index.search("bankers").hits] == ["rates-up"]
    assert index.search("zurich").total == 0 and index.search("twin").total == 0


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_damaged_segment_is_rebuilt_with_a_reason(root: Path, damage: str) -> None:
    segment = next((root / "index").glob("*.seg"))
    if damage == "delete":
        segment.unlink()
    else:
        segment.write_bytes(segment.read_bytes()[:100])
    index = open_index(root)
    assert index.state().status == "broken"
    report = index.sync()
    assert report.rebuilt and report.reason is not None and "damaged" in report.reason
    assert index.search('"Aegis Ashore"').hits[0].id == URGENT_TASK


def test_index_folder_deleted_while_open_is_rebuilt(root: Path) -> None:
    index = open_index(root)
    assert index.search("nato").total == 2
    shutil.rmtree(root / "index")
    assert index.search("nato").notice is not None
    report = index.sync()
    assert report.rebuilt and "no search index" in str(report.reason)
    assert index.search("nato").total == 2


def test_other_schema_version_or_missing_index_is_rebuilt(root: Path) -> None:
    (root / "index" / VERSION_FILE).write_text('{"schema_version": 0}', "utf-8")
    report = open_index(root).sync()
    assert report.rebuilt and "version 0" in str(report.reason)
    report = SearchIndex(root / "elsewhere", Library(root / "library")).sync()
    assert report.rebuilt and "no search index" in str(report.reason)
    assert report.documents == 4


@contextlib.contextmanager
def writer_held_elsewhere(root: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holding the index's writer lock until it is killed."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(root / "index")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            yield holder
        finally:
            holder.kill()
            holder.wait(timeout=10)


def test_lock_left_by_a_killed_process_is_no_obstacle(root: Path) -> None:
    with writer_held_elsewhere(root) as holder:
        index = open_index(root)
        with pytest.raises(IndexBusy):
            index.rebuild()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    assert (root / "index" / "MAIN_WRITELOCK").exists()
    assert index.state().status == "ready"
    assert index.rebuild().documents == 4


def test_a_sync_with_nothing_to_write_does_not_wait_for_another_writer(root: Path) -> None:
    """Every CLI search syncs first: while another process holds the index's writer, one
    with nothing to write answers at once; one with writes is told the index is busy."""
    with writer_held_elsewhere(root):
        before = sorted(p.name for p in (root / "index").iterdir())
        report = open_index(root).sync()
        assert counts(report) == (0, 0, 0, 0) and report.documents == 4
        assert sorted(p.name for p in (root / "index").iterdir()) == before
        Library(root / "library").add(Article(id="late", title="Late", body="A platypus.\n"))
        with pytest.raises(IndexBusy):
            open_index(root).sync()
    assert counts(open_index(root).sync()) == (1, 0, 0, 0)


class _CommitAfterPlanning(SearchIndex):
    """Another process commits between this sync's plan and its writer (a window and a CLI
    import at the same moment)."""

    def _plan(self, *args: Any, **kwargs: Any) -> Any:
        planned = super()._plan(*args, **kwargs)
        if not getattr(self, "done", False):
            self.done = True
            other = Library(self.library.root)
            other.add(Article(id="between", title="Between", body="A wombat.\n"))
            SearchIndex(self.index_dir, other).sync()
        return planned


def test_a_commit_between_plan_and_writer_is_planned_again(root: Path) -> None:
    Library(root / "library").add(Article(id="late", title="Late", body="A platypus.\n"))
    index = _CommitAfterPlanning(root / "index", Library(root / "library"))
    report = index.sync()
    assert report.documents == 6
    assert index.search("platypus").total == 1 and index.search("wombat").total == 1
    assert counts(open_index(root).sync()) == (0, 0, 0, 0)


def test_cancelled_rebuild_keeps_the_old_index(root: Path) -> None:
    index = open_index(root)
    report = index.rebuild(cancel=lambda: True)
    assert report.cancelled and not report.rebuilt
    assert index.search('"Aegis Ashore"').total == 1
    assert segment_sizes(root) == [4]


HOLD_LOCK = """
import sys, time
from whoosh import index
lock = index.open_dir(sys.argv[1]).lock("WRITELOCK")
assert lock.acquire(blocking=False)
print("locked", flush=True)
time.sleep(60)
"""

SLOW_REBUILD = """
import sys, time
from pathlib import Path
from app.core.index import SearchIndex
from app.core.library import Library
root, gate = Path(sys.argv[1]), Path(sys.argv[2])
told = []
def wait_for_gate():
    if not told:
        told.append(1)
        print("building", flush=True)
    while not gate.exists():
        time.sleep(0.02)
    return False
index = SearchIndex(root / "index", Library(root / "library"))
print(index.rebuild(cancel=wait_for_gate).summary, flush=True)
"""


def test_second_process_is_told_and_keeps_searching(root: Path, tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    Library(root / "library").add(Article(id="late", title="Late", body="A platypus.\n"))
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_REBUILD, str(root), str(gate)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as builder:
        try:
            assert builder.stdout is not None and builder.stdout.readline().strip() == "building"
            index = open_index(root)
            assert index.state().status == "busy"
            with pytest.raises(IndexBusy, match="being updated by another process"):
                index.sync()
            results = index.search('"Aegis Ashore"')
            assert [h.id for h in results.hits] == [URGENT_TASK]
            assert results.notice is not None and "last complete index" in results.notice
            assert index.search("platypus").total == 0
            gate.touch()
            assert "index rebuilt" in builder.stdout.readline()
            assert builder.wait(timeout=60) == 0
            assert index.state().status == "ready"
            assert [h.id for h in index.search("platypus").hits] == ["late"]
        finally:
            gate.touch()
            builder.kill()
            builder.wait(timeout=10)


@pytest.mark.slow
def test_parallel_build_of_the_bbc_corpus(tmp_path: Path) -> None:
    count = bbc_library(tmp_path / "library")
    index = SearchIndex(tmp_path / "index", Library(tmp_path / "library"), procs=2)
    seen: list[tuple[int, int]] = []
    report = index.sync(progress=lambda done, total, _what: seen.append((done, total)))
    assert report.rebuilt and report.documents == count == 2225 and not report.problems
    assert seen[-1] == (count, count) and len(seen) > 5
    assert len(segment_sizes(tmp_path)) == 2
    results = index.search("tag:tech broadband")
    assert results.total > 10 and all(h.source == "BBC" for h in results.hits)
    assert dict(results.facets["tags"]) == {"tech": results.total}
    during: list[int] = []
    cancelled = index.rebuild(
        progress=lambda done, total, _what: during.append(done), cancel=lambda: len(during) >= 2
    )
    assert 0 < max(during) < count
    assert cancelled.cancelled and index.search("tag:tech broadband").total == results.total
    assert index.sync().summary == "index up to date"
