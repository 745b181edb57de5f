"""Following a story (issue 17) on the whole corpus (23,803 articles): the timeline of a
query with 17,000 hits, related articles, and the version clusters (MinHash signatures from
cold, then from the cache). CPU milliseconds of this process, which other jobs on a shared
machine do not inflate; the search each timeline goes with is timed beside it.

The 250,000-article library of ``bench_search`` is built and thrown away inside that
module's run, so it is not measured here.
"""

import collections
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.related import related
from app.core.timeline import library_timeline, query_timeline
from app.core.versions import Versions
from app.core.workspace import Workspace
from tests.perf.bench_search import corpus_articles, write_library
from tests.perf.common import Row, median, percentile

ROUNDS = 5
TIMELINE_TARGET_MS = 20.0
RELATED_TARGET_MS = 50.0
RELATED_SAMPLE = 40


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
        return [*_timeline(workspace), *_related(workspace), *_versions(workspace)]


def _timeline(workspace: Workspace) -> list[Row]:
    index = workspace.index
    search = median(cpu_ms(lambda: index.search("said", limit=20)))
    rows = [Row("follow: search 'said' (17k hits, top 20 + facets)", f"{search:.1f} ms")]
    for period in ("auto", "year"):
        found = query_timeline(index, "said", period)
        cost = median(cpu_ms(lambda p=period: query_timeline(index, "said", p)))  # type: ignore[misc]
        rows.append(
            Row(
                f"follow: timeline 'said' by {period} -> {found.period}, {len(found.bars)} bars",
                f"+{cost:.1f} ms",
                f"<= {TIMELINE_TARGET_MS:.0f} ms added",
                cost <= TIMELINE_TARGET_MS,
            )
        )
    whole = median(cpu_ms(lambda: library_timeline(workspace.library)))
    rows.append(Row("follow: timeline of the whole library (23,803)", f"{whole:.1f} ms"))
    return rows


def _related(workspace: Workspace) -> list[Row]:
    ids = sorted(workspace.library.ids())[:: max(1, len(workspace.library) // RELATED_SAMPLE)]
    related(workspace.index, workspace.library, ids[0])  # warm the searcher
    costs = [
        cpu_ms(lambda i=i: related(workspace.index, workspace.library, i), 1)[0]  # type: ignore[misc]
        for i in ids
    ]
    p95 = percentile(costs, 95)
    return [
        Row(
            f"follow: related articles ({len(ids)} articles, median / p95)",
            f"{median(costs):.1f} / {p95:.1f} ms",
            f"<= {RELATED_TARGET_MS:.0f} ms",
            p95 <= RELATED_TARGET_MS,
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
        Row("follow: versions from the cache (load + content hashes)", f"{warm:.0f} ms"),
        Row("follow: all version clusters (LSH + union-find)", f"{cluster_ms:.0f} ms"),
        Row("follow: `versions ID` (cache + clusters + lookup)", f"{lookup:.0f} ms"),
        Row(
            f"follow: clusters found (count x size; {copies} are exact copies)",
            f"{len(clusters)}: {shown}",
        ),
    ]
