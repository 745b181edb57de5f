"""The folder watcher on real files in tmp_path: what it reports for each kind of edit, how
it batches a burst, what it ignores, and that it stops when asked."""

import os
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.annotations.store import AnnotationStore
from app.core.library import Library
from app.core.watch import ChangeSet, FolderWatcher, WatchUnavailable

ARTICLE = "---\nid: {id}\ntitle: {title}\n---\n\n{body}\n"
WAIT = 5.0


class Running:
    """A FolderWatcher on its own thread, its change sets in a queue."""

    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher
        self.sets: queue.Queue[ChangeSet | BaseException] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert watcher.ready.wait(WAIT), "the watcher did not start"

    def _run(self) -> None:
        try:
            for changes in self.watcher.changes(idle_ms=50):
                if changes:
                    self.sets.put(changes)
        except BaseException as exc:
            self.sets.put(exc)

    def next(self, timeout: float = WAIT) -> ChangeSet:
        got = self.sets.get(timeout=timeout)
        assert isinstance(got, ChangeSet), got
        return got

    def collect(self, quiet: float = 0.6) -> ChangeSet:
        """Everything until nothing more comes for ``quiet`` seconds, merged."""
        merged = self.next()
        while True:
            try:
                merged = merged.then(self.next(timeout=quiet))
            except queue.Empty:
                return merged

    def count_sets(self, quiet: float = 0.6) -> int:
        count = 0
        while True:
            try:
                self.next(timeout=quiet if count else WAIT)
            except queue.Empty:
                return count
            count += 1


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    library = tmp_path / "library"
    library.mkdir()
    (library / "first.md").write_text(ARTICLE.format(id="first", title="First", body="One."))
    return library, tmp_path / "data" / "annotations"


@pytest.fixture
def running(folders: tuple[Path, Path]) -> Iterator[Running]:
    watching = Running(FolderWatcher(*folders))
    yield watching
    watching.watcher.stop()
    watching.thread.join(timeout=WAIT)
    assert not watching.thread.is_alive()


def test_an_added_file_is_reported_added(folders: tuple[Path, Path], running: Running) -> None:
    library, _ = folders
    new = library / "second.md"
    new.write_text(ARTICLE.format(id="second", title="Second", body="Two."))
    assert running.collect() == ChangeSet(added=frozenset({new}))


def test_an_edit_in_place_is_reported_changed(folders: tuple[Path, Path], running: Running) -> None:
    path = folders[0] / "first.md"
    with path.open("a") as handle:
        handle.write("More words.\n")
    assert running.collect() == ChangeSet(changed=frozenset({path}))


def test_a_save_by_rename_over_the_file_is_one_change_of_the_article(
    folders: tuple[Path, Path], running: Running
) -> None:
    """What most editors do: write a temporary file, then rename it over the article."""
    path = folders[0] / "first.md"
    temp = folders[0] / ".first.md.swp"
    temp.write_text(ARTICLE.format(id="first", title="First", body="Rewritten."))
    os.replace(temp, path)
    found = running.collect()
    assert found.library == {path} and not found.deleted


def test_a_rename_is_a_delete_and_an_add(folders: tuple[Path, Path], running: Running) -> None:
    old = folders[0] / "first.md"
    new = folders[0] / "renamed.md"
    old.rename(new)
    assert running.collect() == ChangeSet(added=frozenset({new}), deleted=frozenset({old}))


def test_a_deleted_file_is_reported_deleted(folders: tuple[Path, Path], running: Running) -> None:
    path = folders[0] / "first.md"
    path.unlink()
    assert running.collect() == ChangeSet(deleted=frozenset({path}))


def test_files_in_a_subfolder_count_and_hidden_or_other_files_do_not(
    folders: tuple[Path, Path], running: Running
) -> None:
    library, _ = folders
    (library / ".hidden").mkdir()
    (library / ".hidden" / "secret.md").write_text("x")
    (library / ".readmark-ids").write_text("first\n")
    (library / "notes.txt").write_text("not an article")
    (library / "first.md~").write_text("an editor's backup")
    (library / "2024").mkdir()
    time.sleep(0.3)  # the new folder must be watched before the file in it is written
    nested = library / "2024" / "nested.md"
    nested.write_text(ARTICLE.format(id="nested", title="Nested", body="Deep."))
    assert running.collect() == ChangeSet(added=frozenset({nested}))


def test_a_burst_of_500_files_comes_as_one_change_set(
    folders: tuple[Path, Path], running: Running
) -> None:
    """A sync tool writing 500 files: one batch (at most two if the burst straddles the
    longest wait), never one per file."""
    library, _ = folders
    paths = {library / f"burst-{n:03}.md" for n in range(500)}
    for n, path in enumerate(sorted(paths)):
        path.write_text(ARTICLE.format(id=f"burst-{n}", title=f"Burst {n}", body="Words."))
    sets = [running.next()]
    while True:
        try:
            sets.append(running.next(timeout=0.6))
        except queue.Empty:
            break
    assert len(sets) <= 2
    merged = sets[0] if len(sets) == 1 else sets[0].then(sets[1])
    assert merged.added == paths


def test_annotation_files_written_by_the_store_are_reported_by_article_id(
    folders: tuple[Path, Path], running: Running
) -> None:
    library, annotations = folders
    store = AnnotationStore(annotations, Library(library))
    store.create("first", 0, 3, note="from another machine")
    found = running.collect()
    assert found == ChangeSet(annotations=frozenset({"first"}))  # not its lock or temp files


def test_stop_ends_the_watch_quickly(folders: tuple[Path, Path]) -> None:
    watching = Running(FolderWatcher(*folders))
    started = time.perf_counter()
    watching.watcher.stop()
    watching.thread.join(timeout=WAIT)
    assert not watching.thread.is_alive()
    assert time.perf_counter() - started < 1.0


def test_a_missing_library_folder_is_a_clear_error(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path / "nowhere", tmp_path / "annotations")
    with pytest.raises(WatchUnavailable, match="nowhere: the library folder is not there"):
        next(watcher.changes())


def test_later_changes_win_when_sets_are_merged(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    first = ChangeSet(added=frozenset({a}), deleted=frozenset({b}), annotations=frozenset({"x"}))
    later = ChangeSet(changed=frozenset({a, b}), deleted=frozenset(), annotations=frozenset({"y"}))
    merged = first.then(later)
    assert merged == ChangeSet(
        added=frozenset({a}), changed=frozenset({b}), annotations=frozenset({"x", "y"})
    )
    gone = merged.then(ChangeSet(deleted=frozenset({a})))
    assert gone.deleted == {a} and a not in gone.added
    assert gone.describe() == "1 changed, 1 deleted, 2 annotation files"
