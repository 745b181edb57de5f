"""A tag rename is journaled: killed midway (a real ``kill -9`` of the CLI), the next
workspace open completes it; and the index takes a rename of N articles in one commit."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from app.core.annotations import files
from app.core.annotations.model import Annotation
from app.core.annotations.rename import RENAME_JOURNAL
from app.core.library import Library
from app.core.workspace import Workspace
from tests.conftest import ROOT
from tests.core.search_fixtures import bbc_library

MANY = 1500
RENAME = [sys.executable, "-m", "app", "tag", "rename", "old-tag", "fresh"]


def note(article_id: str, n: int, tags: list[str]) -> Annotation:
    stamp = "2024-07-01T10:00:00Z"
    return Annotation(
        id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        article_id=article_id,
        created=stamp,
        modified=stamp,
        motivation="commenting",
        colour=None,
        tags=tags,
        note=f"note {n}",
    )


def write_notes(folder: Path, count: int, tags: list[str]) -> list[str]:
    """Annotation files written directly (no fsync each): a test's setup, not a save."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"article-{n:05d}" for n in range(count)]
    for n, article_id in enumerate(ids):
        text = files.render_document(article_id, [note(article_id, n, tags)])
        (folder / files.file_name(article_id)).write_text(text, encoding="utf-8")
    return ids


def tags_on_disk(folder: Path) -> list[list[str]]:
    return [
        [t for a in files.read_file(p, p.stem) for t in a.tags]
        for p in sorted(folder.glob("article-*.json"))
    ]


def test_a_killed_rename_is_completed_when_the_workspace_opens(tmp_path: Path) -> None:
    library, data = tmp_path / "library", tmp_path / "data"
    library.mkdir()
    folder = data / "annotations"
    write_notes(folder, MANY, ["Old-Tag", "keep"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    process = subprocess.Popen(
        [*RENAME, "--library", str(library), "--data", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    journal = data / RENAME_JOURNAL
    started = time.monotonic()
    while not journal.exists() and time.monotonic() - started < 60:
        time.sleep(0.02)
    assert journal.exists(), "the rename never wrote its journal"
    while time.monotonic() - started < 60:  # until some files are renamed, not all
        if any("fresh" in tags for tags in tags_on_disk(folder)):
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    half = tags_on_disk(folder)
    assert any("fresh" in t for t in half) and any("Old-Tag" in t for t in half), (
        "the kill came too late to leave the rename half done"
    )
    assert journal.exists()

    with Workspace(library, data) as workspace:
        assert workspace.annotations.problems == []
    assert tags_on_disk(folder) == [["fresh", "keep"]] * MANY
    assert not journal.exists()


def test_a_journal_that_cannot_be_read_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "library").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / RENAME_JOURNAL).write_text("{not json", encoding="utf-8")
    with Workspace(tmp_path / "library", data) as workspace:
        assert len(workspace.annotations.problems) == 1
    assert not (data / RENAME_JOURNAL).exists()
    assert [p.read_text("utf-8") for p in data.glob(f"{RENAME_JOURNAL}.corrupt-*")] == ["{not json"]


def generation(index_dir: Path) -> int:
    return int(whoosh_index.open_dir(str(index_dir)).latest_generation())


def test_renaming_a_tag_on_many_articles_is_one_index_commit(tmp_path: Path) -> None:
    library_dir, data = tmp_path / "library", tmp_path / "data"
    bbc_library(library_dir, limit=40)
    ids = sorted(Library(library_dir).ids())
    with Workspace(library_dir, data) as workspace:
        workspace.index.sync()
        workspace.annotations.save_all([note(a, n, ["draft"]) for n, a in enumerate(ids)])
        before = generation(workspace.index_dir)
        assert workspace.annotations.rename_tag("draft", "final") == len(ids)
        assert generation(workspace.index_dir) == before + 1
        assert workspace.index.search("tag:final").total == len(ids)
        assert workspace.index.search("tag:draft").total == 0
