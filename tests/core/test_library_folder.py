"""The library folder: scanning, duplicate ids, ids never reused, atomic metadata edits."""

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from app.core.article import Article, serialize_article
from app.core.errors import NotFound
from app.core.library import ID_LOG, Library
from app.core.workspace import Workspace
from tests.conftest import BUNDLED_LIBRARY


def write(folder: Path, name: str, article_id: str, title: str = "T", body: str = "Body") -> Path:
    path = folder / name
    path.write_text(serialize_article(Article(id=article_id, title=title, body=body)), "utf-8")
    return path


def test_scan_reads_articles_in_subfolders_and_skips_hidden(library_dir: Path) -> None:
    (library_dir / "sub").mkdir()
    (library_dir / ".trash").mkdir()
    write(library_dir, "a.md", "a")
    write(library_dir / "sub", "b.md", "b")
    write(library_dir / ".trash", "c.md", "c")
    assert sorted(Library(library_dir).ids()) == ["a", "b"]


def test_duplicate_ids_are_reported_not_merged(library_dir: Path) -> None:
    write(library_dir, "1.md", "same", title="First")
    write(library_dir, "2.md", "same", title="Second")
    library = Library(library_dir)
    assert library.get("same").title == "First"
    assert len(library.problems) == 1
    problem = str(library.problems[0])
    assert "2.md" in problem and "duplicate id 'same'" in problem and "1.md" in problem


def test_unreadable_front_matter_is_reported_and_others_load(library_dir: Path) -> None:
    (library_dir / "bad.md").write_text("---\ntitle: [oops\n---\nbody\n", "utf-8")
    write(library_dir, "good.md", "good")
    library = Library(library_dir)
    assert library.ids() == ["good"]
    assert "bad.md" in str(library.problems[0])


def test_new_ids_are_never_reused(library_dir: Path) -> None:
    library = Library(library_dir)
    first = library.add(Article(id=library.new_id("NATO summit"), title="NATO summit", body="x"))
    assert first.id == "nato-summit"
    assert first.path is not None
    first.path.unlink()
    library.refresh()
    assert "nato-summit" not in library
    assert library.new_id("NATO summit") == "nato-summit-2"


def test_ids_owning_annotations_are_reserved(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "lib", tmp_path / "data")
    workspace.annotations_dir.mkdir(parents=True)
    (workspace.annotations_dir / "gone-article.json").write_text("{}", "utf-8")
    assert workspace.library.new_id("Gone article") == "gone-article-2"


def test_add_never_overwrites_an_existing_file(library_dir: Path) -> None:
    existing = write(library_dir, "taken.md", "other", body="precious")
    library = Library(library_dir)
    added = library.add(Article(id="taken", title="New", body="new"))
    assert existing.read_text("utf-8").endswith("precious\n")
    assert added.path == library_dir / "taken-2.md"


def test_save_metadata_rewrites_front_matter_only(library_dir: Path) -> None:
    path = write(library_dir, "a.md", "a", body="Original *body* kept.")
    library = Library(library_dir)
    article = library.get("a")
    article.title, article.date = "Edited", dt.date(2024, 7, 5)
    path.write_text(path.read_text("utf-8").replace("kept.", "kept, edited outside."), "utf-8")
    library.save_metadata(article)
    text = path.read_text("utf-8")
    assert "title: Edited" in text and "date: 2024-07-05" in text
    assert text.endswith("Original *body* kept, edited outside.\n")
    assert not [p for p in library_dir.iterdir() if p.name.endswith(".tmp")]


def test_get_unknown_id_names_it(library_dir: Path) -> None:
    with pytest.raises(NotFound, match="no-such"):
        Library(library_dir).get("no-such")


def test_environment_overrides_default_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READMARK_LIBRARY", str(tmp_path / "L"))
    monkeypatch.setenv("READMARK_DATA", str(tmp_path / "D"))
    with Workspace() as workspace:
        assert workspace.library_dir == (tmp_path / "L").resolve()
        assert workspace.data_dir == (tmp_path / "D").resolve()
        assert workspace.data_dir.is_dir()


def test_written_files_get_ordinary_permissions(library_dir: Path) -> None:
    """mkstemp makes 0600 files; an article or annotation file must be readable as usual."""
    library = Library(library_dir)
    added = library.add(Article(id="perm", title="Perm", body="x"))
    assert added.path is not None
    assert added.path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    added.path.chmod(0o640)
    library.save_metadata(added)
    assert added.path.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_snapshot_serves_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    library_dir, cache = tmp_path / "lib", tmp_path / "data" / "cache" / "library.marshal"
    library_dir.mkdir()
    write(library_dir, "a.md", "a", title="First title")
    write(library_dir, "b.md", "b", title="Other")
    assert Library(library_dir, cache_file=cache).get("a").title == "First title"
    assert cache.is_file()
    path = write(library_dir, "a.md", "a", title="Edited title, longer")
    os.utime(path, ns=(1, 1))  # even an mtime from the past is a change
    (library_dir / "b.md").unlink()
    write(library_dir, "c.md", "c", body="A new text.")
    library = Library(library_dir, cache_file=cache)
    assert library.get("a").title == "Edited title, longer"
    assert sorted(library.ids()) == ["a", "c"]
    assert library.find_by_hash(library.get("c").content_hash) == library.get("c")


def test_a_damaged_or_foreign_snapshot_only_means_a_cold_start(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    cache = tmp_path / "library.marshal"
    write(first, "a.md", "a", title="In one")
    write(second, "a.md", "a", title="In two")
    Library(first, cache_file=cache)
    assert Library(second, cache_file=cache).get("a").title == "In two"
    cache.write_bytes(b"\x00garbage")
    assert Library(first, cache_file=cache).get("a").title == "In one"


def test_a_folder_link_loop_does_not_hang_the_scan(library_dir: Path) -> None:
    (library_dir / "sub").mkdir()
    (library_dir / "sub" / "loop").symlink_to(library_dir, target_is_directory=True)
    write(library_dir / "sub", "x.md", "x")
    assert Library(library_dir).ids() == ["x"]


def test_an_installed_copy_keeps_its_library_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle or wheel ships read-only articles: the user's library starts as their copy."""
    shipped = tmp_path / "bundle" / "library"
    shipped.mkdir(parents=True)
    write(shipped, "seed.md", "seed", title="Shipped")
    (shipped / ID_LOG).write_text("seed\n", "utf-8")
    monkeypatch.delenv("READMARK_LIBRARY", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    with Workspace(data_dir=tmp_path / "data") as workspace:
        assert workspace.library_dir == (tmp_path / "data" / "library").resolve()
        assert workspace.library.get("seed").title == "Shipped"
        workspace.library.add(Article(id="mine", title="Mine", body="Imported by me."))
    assert sorted(p.name for p in shipped.iterdir()) == [ID_LOG, "seed.md"]
    write(shipped, "later.md", "later")
    with Workspace(data_dir=tmp_path / "data") as workspace:  # seeded once, then the user's
        assert sorted(workspace.library.ids()) == ["mine", "seed"]


def test_a_source_checkout_seeds_its_own_library_and_never_writes_the_tracked_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READMARK_LIBRARY", raising=False)
    tracked = sorted((p.name, p.read_bytes()) for p in BUNDLED_LIBRARY.iterdir())
    with Workspace(data_dir=tmp_path / "data") as workspace:
        assert workspace.library_dir == (tmp_path / "data" / "library").resolve()
        shipped = sorted(p.name for p in BUNDLED_LIBRARY.glob("*.md"))
        assert sorted(p.name for p in workspace.library_dir.glob("*.md")) == shipped
        workspace.library.add(Article(id="mine", title="Mine", body="My own article."))
    assert sorted((p.name, p.read_bytes()) for p in BUNDLED_LIBRARY.iterdir()) == tracked
