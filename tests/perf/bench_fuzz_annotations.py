"""Fuzz ``import-annotations`` for a set time (``--fuzz-minutes``, else a few seconds): the
inputs of ``tests/annotation_inputs.py`` into a real annotation store over the bundled
library. Only ImportFailed may come out of an import, and every annotation file must read back
afterwards; anything else is an escape, and its input is kept for a test."""

import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from app.core.annotations import AnnotationStore
from app.core.annotations.importing import import_annotations
from app.core.errors import ImportFailed
from app.core.library import Library
from tests.annotation_inputs import random_import
from tests.perf.bench_fuzz import DEFAULT_SECONDS, KEPT, MINUTES_VARIABLE, SLOW_SECONDS
from tests.perf.common import ROOT, Row

FRESH_STORE_EVERY = 500  # keeps annotation files small, as a real library's are


class _Tally:
    def __init__(self) -> None:
        self.inputs = self.failed = self.imported = self.escaped = 0
        self.slowest = 0.0

    def keep(self, data: bytes) -> None:
        KEPT.mkdir(exist_ok=True)
        (KEPT / f"annotations-escaped-{self.inputs}.json").write_bytes(data)


def _store(folder: Path) -> AnnotationStore:
    shutil.copytree(ROOT / "library", folder / "library")
    return AnnotationStore(folder / "data" / "annotations", Library(folder / "library"))


def _one(tally: _Tally, store: AnnotationStore, source: Path, data: bytes) -> None:
    source.write_bytes(data)
    started = time.perf_counter()
    try:
        report = import_annotations(source, store)
        tally.imported += report.imported + report.updated
        for article_id in store.article_ids():
            store.for_article(article_id)
        if store.problems:
            raise AssertionError(f"a file it wrote does not read back: {store.problems[0]}")
    except ImportFailed:
        tally.failed += 1
    except Exception:
        tally.escaped += 1
        if tally.escaped <= 5:
            tally.keep(data)
    tally.slowest = max(tally.slowest, time.perf_counter() - started)
    tally.inputs += 1


def fuzz(seconds: float, seed: int = 0) -> _Tally:
    rng = random.Random(seed)
    tally = _Tally()
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as scratch:
        store = _store(Path(scratch) / "0")
        ids, urls = store.library.ids(), [a.url for a in store.library if a.url]
        while time.monotonic() < deadline:
            if tally.inputs and tally.inputs % FRESH_STORE_EVERY == 0:
                shutil.rmtree(Path(scratch) / str(tally.inputs - FRESH_STORE_EVERY))
                store = _store(Path(scratch) / str(tally.inputs))
            data = random_import(rng, ids, urls)
            _one(tally, store, Path(scratch) / "input.json", data)
    return tally


def run() -> list[Row]:
    minutes = os.environ.get(MINUTES_VARIABLE)
    seconds = float(minutes) * 60 if minutes else DEFAULT_SECONDS
    tally = fuzz(seconds)
    return [
        Row(
            f"fuzz import-annotations, {seconds / 60:.1f} min",
            f"{tally.inputs:,} inputs ({tally.failed:,} refused in one line, "
            f"{tally.imported:,} annotations written), {tally.escaped} escaped, "
            f"slowest {tally.slowest:.2f} s",
            f"0 escaped, each < {SLOW_SECONDS:.0f} s",
            tally.escaped == 0 and tally.slowest < SLOW_SECONDS,
        )
    ]
