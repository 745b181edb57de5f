"""Two imports into one library: the library lock makes them take turns, so ids are never
issued twice and a text is never written twice; staging folders of killed imports are
cleared by the next import, and a live one is never touched."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.atomic import STAGING_DIR, STAGING_PREFIX, remove_stale_staging
from app.core.importers import import_paths
from app.core.library import ID_LOG, Library
from app.core.library_lock import library_lock
from app.core.workspace import Workspace
from tests.conftest import ROOT
from tests.e2e.cli_process import run_cli


def _stories(folder: Path, count: int, flavour: str) -> Path:
    """``count`` stories whose titles (so their slugs) are the same in every folder."""
    folder.mkdir(parents=True)
    for n in range(count):
        text = f"Story number {n}\n\nThis is story {n}, told the {flavour} way.\n"
        (folder / f"story-{n:03}.txt").write_text(text, encoding="utf-8")
    return folder


def _together(library: Path, data: Path, *folders: Path) -> list[subprocess.CompletedProcess[str]]:
    """One ``readmark import`` process per folder, all started at once."""
    done: list[subprocess.CompletedProcess[str]] = []
    threads = [
        threading.Thread(target=lambda f=f: done.append(run_cli(library, data, "import", str(f))))
        for f in folders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done


def _listed(library: Path, data: Path) -> list[dict[str, str]]:
    listed = run_cli(library, data, "list", "--json")
    assert listed.returncode == 0 and not listed.stderr, listed.stderr
    articles: list[dict[str, str]] = json.loads(listed.stdout)
    return articles


def _assert_one_file_per_id(library: Path, count: int) -> list[str]:
    files = sorted(library.glob("*.md"))
    log = (library / ID_LOG).read_text(encoding="utf-8").split()
    assert len(files) == count and len(log) == len(set(log)) == count
    assert not list(library.glob(f"{STAGING_DIR}/*"))
    return log


def test_two_imports_of_one_folder_write_each_text_once(tmp_path: Path) -> None:
    folder = _stories(tmp_path / "news", 60, "same")
    library, data = tmp_path / "library", tmp_path / "data"
    runs = _together(library, data, folder, folder)
    assert all(r.returncode == 0 and "Traceback" not in r.stderr for r in runs)
    summaries = sorted(r.stdout.splitlines()[-1] for r in runs)
    assert summaries == ["0 imported, 60 already present", "60 imported"]
    assert len(_listed(library, data)) == 60
    _assert_one_file_per_id(library, 60)


def test_two_imports_of_different_folders_never_share_an_id(tmp_path: Path) -> None:
    first = _stories(tmp_path / "first", 300, "first")
    second = _stories(tmp_path / "second", 300, "second")
    library, data = tmp_path / "library", tmp_path / "data"
    runs = _together(library, data, first, second)
    assert all(r.returncode == 0 and "Traceback" not in r.stderr for r in runs)
    articles = _listed(library, data)
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)) == 600  # every article listed, none hidden
    assert sorted(_assert_one_file_per_id(library, 600)) == sorted(ids)


def test_an_import_waits_for_the_lock_and_then_sees_what_was_written(tmp_path: Path) -> None:
    folder = _stories(tmp_path / "news", 3, "plain")
    library, data = tmp_path / "library", tmp_path / "data"
    done: list[subprocess.CompletedProcess[str]] = []
    with library_lock(library) as held:
        assert held
        waiting = threading.Thread(
            target=lambda: done.append(run_cli(library, data, "import", str(folder)))
        )
        waiting.start()
        waiting.join(timeout=3)
        assert waiting.is_alive() and not list(library.glob("*.md"))  # it waits its turn
        # meanwhile the lock holder (as another import would) writes one of the same texts
        body = "This is story 0, told the plain way.\n"
        Library(library).add_many([Article(id="story-0", title="Story number 0", body=body)])
    waiting.join(timeout=60)
    assert done and done[0].returncode == 0, done
    assert done[0].stdout.splitlines()[-1] == "2 imported, 1 already present"


def test_cancel_while_waiting_for_the_lock_writes_nothing(tmp_path: Path) -> None:
    folder = _stories(tmp_path / "news", 2, "plain")
    stop = threading.Event()
    calls: list[str] = []

    def progress(_done: int, _total: int, name: str) -> None:
        calls.append(name)
        if "waiting" in name:
            threading.Timer(0.2, stop.set).start()

    with (
        Workspace(tmp_path / "library", tmp_path / "data") as workspace,
        library_lock(workspace.library.root),
    ):
        report = import_paths(workspace, [folder], progress=progress, cancel=stop.is_set)
    assert report.cancelled and not report.imported
    assert calls == ["", "waiting for another import into this library"]
    assert not list((tmp_path / "library").glob("*.md"))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _staging(library: Path, name: str) -> Path:
    folder = library / name
    folder.mkdir(parents=True)
    (folder / "0").write_text("---\nid: half\n---\nhalf written\n", encoding="utf-8")
    return folder


def test_the_next_import_clears_staging_folders_of_dead_importers_only(tmp_path: Path) -> None:
    library = tmp_path / "library"
    dead = _staging(library, f"{STAGING_DIR}/{_dead_pid()}-abc123")
    nameless = _staging(library, f"{STAGING_DIR}/k2j4h5g6")  # no process id in the name
    older = _staging(library, f"{STAGING_PREFIX}{_dead_pid()}-abc123")  # an older version's
    past = time.time() - 3600
    os.utime(nameless, (past, past))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = _staging(library, f"{STAGING_DIR}/{sleeper.pid}-def456")
        live_older = _staging(library, f"{STAGING_PREFIX}{sleeper.pid}-def456")
        folder = _stories(tmp_path / "news", 1, "plain")
        with Workspace(library, tmp_path / "data") as workspace:
            report = import_paths(workspace, [folder])
        assert len(report.imported) == 1
        assert not dead.exists() and not nameless.exists() and not older.exists()
        # their importers still run: never touched
        assert (live / "0").is_file() and (live_older / "0").is_file()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.timeout(120)
def test_an_import_killed_while_staging_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    folder = _stories(tmp_path / "news", 1200, "long")
    library, data = tmp_path / "library", tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    command = [sys.executable, "-m", "app", "import", str(folder)]
    process = subprocess.Popen(
        [*command, "--library", str(library), "--data", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    left: list[Path] = []
    while process.poll() is None and not left:
        left = list(library.glob(f"{STAGING_DIR}/*")) if library.is_dir() else []
    assert left, "the import finished before its staging folder was seen"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert any(p.exists() for p in left)
    again = run_cli(library, data, "import", str(folder))
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert not list(library.glob(f"{STAGING_DIR}/*"))
    assert len(_listed(library, data)) == 1200


def test_a_lock_reads_only_the_staging_folder_after_the_first(tmp_path: Path) -> None:
    """Reading the whole library folder at every lock took 125-330 ms at 250,000 files:
    older versions' staging folders beside the files are looked for once a process."""
    library = tmp_path / "library"
    library.mkdir()
    assert remove_stale_staging(library, time.time()) == []  # the once-a-process look
    older = _staging(library, f"{STAGING_PREFIX}{_dead_pid()}-abc123")
    dead = _staging(library, f"{STAGING_DIR}/{_dead_pid()}-def456")
    assert remove_stale_staging(library, time.time()) == [dead]
    assert older.exists() and not dead.exists()
