"""``kill -9`` of ``readmark index --rebuild`` mid-build, its stdout a pipe: every process it
started ends within seconds, the pipe reaches end of file (``... | tee log`` ends), and the
next ``search`` heals the half-built index."""

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.core.search_fixtures import bbc_library
from tests.e2e.cli_process import run_cli

GRACE_SECONDS = 5.0


def children_of(pid: int) -> set[int]:
    """Every live process descended from ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that may never reap it."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def read_to_end(stream: int, deadline: float) -> bool:
    """True when the pipe reaches end of file before ``deadline``."""
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([stream], [], [], 0.1)
        if ready and not os.read(stream, 65536):
            return True
    return False


def test_killed_rebuild_leaves_no_process_and_no_open_pipe(tmp_path: Path) -> None:
    library, data = tmp_path / "library", tmp_path / "data"
    bbc_library(library)
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    command = [sys.executable, "-m", "app", "index", "--rebuild"]
    process = subprocess.Popen(
        [*command, "--library", str(library), "--data", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    started = time.monotonic()
    helpers: set[int] = set()
    # one worker (the parent builds the other share itself) and multiprocessing's tracker
    while len(helpers) < 2 and time.monotonic() - started < 60:
        time.sleep(0.1)
        helpers = children_of(process.pid)
    assert len(helpers) >= 2, "the build never started its worker"
    time.sleep(0.5)
    assert process.poll() is None, "the build finished before it could be killed"

    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + GRACE_SECONDS
    assert read_to_end(process.stdout.fileno(), deadline), "stdout is still held open"
    while time.monotonic() < deadline and any(alive(pid) for pid in helpers):
        time.sleep(0.1)
    assert not [pid for pid in helpers if alive(pid)]
    process.stdout.close()

    for path in sorted(library.glob("*.md"))[60:]:  # a small library heals in a moment
        path.unlink()
    result = run_cli(library, data, "search", "film")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "result(s) for 'film'" in result.stdout and "0 result(s)" not in result.stdout
    assert run_cli(library, data, "index").stdout.startswith("index up to date")
