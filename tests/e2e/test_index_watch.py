"""``readmark index --watch`` as a real subprocess: it syncs once, then after each edit made
by another process (an article edited, an annotation file written), until SIGINT ends it
with status 0, a one-line summary and no traceback."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from app.core.annotations.store import AnnotationStore
from app.core.library import Library
from app.core.workspace import Workspace
from tests.conftest import BUNDLED_LIBRARY, ROOT

ARTICLE = "nato-prepares-for-75th-summit-enhancing"
WAIT = 30.0


class Watching:
    """The watch process with its stdout lines in a queue."""

    def __init__(self, library: Path, data: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
        folders = ["--library", str(library), "--data", str(data)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "index", "--watch", *folders],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout
        self.reader = threading.Thread(target=lambda: [self.lines.put(x) for x in stdout])
        self.reader.start()

    def stop(self) -> tuple[list[str], str]:
        """SIGINT, as Ctrl+C sends it; the lines not read yet and stderr. Its pipes are
        closed here, once the reader thread has met the end of stdout."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.stderr is not None and self.process.stdout is not None
        err = self.process.stderr.read()
        self.process.wait(timeout=WAIT)
        self.reader.join(timeout=WAIT)
        self.process.stderr.close()
        self.process.stdout.close()
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return rest, err

    def wait_for(self, words: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                _rest, err = self.stop()
                raise AssertionError(f"no line with {words!r}; seen {self.seen}; {err}") from None
            self.seen.append(line)
            if words in line:
                return line


def search_total(library: Path, data: Path, query: str) -> int:
    """The index as the watcher left it: searched here, without a sync of our own."""
    with Workspace(library, data) as workspace:
        return workspace.index.search(query).total


def test_index_watch_follows_edits_until_ctrl_c(tmp_path: Path) -> None:
    library = shutil.copytree(BUNDLED_LIBRARY, tmp_path / "library")
    data = tmp_path / "data"
    watching = Watching(library, data)
    try:
        watching.wait_for("watching")
        watching.wait_for("index rebuilt")
        assert search_total(library, data, "quixotically") == 0

        article = library / f"{ARTICLE}.md"
        with article.open("a", encoding="utf-8") as handle:
            handle.write("\nThe delegates argued quixotically into the night.\n")
        assert "(1 changed)" in watching.wait_for("index up to date")
        assert search_total(library, data, "quixotically") == 1

        # a second machine's annotation file arriving through a sync folder: no index update
        # from the writer, only the file
        store = AnnotationStore(data / "annotations", Library(library))
        store.create(ARTICLE, 0, 4, note="checked against the communique")
        assert "1 with new annotations" in watching.wait_for("index up to date")
        assert search_total(library, data, "note:communique") == 1

        (library / "extra.md").write_text(
            "---\nid: extra\ntitle: Extra\n---\n\nA pelican arrived.\n", encoding="utf-8"
        )
        assert "(1 added)" in watching.wait_for("index up to date")
        article.unlink()
        assert "(1 deleted)" in watching.wait_for("index up to date")
        assert search_total(library, data, "pelican") == 1
        assert search_total(library, data, "quixotically") == 0
    finally:
        rest, err = watching.stop()
    assert watching.process.returncode == 0, err
    assert "Traceback" not in err and "interrupted" not in err
    assert rest and rest[-1].startswith("stopped watching after 5 sync(s)"), rest
    assert "1 added, 1 changed, 1 deleted, 1 annotated" in rest[-1]
