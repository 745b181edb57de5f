"""Two searches at once while a sync runs (issue 11), on the corpus library as the window
searches it (top 20 with snippets and facets, on two threads as the window's two search
threads): per-query wall time alone, two at once, and two at once during a sync that commits
a changed article; and how much of the shorter query's span the other query overlapped
(0% means one waited for the other, as under the lock the index held for a whole search).
A query's span is its work after it got the index (the block ``SearchIndex._reading`` lends
its searcher for, which the old lock covered), recorded by a subclass; the wall times are
the whole ``search`` calls.

The library and index are copied from ``READMARK_BENCH_CONCURRENCY`` (a folder holding
``library/`` and ``data/index/``, default ``/tmp/h13s``) so the syncs change nothing kept;
without one, the corpus is written and indexed first.
"""

import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from app.core.library import Library
from tests.core.search_fixtures import TimedReads
from tests.perf.bench_search import corpus_articles, write_library
from tests.perf.common import Row, percentile

SOURCE = Path(os.environ.get("READMARK_BENCH_CONCURRENCY", "/tmp/h13s"))
PAIRS = [
    ("said", "oil prices"),
    ('"prime minister"', "wheat exports"),
    ("company", "interest rates"),
    ("brodband", "coffee"),  # a misspelling: its suggestion reads the spelling tables
]
ROUNDS = 8

Span = tuple[float, float]


def _prepared(folder: Path) -> TimedReads:
    library, index_dir = folder / "library", folder / "data" / "index"
    if (SOURCE / "library").is_dir() and (SOURCE / "data" / "index").is_dir():
        shutil.copytree(SOURCE / "library", library)
        shutil.copytree(SOURCE / "data" / "index", index_dir)
        index = TimedReads(index_dir, Library(library))
    else:
        write_library(library, corpus_articles())
        index = TimedReads(index_dir, Library(library))
        index.rebuild()
    index.sync()
    return index


def _timed(call: Callable[[], object]) -> Span:
    started = time.perf_counter()
    call()
    return started, time.perf_counter()


def _pair(index: TimedReads, a: str, b: str) -> tuple[list[float], float]:
    """Both queries on two threads started together: their wall times (ms) and how much
    their work overlapped."""
    barrier = threading.Barrier(2)
    walls: list[float] = []
    work: list[Span] = []

    def run(query: str) -> None:
        barrier.wait()
        start, end = _timed(partial(index.search, query))
        walls.append((end - start) * 1000)
        work.append(index.spans[threading.get_ident()])

    threads = [threading.Thread(target=run, args=(q,)) for q in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return walls, _overlap(*work)


def _overlap(a: Span, b: Span) -> float:
    """The share of the shorter span that the other one overlapped."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, shared) / max(1e-9, min(a[1] - a[0], b[1] - b[0]))


def _touch(library: Path, round_no: int) -> None:
    """One article changed, so the sync commits a new generation."""
    article = sorted(library.glob("*.md"))[round_no]
    with article.open("a", encoding="utf-8") as handle:
        handle.write(f"\nEdited for the concurrency bench, round {round_no}.\n")


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, p95 {percentile(values, 95):.1f} ms"


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        index = _prepared(Path(tmp))
        try:
            return _measure(index, Path(tmp) / "library")
        finally:
            index.close()


def _measure(index: TimedReads, library: Path) -> list[Row]:
    for a, b in PAIRS:  # warm: tables, field lengths and spelling tables made
        index.search(a), index.search(b)
    alone: list[float] = []
    paired: list[float] = []
    paired_overlap: list[float] = []
    synced: list[float] = []
    synced_overlap: list[float] = []
    sync_overlap: list[float] = []
    sync_ms: list[float] = []
    for round_no in range(ROUNDS):
        for a, b in PAIRS:
            for query in (a, b):
                start, end = _timed(lambda q=query: index.search(q))
                alone.append((end - start) * 1000)
            walls, shared = _pair(index, a, b)
            paired += walls
            paired_overlap.append(shared)
        _touch(library, round_no)
        # The sync starts first; the searches start while it scans, plans and commits.
        spans: list[Span] = []
        syncing = threading.Thread(target=lambda: spans.append(_timed(index.sync)))  # noqa: B023
        syncing.start()
        time.sleep(0.01)
        for a, b in PAIRS:
            walls, shared = _pair(index, a, b)
            synced += walls
            synced_overlap.append(shared)
            if syncing.is_alive():
                sync_overlap.append(1.0)
        syncing.join()
        sync_ms.append((spans[0][1] - spans[0][0]) * 1000)
    count = index.state().documents
    return [
        Row(f"issue 11: one search alone ({count} articles, top 20, facets)", _ms(alone)),
        Row(
            "issue 11: two searches at once, per query",
            f"{_ms(paired)}; {_overlaps(paired_overlap)}",
            "they overlap (neither waits)",
            statistics.median(paired_overlap) > 0,
        ),
        Row(
            "issue 11: two searches at once during a sync, per query",
            f"{_ms(synced)}, longest {max(synced):.0f} ms; {_overlaps(synced_overlap)}; "
            f"{len(sync_overlap)} of {len(synced_overlap)} pairs ended before the sync",
            "they overlap (neither waits)",
            statistics.median(synced_overlap) > 0,
        ),
        Row("issue 11: the sync meanwhile (one changed article)", _ms(sync_ms)),
    ]


def _overlaps(shares: list[float]) -> str:
    met = sum(1 for s in shares if s > 0)
    median = 100 * statistics.median(shares)
    return f"work overlapped in {met} of {len(shares)} pairs, median {median:.0f}%"
