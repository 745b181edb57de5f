"""Articles taken out of the library by an undo, kept in a trash folder until the next start.

Undoing an import must not delete what the user brought in: the article files move to
``<data>/trash/<timestamp>/`` (with a ``manifest.json`` saying where each came from) and the
library forgets them; redo moves them back. Only ``empty_trash``, run when the window starts,
removes what an earlier session left there, as the undo that put it there is gone with that
session. A move that fails half-way is rolled back, so the library is never left half-done.
"""

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic import write_atomic
from app.core.errors import writing_in
from app.core.library import Library

TRASH = "trash"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Trashed:
    """One article file: where it lived in the library and where the trash keeps it."""

    article_id: str
    original: Path
    kept_at: Path


@dataclass(frozen=True)
class TrashBatch:
    """The articles one undo took out, in one folder of the trash."""

    folder: Path
    items: tuple[Trashed, ...]

    @property
    def ids(self) -> list[str]:
        return [item.article_id for item in self.items]


def trash_dir(data_dir: Path) -> Path:
    return data_dir / TRASH


def trash_articles(library: Library, data_dir: Path, article_ids: Iterable[str]) -> TrashBatch:
    """Move the articles' files into a new trash folder and forget them in the library.

    Articles already gone (deleted by hand since) are skipped. Raises ``DiskProblem`` when a
    file cannot be moved, after putting back the ones already moved.
    """
    folder = _new_folder(trash_dir(data_dir))
    moved: list[Trashed] = []
    with writing_in(folder, doing="move articles into the trash"):
        try:
            for article_id in article_ids:
                path = library.get(article_id).path if article_id in library else None
                if path is None or not path.exists():
                    continue
                kept_at = folder / _inside(path, library.root)
                kept_at.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, kept_at)
                moved.append(Trashed(article_id, path, kept_at))
            _write_manifest(folder, moved)
        except BaseException:
            _put_back(moved)
            _remove_empty(folder)
            raise
        finally:
            library.refresh()
    return TrashBatch(folder, tuple(moved))


def restore_articles(library: Library, batch: TrashBatch) -> list[str]:
    """Move a batch's files back where they were and let the library read them again.

    A file that now stands at the old place is never overwritten: the article comes back
    beside it as ``<name>-2.md``. Returns the ids put back.
    """
    with writing_in(library.root, doing="put articles back into the library"):
        try:
            _put_back(list(batch.items))
        finally:
            library.refresh()
    with contextlib.suppress(OSError):
        (batch.folder / MANIFEST).unlink()
    _remove_empty(batch.folder)
    return batch.ids


def empty_trash(data_dir: Path) -> int:
    """Remove what earlier sessions left in the trash; returns how many folders went.

    A folder that cannot be removed (a file in use, no permission) stays for the next start.
    """
    root = trash_dir(data_dir)
    if not root.is_dir():
        return 0
    removed = 0
    for batch in root.iterdir():
        try:
            if batch.is_dir() and not batch.is_symlink():
                shutil.rmtree(batch)
            else:
                batch.unlink()
        except OSError:
            continue
        removed += 1
    return removed


def _new_folder(root: Path) -> Path:
    """A fresh folder named for now; a second undo within the same second gets ``-2``."""
    root.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y%m%d-%H%M%S")
    name, n = stem, 2
    while True:
        folder = root / name
        try:
            folder.mkdir()
        except FileExistsError:
            name, n = f"{stem}-{n}", n + 1
            continue
        return folder


def _inside(path: Path, root: Path) -> Path:
    """The file's place below the library root (just its name when it lives elsewhere)."""
    try:
        return path.relative_to(root)
    except ValueError:
        return Path(path.name)


def _free_place(path: Path) -> Path:
    candidate, n = path, 2
    while candidate.exists():
        candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
    return candidate


def _put_back(items: list[Trashed]) -> None:
    for item in items:
        if item.kept_at.exists():
            target = _free_place(item.original)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(item.kept_at, target)


def _write_manifest(folder: Path, moved: list[Trashed]) -> None:
    """Where each file came from, for a user looking into the trash by hand."""
    listing = [
        {"id": t.article_id, "original": str(t.original), "kept_at": str(t.kept_at)} for t in moved
    ]
    write_atomic(folder / MANIFEST, json.dumps(listing, indent=2, ensure_ascii=False) + "\n")


def _remove_empty(folder: Path) -> None:
    """Remove ``folder`` and the folders below it if, and only if, they hold no file."""
    for below, _dirs, _files in sorted(os.walk(folder), key=lambda w: -len(w[0])):
        with contextlib.suppress(OSError):
            os.rmdir(below)
