"""The annotation file of one article on disk: read, validate, lock, write, set aside.

Kept apart from the store's operations because this is where data safety lives: every write
goes through ``write_atomic`` under an exclusive ``fcntl`` lock, and a file that does not
parse or does not have our shape is renamed to ``<name>.corrupt-<timestamp>`` (never
overwritten, never deleted) so the user can recover it by hand.
"""

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.annotations.model import Annotation, ShapeError, from_w3c, to_w3c
from app.core.atomic import write_atomic
from app.core.errors import CorruptFile, InvalidInput
from app.core.ids import id_problem, shown
from app.core.json_input import parse_json

FORMAT = "readmark-annotations"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Far above any article's annotations (5,000 highlights with long notes are ~10 MB)."""


def file_name(article_id: str) -> str:
    """The file of an article's annotations; ids that break the id rule (``app.core.ids``),
    and so could name a path outside the folder, are refused."""
    problem = id_problem(article_id)
    if problem is not None:
        raise InvalidInput(
            f"article id {shown(article_id)} cannot name an annotation file ({problem})"
        )
    return f"{article_id}.json"


def parse_document(raw: bytes, article_id: str) -> list[Annotation]:
    """The annotations of a file's bytes; ShapeError or ValueError says what is wrong."""
    data: Any = parse_json(raw, max_bytes=MAX_FILE_BYTES)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ShapeError(f'not a Readmark annotation file (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ShapeError(f"version {data.get('version')!r} is not {VERSION}")
    if data.get("article") != article_id:
        raise ShapeError(f"its \"article\" is {data.get('article')!r}, not '{article_id}'")
    items = data.get("annotations")
    if not isinstance(items, list):
        raise ShapeError('"annotations" is not a list')
    annotations = [from_w3c(item, article_id) for item in items]
    if len({a.id for a in annotations}) != len(annotations):
        raise ShapeError("two annotations share one id")
    return annotations


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def render_document(article_id: str, annotations: list[Annotation]) -> str:
    """The file: its header on the first line, then one annotation per line. Each part goes
    through json's C encoder; with ``indent`` json falls back to its Python encoder, which
    was 2.5 ms of a highlight's 4 ms of interpreter time at 50 highlights, all of it taken
    from the GUI thread (issue 11). A line per annotation still reads and diffs well."""
    header = _ENCODE({"format": FORMAT, "version": VERSION, "article": article_id})
    items = ",\n".join(_ENCODE(to_w3c(a)) for a in annotations)
    listed = f"[\n{items}\n]" if items else "[]"
    return f'{header[:-1]},\n"annotations": {listed}}}\n'


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the article's lock file exclusively, so read-change-write is never interleaved
    with another process; the lock dies with the process, so a crash never leaves it held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def set_aside(path: Path, reason: str) -> CorruptFile:
    """Rename an unreadable file out of the way, keeping every byte of it."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.rename(path, target)
    return CorruptFile(path, reason, moved_to=target)


def read_file(path: Path, article_id: str) -> list[Annotation]:
    """The annotations in ``path`` ([] when there is none); raises ValueError (``BadJson``,
    ``ShapeError``) when broken, which the store answers by setting the file aside."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a huge file is refused, never loaded
    except FileNotFoundError:
        return []
    return parse_document(raw, article_id)


def write_file(path: Path, article_id: str, annotations: list[Annotation]) -> None:
    """Called with the article's lock held, so any temp file of this name left in the folder
    belongs to a writer that died mid-save: it is removed (the real file never was touched)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    write_atomic(path, render_document(article_id, annotations))


def stamp_of(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced, for the store's read cache."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size
