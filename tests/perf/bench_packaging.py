"""The one-folder bundle (issue 7): build time, size, and how fast it starts.

Builds ``dist``-style into ``build/bench-bundle/`` from scratch (PyInstaller's cache cleared,
so the build time is what a fresh clone pays), then runs the bundle the way a desktop would,
with no Python variables in the environment:

- ``--version``: process start to exit (Python, no Qt);
- first start: window up, index built for the bundled library, screenshot written, exit;
- warm start: the same with the data folder already there (median of 5).
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf.common import ROOT, Row, median

BUILD = ROOT / "build" / "bench-bundle"
TARGET_MB = 190  # the budget of tests/e2e/test_packaging_bundle.py (what it buys: there)
TARGET_START_S = 2.0
RUNS = 5


def _timed(command: list[str], cwd: Path) -> float:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"}
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def run() -> list[Row]:
    shutil.rmtree(BUILD, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "packaging" / "build_bundle.py")),
            *("--dist", str(BUILD / "dist"), "--work", str(BUILD / "work")),
        ],
        check=True,
        capture_output=True,
    )
    build_s = time.perf_counter() - started
    bundle = BUILD / "dist" / "Readmark"
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    program = str(bundle / "Readmark")
    with tempfile.TemporaryDirectory(prefix="readmark-bench-") as scratch:
        home = Path(scratch)
        shot = ["--offscreen", "--data", str(home / "data"), "--screenshot", str(home / "w.png")]
        version_s = median([_timed([program, "--version"], home) for _ in range(RUNS)])
        first_s = _timed([program, *shot], home)
        warm_s = median([_timed([program, *shot], home) for _ in range(RUNS)])
    return [
        Row("bundle build from scratch (make package)", f"{build_s:.0f} s"),
        Row(
            "bundle size (dist/Readmark, files)",
            f"{size_mb:.1f} MB ({len(files)} files)",
            f"<= {TARGET_MB} MB",
            size_mb <= TARGET_MB,
        ),
        Row("bundle --version", f"{version_s:.2f} s"),
        Row(
            "bundle first start to screenshot (index built)",
            f"{first_s:.2f} s",
            f"< {TARGET_START_S:.0f} s",
            first_s < TARGET_START_S,
        ),
        Row(
            f"bundle warm start to screenshot (median of {RUNS})",
            f"{warm_s:.2f} s",
            f"< {TARGET_START_S:.0f} s",
            warm_s < TARGET_START_S,
        ),
    ]
