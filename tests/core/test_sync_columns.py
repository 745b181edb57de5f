"""The sync compares the scan with the index column by column (``index/sync_stamps.py``):
whatever happens to the files, a sync must leave the same documents as a full build of
them, notice a change of modification time alone or of size alone, see files deleted,
added and renamed, annotation files written and removed, keep out of a link loop, and name
every file it cannot read."""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.article import Article, serialize_article
from app.core.index import SearchIndex
from app.core.index.docinfo import DocTable
from app.core.index.schema import Record, record_of
from app.core.index.storage import open_existing
from app.core.library import Library
from tests.core.test_search_annotations import annotation_file

ARTICLES = 6
Action = tuple[str, int]
ACTIONS = (
    "edit",  # new text: time and size change
    "same size",  # one letter swapped, the time moved on: only the time tells
    "size only",  # text added, the old time put back: only the size tells
    "touch",  # the time moves, the text stays: a new stamp, not re-indexed
    "delete",
    "add",
    "rename",
    "new id",
    "annotate",
    "unannotate",
    "break",  # no longer an article the index can read
)


def article_text(n: int, article_id: str | None = None, extra: str = "") -> str:
    article = Article(
        id=article_id or f"story-{n}",
        title=f"Story number {n}",
        body=f"The {n}th report on wombats and quokkas.{extra}\n",
        source="Desk" if n % 2 else None,
        tags=[f"t{n % 3}"],
    )
    return serialize_article(article)


def write_annotation(folder: Path, article_id: str, tag: str) -> None:
    annotation_file(
        folder, article_id, [{"type": "TextualBody", "purpose": "tagging", "value": tag}]
    )


def open_index(root: Path, name: str = "index") -> SearchIndex:
    library = Library(root / "library")
    return SearchIndex(root / name, library, annotations_dir=root / "notes", procs=1)


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sync-columns")
    (root / "library").mkdir()
    (root / "notes").mkdir()
    for n in range(ARTICLES):
        (root / "library" / f"a{n}.md").write_text(article_text(n), "utf-8")
    write_annotation(root / "notes", "story-1", "kept")
    index = open_index(root)
    assert index.sync().rebuilt
    index.close()
    return root


def documents(index_dir: Path) -> tuple[list[Record], list[tuple[Any, ...]]]:
    """The live documents' stored fields and document-table rows, by article id: what a
    search, a facet or the next sync can read from the index."""
    ix = open_existing(index_dir)
    with ix.searcher() as searcher:
        stored = sorted(record_of(fields) for fields in searcher.all_stored_fields())
        table = DocTable(index_dir)
        table.refresh(searcher)
        rows = sorted(tuple(info) for _docnum, info in table.live_infos())
    return stored, rows


def act(root: Path, actions: list[Action]) -> set[str]:
    """Apply ``actions`` to the files; the names of the files made unreadable."""
    library, notes = root / "library", root / "notes"
    broken: set[str] = set()
    for step, (action, n) in enumerate(actions):
        path = library / f"a{n}.md"
        if action == "add":
            (library / f"new{step}.md").write_text(article_text(100 + step), "utf-8")
            continue
        if action == "annotate":
            write_annotation(notes, f"story-{n}", f"tag{step}")
            continue
        if action == "unannotate":
            (notes / f"story-{n}.json").unlink(missing_ok=True)
            continue
        was_broken = path.name in broken
        if not path.exists() or (was_broken and action not in ("delete", "rename")):
            continue
        broken.discard(path.name)
        stat = path.stat()
        if action == "edit":
            path.write_text(path.read_text("utf-8") + f"\nEdit {step}.\n", "utf-8")
        elif action == "same size":
            text = path.read_text("utf-8")
            swapped = text.replace("wombats", "wombatz") if "wombats" in text else text
            path.write_text(swapped.replace("wombatz", "wombats") if swapped == text else swapped)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        elif action == "size only":
            path.write_text(path.read_text("utf-8") + f"More {step}.\n", "utf-8")
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        elif action == "touch":
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        elif action == "delete":
            path.unlink()
        elif action == "rename":
            path.rename(library / f"a{n}-moved{step}.md")
            if was_broken:
                broken.add(f"a{n}-moved{step}.md")
        elif action == "new id":
            path.write_text(article_text(n, f"renumbered-{step}"), "utf-8")
        elif action == "break":
            path.write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
            broken.add(path.name)
    return broken


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example([("touch", 0), ("annotate", 0)])  # a touched file kept its old note fields
@given(
    st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, ARTICLES - 1)), min_size=1, max_size=6
    )
)
def test_a_sync_leaves_what_a_full_build_makes(synced: Path, actions: list[Action]) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(shutil.copytree(synced, Path(work) / "root"))
        broken = act(root, actions)
        index = open_index(root)
        report = index.sync()
        index.close()
        assert not report.rebuilt
        for name in broken:
            assert any(name in problem for problem in report.problems), (name, report.problems)
        rebuilt = open_index(root, "rebuilt")
        assert rebuilt.sync().rebuilt
        rebuilt.close()
        assert documents(root / "index") == documents(root / "rebuilt")
        again = open_index(root).sync()
        assert (again.added, again.changed, again.deleted, again.touched) == (0, 0, 0, 0)
        assert again.annotated == 0 and again.renamed == 0


def changed_once(root: Path, change: str) -> int:
    path = root / "library" / "a2.md"
    stat = path.stat()
    if change == "time":  # same size, other text, the time moved on
        path.write_text(path.read_text("utf-8").replace("wombats", "numbats"), "utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    else:  # other size, the old time put back
        path.write_text(path.read_text("utf-8") + "Numbats too.\n", "utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    index = open_index(root)
    report = index.sync()
    found = index.search("numbats").total
    index.close()
    assert report.changed == 1, report.summary
    return found


@pytest.mark.parametrize("change", ["time", "size"])
def test_a_change_of_time_alone_or_size_alone_is_seen(
    synced: Path, tmp_path: Path, change: str
) -> None:
    root = Path(shutil.copytree(synced, tmp_path / "root"))
    assert changed_once(root, change) == 1


def test_a_link_loop_is_scanned_once_and_files_behind_links_are_seen(
    synced: Path, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(synced, tmp_path / "root"))
    library = root / "library"
    (library / "loop").symlink_to(library, target_is_directory=True)
    (library / "sub").mkdir()
    (library / "sub" / "deep.md").write_text(article_text(50), "utf-8")
    (library / "sub" / "back").symlink_to(library / "sub", target_is_directory=True)
    index = open_index(root)
    report = index.sync()
    assert (report.added, report.deleted, report.renamed) == (1, 0, 0)
    assert index.search("*").total == ARTICLES + 1
    assert index.sync().summary == "index up to date"
    index.close()


def test_an_unreadable_file_is_named_and_leaves_the_index(synced: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(synced, tmp_path / "root"))
    (root / "library" / "a3.md").write_bytes(b"---\nid: story-3\ntitle: [unclosed\n---\nx\n")
    (root / "library" / "fresh.md").write_bytes(b"---\ndate: {\n---\n")
    index = open_index(root)
    report = index.sync()
    assert any("a3.md" in p for p in report.problems), report.problems
    assert any("fresh.md" in p for p in report.problems), report.problems
    assert report.deleted == 1 and index.search("*").total == ARTICLES - 1
    index.close()


def test_a_sync_with_nothing_to_write_leaves_no_files_behind(synced: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(synced, tmp_path / "root"))
    index = open_index(root)
    index.sync()
    before = sorted(p.name for p in (root / "index").iterdir())
    for _ in range(3):
        assert index.sync().summary == "index up to date"
    index.close()
    assert sorted(p.name for p in (root / "index").iterdir()) == before
