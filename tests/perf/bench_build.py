"""Index build benchmark (issue 13): the library ``readmark import --folder-tags`` writes from
the corpus, indexed with ``readmark index --rebuild`` as a user runs it (a subprocess; CPU of
it and its worker by ``getrusage(RUSAGE_CHILDREN)``), three times; then a sync with nothing
changed and one with one article changed, in this process as the window runs them.

``READMARK_BENCH_LIBRARY=<folder>`` indexes a library imported before instead of importing
the corpus again (the import takes about a minute).
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

from app.core.index import SearchIndex
from app.core.library import Library
from tests.perf.bench_search import cli
from tests.perf.common import CORPUS, Row

REBUILDS = 3


def _timed(index: SearchIndex) -> tuple[int, float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    report = index.sync()
    wall_ms = (time.perf_counter() - started) * 1000
    return report.changed, wall_ms, (time.process_time() - cpu) * 1000


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Row]:
    given = os.environ.get("READMARK_BENCH_LIBRARY")
    library_dir, data_dir = work / "library", work / "data"
    where = ("--library", str(library_dir), "--data", str(data_dir))
    if given:
        shutil.copytree(given, library_dir)
    else:
        corpus = [str(CORPUS / "bbc"), str(CORPUS / "reuters21578")]
        cli("import", "--folder-tags", *where, *corpus, codes=(0, 1))
    count = sum(1 for _ in library_dir.glob("*.md"))
    runs = []
    for _ in range(REBUILDS):
        load = os.getloadavg()[0]
        wall, cpu, rss = cli("index", "--rebuild", *where)
        runs.append((wall, cpu, rss, load, os.getloadavg()[0]))
        print(f"    rebuild: {wall:.1f} s wall, {cpu:.1f} s CPU, load {load:.1f}", flush=True)
    best = min(runs)
    index = SearchIndex(data_dir / "index", Library(library_dir))
    index.sync()  # opened and checked once, as the window does at start
    nothing, idle_ms, idle_cpu = _timed(index)
    edited = sorted(library_dir.glob("*.md"))[100]
    edited.write_text(edited.read_text("utf-8") + "\nAn added sentence about quokkas.\n", "utf-8")
    changed, one_ms, one_cpu = _timed(index)
    assert changed == 1 and index.search("quokkas").total == 1
    index.close()
    every = "; ".join(
        f"{w:.1f} s / {c:.1f} s CPU at load {a:.1f}-{b:.1f}" for w, c, _r, a, b in runs
    )
    return [
        Row(
            f"build: readmark index --rebuild, {count:,} articles (CLI), best of {REBUILDS}",
            f"{best[0]:.1f} s wall, {best[1]:.1f} s CPU, peak RSS {max(r[2] for r in runs):.0f} "
            f"MB ({every})",
            "<= 8 s wall",
            best[0] <= 8,
        ),
        Row(
            "build: sync, nothing changed",
            f"{idle_ms:.0f} ms (CPU {idle_cpu:.0f})",
            "<= 150 ms",
            idle_ms <= 150 and nothing == 0,
        ),
        Row(
            "build: sync, one article changed",
            f"{one_ms:.0f} ms (CPU {one_cpu:.0f})",
            "<= 200 ms",
            one_ms <= 200,
        ),
    ]
