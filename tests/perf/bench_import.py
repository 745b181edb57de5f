"""Import of the whole corpus (issue 3): 2,225 BBC stories and 21,578 Reuters records into
an empty library, then opening that library as at start-up, without and with the
library snapshot the workspace keeps in its data folder.

Each measurement runs in a fresh child process so its peak memory is its own (the import
runs in one process: see the note in ``app/core/importers/runner.py``).
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.perf.common import CORPUS, ROOT, Row

TARGET_SECONDS = 15.0
TARGET_RSS_MB = 300.0
TARGET_SCAN_SECONDS = 5.0
ARTICLES = 23_803

IMPORT_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from app.core.importers import import_paths
from app.core.workspace import Workspace

library, data, corpus = (Path(a) for a in sys.argv[1:4])
paths = [corpus / "bbc" / c for c in ("business", "entertainment", "politics", "sport", "tech")]
paths += sorted((corpus / "reuters21578").glob("reut2-*.sgm"))
started = time.perf_counter()
workspace = Workspace(library, data)
report = import_paths(workspace, paths)
elapsed = time.perf_counter() - started
print(json.dumps({
    "seconds": elapsed,
    "imported": len(report.imported),
    "duplicates": len(report.duplicates),
    "failed": len(report.failed),
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

SCAN_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from app.core.library import Library

snapshot = Path(sys.argv[2]) if len(sys.argv) > 2 else None
started = time.perf_counter()
library = Library(Path(sys.argv[1]), cache_file=snapshot)
elapsed = time.perf_counter() - started
print(json.dumps({
    "seconds": elapsed,
    "articles": len(library),
    "problems": len(library.problems),
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _child(script: str, *args: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    parsed: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def _import_rows(outcome: dict[str, float]) -> list[Row]:
    seconds, peak = outcome["seconds"], outcome["self_mb"]
    total = outcome["imported"] + outcome["duplicates"] + outcome["failed"]
    return [
        Row(f"import {ARTICLES} corpus articles: time", f"{seconds:.1f} s",
            f"<= {TARGET_SECONDS:.0f} s", seconds <= TARGET_SECONDS),
        Row("import corpus: outcome",
            f"{outcome['imported']:.0f} new + {outcome['duplicates']:.0f} already present "
            f"+ {outcome['failed']:.0f} empty record(s) = {total:.0f}",
            f"{ARTICLES}", total == ARTICLES),
        Row("import corpus: peak RSS", f"{peak:.0f} MB", f"<= {TARGET_RSS_MB:.0f} MB",
            peak <= TARGET_RSS_MB),
    ]  # fmt: skip


def run() -> list[Row]:
    rows: list[Row] = []
    scratch = Path(tempfile.mkdtemp(prefix="readmark-bench-import-"))
    try:
        library = scratch / "library"
        outcome = _child(IMPORT_SCRIPT, str(library), str(scratch / "data"), str(CORPUS))
        rows.extend(_import_rows(outcome))
        snapshot = str(scratch / "data" / "cache" / "library.marshal")
        _child(SCAN_SCRIPT, str(library), snapshot)  # writes the snapshot
        for label, args in (
            ("no snapshot", (str(library),)),
            ("from the snapshot", (str(library), snapshot)),
        ):
            scan = _child(SCAN_SCRIPT, *args)
            rows.append(
                Row(
                    f"open library of {scan['articles']:.0f} articles ({label})",
                    f"{scan['seconds']:.2f} s, {scan['self_mb']:.0f} MB, "
                    f"{scan['problems']:.0f} problem(s)",
                    f"<= {TARGET_SCAN_SECONDS:.0f} s",
                    scan["seconds"] <= TARGET_SCAN_SECONDS and scan["problems"] == 0,
                )
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return rows
