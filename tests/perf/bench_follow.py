"""Following a story (issue 17) on the whole corpus (23,803 articles): the timeline of a
query with 17,000 hits, related articles, and the version clusters (MinHash signatures from
cold, then from the cache). CPU milliseconds of this process, which other jobs on a shared
machine do not inflate; the search each timeline goes with is timed beside it.

Then the same timeline and related rows on the large library (``big_library.prepared``:
READMARK_BENCH_SCALE articles, 0 skips it; READMARK_BENCH_BIG names a folder that keeps it
between runs, as its generation and CLI build take most of an hour), with what a user of
that library waits for: opening it (from the snapshot, and the process's memory then) and
the window's start to interactive (``bench_ui.start_seconds``) with the window's peak RSS.
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.related import related
from app.core.timeline import library_timeline, query_timeline
from app.core.versions import Versions
from app.core.workspace import Workspace
from tests.perf.bench_search import cli, corpus_articles, folder_size, write_library
from tests.perf.big_library import make_big_library
from tests.perf.common import ROOT, Row, median, percentile

ROUNDS = 5
TIMELINE_TARGET_MS = 20.0
RELATED_TARGET_MS = 50.0
RELATED_SAMPLE = 40
START_TARGET_S = 2.0
RSS_TARGET_MB = 600


def cpu_ms(fn: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        out.append((time.process_time() - started) * 1000)
    return out


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="bench-follow-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Row]:
    write_library(work / "library", corpus_articles())
    with Workspace(work / "library", work / "data") as workspace:
        workspace.index.rebuild()
        rows = [*_timeline(workspace), *_related(workspace), *_versions(workspace)]
    count = int(os.environ.get("READMARK_BENCH_SCALE", "250000"))
    if count:
        rows.extend(_big(work, count))
    return rows


@dataclass(frozen=True)
class BigLibrary:
    library: Path
    data: Path
    count: int
    summary: str


def prepared(source: Path, count: int, work: Path) -> BigLibrary:
    """A library of ``count`` articles generated from ``source`` and indexed with ``readmark
    index --rebuild``, in READMARK_BENCH_BIG (kept, and reused while its record says it
    holds ``count`` articles) or in ``work``. The record keeps how it was made; a folder
    without one is never overwritten."""
    folder = Path(os.environ.get("READMARK_BENCH_BIG") or work / "big")
    library, data, record = folder / "library", folder / "data", folder / "made.json"
    try:
        made = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        made = {}
    if made.get("count") != count:
        if not made and library.exists():
            raise RuntimeError(f"{library} was not made by the benchmark; name another folder")
        shutil.rmtree(library, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        started = time.perf_counter()
        size = make_big_library(source, library, count)
        generated = time.perf_counter() - started
        wall, cpu, rss = cli("index", "--rebuild", "--library", str(library), "--data", str(data))
        made = {
            "count": count,
            "summary": f"{count:,} articles, {size / 1e6:.0f} MB generated in {generated:.0f} s; "
            f"readmark index --rebuild {wall:.0f} s wall, {cpu:.0f} s CPU, peak RSS {rss:.0f} MB"
            f", index {folder_size(data / 'index') / 1e6:.0f} MB, at {time.strftime('%Y-%m-%d')}",
        }
        record.write_text(json.dumps(made), "utf-8")
    return BigLibrary(library, data, count, made["summary"])


def _big(work: Path, count: int) -> list[Row]:
    """The timeline and related rows on the large library, and opening it as a user does."""
    big = prepared(work / "library", count, work)
    label = f"follow {count // 1000}k"
    rows = [Row(f"{label}: library", big.summary), _open(big)]
    with Workspace(big.library, big.data) as workspace:
        rows += [*_timeline(workspace, label, False), *_related(workspace, label, False)]
    return [*rows, *_window(big.library, big.data, work, label)]


OPEN = """
import resource, sys, time
from pathlib import Path
started, cpu_started = time.perf_counter(), time.process_time()
from app.core.workspace import Workspace
with Workspace(Path(sys.argv[1]), Path(sys.argv[2])) as workspace:
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    status = Path("/proc/self/status").read_text()
    rss = int(status.split("VmRSS:")[1].split()[0]) / 1024
    print(wall, cpu, rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _child(script: str, *args: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return [float(x) for x in done.stdout.split()]


def _open(big: BigLibrary) -> Row:
    """Opening the library (from its snapshot) in a fresh process, as the CLI and the
    window do before anything else: its time and the memory it holds."""
    wall, cpu, rss, peak = _child(OPEN, big.library, big.data)
    return Row(
        f"follow {big.count // 1000}k: open the library (snapshot), fresh process",
        f"{wall:.1f} s wall ({cpu:.1f} s CPU); RSS {rss:.0f} MB after, peak {peak:.0f} MB",
        f"RSS <= {RSS_TARGET_MB} MB",
        peak <= RSS_TARGET_MB,
    )


WINDOW = """
import resource, statistics, sys
from pathlib import Path
from tests.perf.bench_ui import start_seconds
times = start_seconds(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), rounds=2)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(statistics.median(times), max(times), peak)
"""


def _window(library: Path, data: Path, work: Path, label: str) -> list[Row]:
    """bench_ui's start measure in a process of its own, whose children are only the
    windows, so their peak RSS is the window's."""
    start, worst, peak = _child(WINDOW, library, data, work)
    return [
        Row(
            f"{label}: start to interactive window (median of 2 after a warm start)",
            f"{start:.2f} s (max {worst:.2f} s)",
            f"<= {START_TARGET_S:.0f} s",
            start <= START_TARGET_S,
        ),
        Row(
            f"{label}: peak RSS of the window process",
            f"{peak:.0f} MB",
            f"<= {RSS_TARGET_MB} MB",
            peak <= RSS_TARGET_MB,
        ),
    ]


def _judged(target: str, ok: bool, corpus: bool) -> tuple[str, bool | None]:
    """Issue 17's targets are for the corpus; elsewhere they are shown, not judged."""
    return (target, ok) if corpus else (f"(corpus: {target})", None)


def _timeline(workspace: Workspace, label: str = "follow", corpus: bool = True) -> list[Row]:
    index = workspace.index
    search = median(cpu_ms(lambda: index.search("said", limit=20)))
    hits = index.search("said", limit=1).total
    rows = [Row(f"{label}: search 'said' ({hits:,} hits, top 20 + facets)", f"{search:.1f} ms")]
    for period in ("auto", "year"):
        found = query_timeline(index, "said", period)
        cost = median(cpu_ms(lambda p=period: query_timeline(index, "said", p)))  # type: ignore[misc]
        rows.append(
            Row(
                f"{label}: timeline 'said' by {period} -> {found.period}, {len(found.bars)} bars",
                f"+{cost:.1f} ms",
                *_judged(
                    f"<= {TIMELINE_TARGET_MS:.0f} ms added", cost <= TIMELINE_TARGET_MS, corpus
                ),
            )
        )
    whole = median(cpu_ms(lambda: library_timeline(workspace.library)))
    size = len(workspace.library)
    rows.append(Row(f"{label}: timeline of the whole library ({size:,})", f"{whole:.1f} ms"))
    return rows


def _related(workspace: Workspace, label: str = "follow", corpus: bool = True) -> list[Row]:
    ids = sorted(workspace.library.ids())[:: max(1, len(workspace.library) // RELATED_SAMPLE)]
    related(workspace.index, workspace.library, ids[0])  # warm the searcher
    costs = [
        cpu_ms(lambda i=i: related(workspace.index, workspace.library, i), 1)[0]  # type: ignore[misc]
        for i in ids
    ]
    p95 = percentile(costs, 95)
    return [
        Row(
            f"{label}: related articles ({len(ids)} articles, median / p95)",
            f"{median(costs):.1f} / {p95:.1f} ms",
            *_judged(f"<= {RELATED_TARGET_MS:.0f} ms", p95 <= RELATED_TARGET_MS, corpus),
        )
    ]


def _versions(workspace: Workspace) -> list[Row]:
    cache = workspace.data_dir / "cache"
    started = time.process_time()
    versions = Versions(workspace.library, cache)
    cold = time.process_time() - started
    warm = median(cpu_ms(lambda: Versions(workspace.library, cache), 3))
    clusters = versions.clusters()
    cluster_ms = median(cpu_ms(versions.clusters, 3))
    one = clusters[0][0]
    lookup = median(cpu_ms(lambda: Versions(workspace.library, cache).versions_of(one), 3))
    sizes = collections.Counter(len(c) for c in clusters)
    copies = sum(len({workspace.library.get(i).content_hash for i in c}) == 1 for c in clusters)
    shown = ", ".join(f"{n}x{size}" for size, n in sorted(sizes.items()))
    return [
        Row(f"follow: sign {len(versions.ids)} articles (MinHash, cold)", f"{cold:.1f} s"),
        Row("follow: versions from the cache (content hashes + clusters)", f"{warm:.0f} ms"),
        Row("follow: all version clusters (LSH + union-find)", f"{cluster_ms:.0f} ms"),
        Row("follow: `versions ID` (cache + clusters + lookup)", f"{lookup:.0f} ms"),
        Row(
            f"follow: clusters found (count x size; {copies} are exact copies)",
            f"{len(clusters)}: {shown}",
        ),
    ]
