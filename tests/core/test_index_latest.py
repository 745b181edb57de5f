"""Loading a new index generation never makes another reader wait (issue 11): queries arriving
while one thread loads the next generation read the one before it, the status line counts
without loading, and a process reads its own commit as soon as the write has returned."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.index import SearchIndex
from app.core.index.generations import Generation
from app.core.index.latest import LatestGeneration
from tests.core.test_search_concurrency import _article, _library


class _Gated(LatestGeneration):
    """Holds every load of a committed generation until the test opens the gate, so a load
    that takes a fraction of a second at 250,000 articles can be watched at 40."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self.gate = threading.Event()
        self.loading = threading.Event()

    def _load(self, current: Generation | None) -> Generation | None:
        if current is not None and not current.up_to_date():
            self.loading.set()
            assert self.gate.wait(timeout=30)
        return super()._load(current)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[SearchIndex, SearchIndex]]:
    """The window's index and another process's view of the same folder (the CLI)."""
    library = _library(tmp_path / "library", 40)
    ours = SearchIndex(tmp_path / "index", library, procs=1)
    ours.sync()
    ours._generations = _Gated(tmp_path / "index")
    assert ours.search("oil").total == 40
    theirs = SearchIndex(tmp_path / "index", library, procs=1)
    yield ours, theirs
    ours.close()
    theirs.close()


def test_readers_keep_the_last_generation_while_the_next_one_loads(
    pair: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, theirs = pair
    gated = ours._generations
    assert isinstance(gated, _Gated)
    theirs.library.add(_article(100, "oil"))
    theirs.sync()  # another process commits

    loader = threading.Thread(target=lambda: ours.search("oil"))
    loader.start()
    assert gated.loading.wait(timeout=30)
    try:
        started = time.perf_counter()
        assert ours.search("oil").total == 40  # the last complete generation, at once
        state = ours.state()  # the window's status line: no load, the committed count
        waited = time.perf_counter() - started
        assert state.status == "ready" and state.documents == 41
        assert waited < 5 and loader.is_alive()
    finally:
        gated.gate.set()
        loader.join(timeout=30)
    assert ours.search("oil").total == 41


def test_a_commit_returns_once_its_process_reads_it(
    pair: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, _theirs = pair
    gated = ours._generations
    assert isinstance(gated, _Gated)
    gated.gate.set()
    assert ours.update_many_annotations({"a3": (["crude"], "a note")})
    current = gated.peek()
    assert current is not None and current.up_to_date()
    found = []
    reader = threading.Thread(target=lambda: found.append(ours.search("tag:crude").total))
    reader.start()
    reader.join(timeout=30)
    assert found == [1]


def test_a_waiting_reader_gets_the_generation_the_loader_brings(
    pair: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, theirs = pair
    gated = ours._generations
    assert isinstance(gated, _Gated)
    before = gated.peek()
    theirs.library.add(_article(101, "oil"))
    theirs.sync()
    loader = threading.Thread(target=gated.latest)
    loader.start()
    assert gated.loading.wait(timeout=30)
    got: list[Generation | None] = []
    waiter = threading.Thread(target=lambda: got.append(gated.latest(wait=True)))
    waiter.start()
    time.sleep(0.05)
    assert waiter.is_alive() and not got  # it waits for the load instead of the stale one
    gated.gate.set()
    loader.join(timeout=30)
    waiter.join(timeout=30)
    assert got and got[0] is not None and got[0] is not before and got[0].up_to_date()


def test_a_generation_loaded_after_the_index_was_dropped_is_not_kept(
    pair: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, theirs = pair
    gated = ours._generations
    assert isinstance(gated, _Gated)
    theirs.library.add(_article(102, "oil"))
    theirs.sync()
    got: list[Generation | None] = []
    loader = threading.Thread(target=lambda: got.append(gated.latest()))
    loader.start()
    assert gated.loading.wait(timeout=30)
    ours.close()  # closed while a query was loading the next generation
    gated.gate.set()
    loader.join(timeout=30)
    assert got == [None] and gated.peek() is None
