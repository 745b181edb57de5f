"""Index build benchmark (issue 13): the library ``readmark import --folder-tags`` writes from
the corpus, indexed with ``readmark index --rebuild`` as a user runs it (a subprocess; CPU of
it and its worker by ``getrusage(RUSAGE_CHILDREN)``), three times; then a sync with nothing
changed and one with one article changed, three of each, in this process as the window runs
them, and ``readmark index`` (a sync) as a user runs it, with that process's own peak RSS.

``READMARK_BENCH_LIBRARY=<folder>`` indexes a library imported before instead of importing
the corpus again (the import takes about a minute).

Then the scale target: the 250,000-article library (``bench_follow.prepared``, kept in
READMARK_BENCH_BIG; READMARK_BENCH_SCALE=0 skips it) rebuilt the same way, against the
corpus build of the same run, in the same state of the system's file cache: both with their
files cached (best of the runs; each library's first run reads its files), and both with
the cache emptied before the run when this process may (root). A cold 250,000 build against
a cached 23,374 one measured the disk, not the build: 142 s against 79 s.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core.index import SearchIndex
from app.core.library import Library
from tests.perf.bench_search import cli, folder_size
from tests.perf.common import CORPUS, ROOT, Row

REBUILDS = 3
SCALE_REBUILDS = 2
SYNCS = 3
SCALE_TARGET = 12.0


def _timed(index: SearchIndex) -> tuple[int, float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    report = index.sync()
    wall_ms = (time.perf_counter() - started) * 1000
    return report.changed, wall_ms, (time.process_time() - cpu) * 1000


def _syncs(index: SearchIndex, edited: Path) -> tuple[list[tuple[float, float]], ...]:
    """(wall, CPU) ms of ``SYNCS`` syncs with nothing changed and as many with ``edited``
    changed, alternating; the file is put back after."""
    original = edited.read_text("utf-8")
    nothing, one = [], []
    try:
        for n in range(SYNCS):
            changed, wall, cpu = _timed(index)
            assert changed == 0
            nothing.append((wall, cpu))
            edited.write_text(original + f"\nAn added sentence about quokkas {n}.\n", "utf-8")
            changed, wall, cpu = _timed(index)
            assert changed == 1 and index.search("quokkas").total == 1
            one.append((wall, cpu))
    finally:
        edited.write_text(original, "utf-8")
        index.sync()
    return nothing, one


def _cli_alone(*args: str) -> tuple[float, float, float]:
    """``readmark`` as a user runs it: wall and CPU seconds and peak RSS (MB) of that one
    process (``wait4``: the children's maximum would be a rebuild's)."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"readmark {args[0]} exited with {child.returncode}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _spread(runs: list[tuple[float, float]]) -> str:
    walls = ", ".join(f"{w:.0f}" for w, _c in runs)
    cpus = ", ".join(f"{c:.0f}" for _w, c in runs)
    return f"{statistics.median(w for w, _c in runs):.0f} ms median ({walls} ms; CPU {cpus})"


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
    runs = _rebuilds(REBUILDS, *where)
    best = min(runs)
    index = SearchIndex(data_dir / "index", Library(library_dir))
    index.sync()  # opened and checked once, as the window does at start
    edited = sorted(library_dir.glob("*.md"))[100]
    nothing, one = _syncs(index, edited)
    index.close()
    command = [_cli_alone("index", *where) for _ in range(SYNCS)]
    every = _listed(runs)
    scale = int(os.environ.get("READMARK_BENCH_SCALE", "250000"))
    rows = _scale(work, library_dir, where, best, scale) if scale else []
    return [
        Row(
            f"build: readmark index --rebuild, {count:,} articles (CLI), best of {REBUILDS}",
            f"{best[0]:.1f} s wall, {best[1]:.1f} s CPU, peak RSS {max(r[2] for r in runs):.0f} "
            f"MB ({every})",
            "<= 8 s wall",
            best[0] <= 8,
        ),
        Row(
            f"build: sync, nothing changed (in process, {SYNCS} runs)",
            _spread(nothing),
            "<= 150 ms",
            statistics.median(w for w, _c in nothing) <= 150,
        ),
        Row(
            f"build: sync, one article changed (in process, {SYNCS} runs)",
            _spread(one),
            "<= 200 ms",
            statistics.median(w for w, _c in one) <= 200,
        ),
        Row(
            "build: readmark index, nothing changed (the whole process)",
            "; ".join(f"{w:.2f} s wall, {c:.2f} s CPU, peak RSS {r:.0f} MB" for w, c, r in command),
            "",
            None,
        ),
        *rows,
    ]


Run = tuple[float, float, float, float, float]  # wall s, CPU s, peak RSS MB, load before/after


def _rebuilds(count: int, *where: str, cold: bool = False) -> list[Run]:
    """``count`` runs of ``readmark index --rebuild``; ``cold``: the file cache emptied first."""
    runs = []
    for _ in range(count):
        if cold:
            _drop_file_cache()
        load = os.getloadavg()[0]
        wall, cpu, rss = cli("index", "--rebuild", *where)
        runs.append((wall, cpu, rss, load, os.getloadavg()[0]))
        state = "files from disk" if cold else "files cached"
        print(
            f"    rebuild: {wall:.1f} s wall, {cpu:.1f} s CPU, load {load:.1f} ({state})",
            flush=True,
        )
    return runs


def _may_drop_file_cache() -> bool:
    return os.access("/proc/sys/vm/drop_caches", os.W_OK)


def _drop_file_cache() -> None:
    """The system's page cache emptied (root only): the next run reads every file from disk."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("1\n")


def _scale(
    work: Path, small: Path, small_where: tuple[str, ...], small_best: Run, count: int
) -> list[Row]:
    """The large library's rebuild beside the corpus one, in the same file-cache state. Its
    data folder is a scratch one holding the kept library snapshot, made current first (an
    outdated one would have the first run parse every file), as a user's is."""
    from tests.perf.bench_follow import prepared

    big = prepared(small, count, work)
    data = work / "big-data"
    shutil.copytree(big.data / "cache", data / "cache")
    where = ("--library", str(big.library), "--data", str(data))
    _cli_alone("list", "--source", "(none)", *where)  # the snapshot brought up to date
    warm = _rebuilds(SCALE_REBUILDS, *where)
    best = min(warm)
    index_mb = folder_size(data / "index") / 1e6
    label = f"build {count // 1000}k"
    rows = [
        Row(
            f"{label}: readmark index --rebuild, files cached, best of {SCALE_REBUILDS}",
            f"{best[0]:.1f} s wall, {best[1]:.0f} s CPU = {best[0] / small_best[0]:.1f}x the "
            f"wall, {best[1] / small_best[1]:.1f}x the CPU of the corpus build above "
            f"({count / _articles(small):.1f}x the articles); peak RSS {best[2]:.0f} MB, index "
            f"{index_mb:.0f} MB (runs: {_listed(warm)})",
            f"<= {SCALE_TARGET:.0f}x the corpus build",
            best[0] <= SCALE_TARGET * small_best[0],
        )
    ]
    if not _may_drop_file_cache():
        rows.append(Row(f"{label}: the same from disk", "not measured (needs root)"))
        return rows
    small_cold, big_cold = (
        _rebuilds(1, *small_where, cold=True)[0],
        _rebuilds(1, *where, cold=True)[0],
    )
    rows.append(
        Row(
            f"{label}: the same with the file cache emptied before each (both libraries)",
            f"{big_cold[0]:.1f} s wall, {big_cold[1]:.0f} s CPU against {small_cold[0]:.1f} s, "
            f"{small_cold[1]:.1f} s CPU = {big_cold[0] / small_cold[0]:.1f}x the wall, "
            f"{big_cold[1] / small_cold[1]:.1f}x the CPU",
            f"<= {SCALE_TARGET:.0f}x",
            big_cold[0] <= SCALE_TARGET * small_cold[0],
        )
    )
    return rows


def _articles(library: Path) -> int:
    return sum(1 for _ in library.glob("*.md"))


def _listed(runs: list[Run]) -> str:
    return "; ".join(
        f"{w:.1f} s / {c:.0f} s CPU at load {a:.1f}-{b:.1f}" for w, c, _r, a, b in runs
    )
