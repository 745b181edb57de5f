"""Data safety under crashes and concurrency, with real processes.

A writer killed with SIGKILL at random moments must never leave a file that does not parse,
nor lose a save it acknowledged; two processes annotating one article at once must both
keep all their work (the per-file lock plus re-read and merge by id).
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.library import Library
from tests.conftest import ROOT

WRITER = """
import sys
from pathlib import Path
from app.core.annotations import AnnotationStore
from app.core.library import Library

store = AnnotationStore(Path(sys.argv[2]), Library(Path(sys.argv[1])))
first, count = int(sys.argv[3]), int(sys.argv[4])
for i in range(first, first + count):
    made = store.create("article", i % 40, i % 40 + 6, note=f"save {i}", tags=[f"w{i % 7}"])
    print(made.id, flush=True)
"""


def start_writer(library: Path, folder: Path, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(library), str(folder), str(first), str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def make_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    body = "Readmark keeps every highlight safe, even when the power fails mid-save. " * 3
    library.add(Article(id="article", title="Durability", body=body))
    return library


def on_disk(library: Library, folder: Path) -> set[str]:
    store = AnnotationStore(folder, library)
    ids = {a.id for a in store.for_article("article")}
    assert store.problems == []
    path = folder / "article.json"
    if path.exists():
        json.loads(path.read_text(encoding="utf-8"))
    return ids


def test_sigkill_during_200_saves_loses_no_acknowledged_save(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    folder = tmp_path / "data" / "annotations"
    rng = random.Random(5)
    acknowledged: set[str] = set()
    kills = 0
    while len(acknowledged) < 200:
        writer = start_writer(library.root, folder, len(acknowledged), 200 - len(acknowledged))
        assert writer.stdout is not None
        stop_after = rng.randint(1, 40)
        for line in writer.stdout:
            acknowledged.add(line.strip())
            if len(acknowledged) % stop_after == 0:
                time.sleep(rng.random() * 0.01)  # land the kill anywhere in the next save
                writer.send_signal(signal.SIGKILL)
                kills += 1
                break
        writer.stdout.close()
        writer.wait(timeout=30)
        assert acknowledged <= on_disk(library, folder)
    assert kills >= 5
    assert len(on_disk(library, folder)) >= 200
    AnnotationStore(folder, library).create("article", 0, 4)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_two_processes_annotating_one_article_keep_all_their_work(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    folder = tmp_path / "data" / "annotations"
    writers = [start_writer(library.root, folder, first, 40) for first in (0, 1000)]
    acknowledged: set[str] = set()
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0
        acknowledged |= set(out.split())
    assert len(acknowledged) == 80
    assert on_disk(library, folder) == acknowledged
    notes = {a.note for a in AnnotationStore(folder, library).for_article("article")}
    assert {"save 0", "save 39", "save 1000", "save 1039"} <= notes
