"""Undo of an import: the articles' files go to ``<data>/trash/<timestamp>/``, never deleted,
and come back on redo; the trash of an earlier session is emptied at the next start."""

import json
import os
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.errors import DiskProblem
from app.core.library import Library
from app.core.trash import empty_trash, restore_articles, trash_articles, trash_dir


def library_with(root: Path, *titles: str) -> Library:
    library = Library(root)
    library.add_many(
        [Article(id=t.lower().replace(" ", "-"), title=t, body=f"{t} body.\n") for t in titles]
    )
    return library


def test_trashed_articles_leave_the_library_and_come_back(tmp_path: Path):
    library = library_with(tmp_path / "library", "Rivers rise", "Bank rates", "Cafe culture")
    before = {p.name: p.read_bytes() for p in (tmp_path / "library").glob("*.md")}
    batch = trash_articles(library, tmp_path / "data", ["rivers-rise", "bank-rates"])
    assert sorted(library.ids()) == ["cafe-culture"]
    assert not (tmp_path / "library" / "rivers-rise.md").exists()
    assert batch.folder.parent == trash_dir(tmp_path / "data")
    kept = {p.name: p.read_bytes() for p in batch.folder.glob("*.md")}
    assert kept == {k: v for k, v in before.items() if k != "cafe-culture.md"}
    manifest = json.loads((batch.folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in manifest) == ["bank-rates", "rivers-rise"]
    assert restore_articles(library, batch) == batch.ids
    assert sorted(library.ids()) == ["bank-rates", "cafe-culture", "rivers-rise"]
    assert {p.name: p.read_bytes() for p in (tmp_path / "library").glob("*.md")} == before
    assert not batch.folder.exists()  # nothing left in it, so it went


def test_restore_never_overwrites_a_file_that_took_the_old_place(tmp_path: Path):
    library = library_with(tmp_path / "library", "Rivers rise")
    batch = trash_articles(library, tmp_path / "data", ["rivers-rise"])
    newcomer = tmp_path / "library" / "rivers-rise.md"
    newcomer.write_text("---\nid: other\ntitle: Other\n---\nOther text.\n", encoding="utf-8")
    restore_articles(library, batch)
    assert newcomer.read_text(encoding="utf-8").startswith("---\nid: other")
    assert library.get("rivers-rise").path == tmp_path / "library" / "rivers-rise-2.md"


def test_articles_already_gone_are_skipped(tmp_path: Path):
    library = library_with(tmp_path / "library", "Rivers rise", "Bank rates")
    (tmp_path / "library" / "bank-rates.md").unlink()
    batch = trash_articles(library, tmp_path / "data", ["rivers-rise", "bank-rates", "never-was"])
    assert batch.ids == ["rivers-rise"]


def test_a_move_that_fails_half_way_puts_back_what_it_moved(tmp_path: Path):
    """The second file sits so deep that its place in the trash (a few characters longer
    than its place in the library) is past the system's path limit: its move fails."""
    root = tmp_path / "library"
    library = library_with(root, "Rivers rise")
    limit = os.pathconf(str(tmp_path), "PC_PATH_MAX")
    deep = root
    while len(str(deep)) < limit - 30:
        deep = deep / ("d" * min(200, limit - 30 - len(str(deep))))
    deep.mkdir(parents=True)
    (deep / "bank-rates.md").write_text("---\nid: bank-rates\ntitle: Bank rates\n---\nB.\n")
    library.refresh()
    assert sorted(library.ids()) == ["bank-rates", "rivers-rise"]
    with pytest.raises(DiskProblem) as caught:
        trash_articles(library, tmp_path / "data", ["rivers-rise", "bank-rates"])
    assert "trash" in str(caught.value)
    assert sorted(library.ids()) == ["bank-rates", "rivers-rise"]
    assert (root / "rivers-rise.md").exists()
    assert list(trash_dir(tmp_path / "data").iterdir()) == []


def test_the_next_start_empties_the_trash_and_only_the_trash(tmp_path: Path):
    library = library_with(tmp_path / "library", "Rivers rise", "Bank rates")
    trash_articles(library, tmp_path / "data", ["rivers-rise"])
    trash_articles(library, tmp_path / "data", ["bank-rates"])
    assert len(list(trash_dir(tmp_path / "data").iterdir())) == 2
    assert empty_trash(tmp_path / "data") == 2
    assert list(trash_dir(tmp_path / "data").iterdir()) == []
    assert empty_trash(tmp_path / "nothing-here") == 0
