"""A parallel build whose workers finish before the parent's own share: their results are
kept, not taken for a crash (the parent reads the worker queue after every share of
progress, and found it empty with no worker alive)."""

import time
from pathlib import Path

import pytest

from app.core.index import SearchIndex, build, search_index
from tests.core.search_fixtures import platypus_library


def test_workers_done_before_the_parent_are_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = platypus_library(tmp_path / "library", 120)
    index_dir = tmp_path / "index"
    index = SearchIndex(index_dir, library, procs=2)
    monkeypatch.setattr(search_index, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(build, "PROGRESS_EVERY", 10)  # the parent's share reports often

    def wait_for_the_worker(done: int, total: int, _what: str) -> None:
        """Hold the parent's share until the worker has written its segment and ended."""
        deadline = time.monotonic() + 60
        while not list(index_dir.glob("*.docinfo.npz")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)

    report = index.rebuild(progress=wait_for_the_worker)
    assert report.rebuilt and not report.cancelled and report.documents == 120
    assert index.search("platypus").total == 120
    assert index.search("word7").total == 1
