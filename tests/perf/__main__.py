"""Run every ``bench_*.py`` module in this folder and print one table.

Each module has ``run(args) -> list[Row]``; a row is (benchmark, measured, target, verdict).
``python -m tests.perf import search`` runs only the modules whose names contain a word;
``--fuzz-minutes 10`` runs each importer's fuzzer for ten minutes instead of a few seconds.
"""

import importlib
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

from tests.perf.common import Row, print_table


def main(words: list[str]) -> int:
    if "--fuzz-minutes" in words:
        at = words.index("--fuzz-minutes")
        os.environ["READMARK_FUZZ_MINUTES"] = words[at + 1]
        words = words[:at] + words[at + 2 :]
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    chosen = [n for n in names if not words or any(w in n for w in words)]
    rows: list[Row] = []
    print(
        f"Readmark benchmarks on {platform.node()} ({platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}), "
        f"{time.strftime('%Y-%m-%d %H:%M')}",
        flush=True,
    )
    for name in chosen:
        module = importlib.import_module(f"tests.perf.{name}")
        started = time.perf_counter()
        rows.extend(module.run())
        print(f"  {name}: done in {time.perf_counter() - started:.1f} s", flush=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
