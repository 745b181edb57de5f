"""Where the index lives on disk, which schema version wrote it, and whether it is healthy.

The files are the truth, so every doubt about the index (missing, written by another schema
version, a table of contents truncated or zeroed, a segment deleted or garbled, the folder
replaced by a file) is answered the same way: throw it away and rebuild, saying why. Only what
is inside ``<data>/index/`` is ever deleted; anything else found at that path (a file, a
symbolic link) is renamed aside, never removed. A lock left by a crashed process needs
nothing: Whoosh locks with ``flock``, which the system releases when the process dies.
"""

import contextlib
import json
import os
import pickle
import shutil
import struct
import time
import zlib
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.util.filelock import FileLock

from app.core.atomic import write_atomic
from app.core.index.schema import SCHEMA_VERSION, make_schema

VERSION_FILE = "readmark-index.json"
LOCK_NAME = "WRITELOCK"


NO_INDEX = "there was no search index yet"
# What reading garbled index files raises (Whoosh checks little: a bad length or offset
# surfaces as whatever the next step trips over). A programming error (TypeError,
# AttributeError...) is not among them: it must not pass for damage and trigger rebuilds.
DAMAGE_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    LookupError,
    AssertionError,
    ArithmeticError,
    MemoryError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)


def _version_data(index_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((index_dir / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def read_version(index_dir: Path) -> int | None:
    version = _version_data(index_dir).get("schema_version")
    return version if isinstance(version, int) else None


def mark_damaged(index_dir: Path, reason: str) -> None:
    """Remember that reading the index failed after it passed ``problem_with`` (damage deep
    inside a segment), so the next sync, in this process or another, rebuilds it."""
    data = {"schema_version": SCHEMA_VERSION, "damaged": reason[:500]}
    with contextlib.suppress(OSError):
        write_atomic(index_dir / VERSION_FILE, json.dumps(data) + "\n")


def problem_with(index_dir: Path) -> str | None:
    """Why the index at ``index_dir`` cannot be used as it is, or None when it can.

    Never raises: whatever is found at that path, the answer is a reason to rebuild."""
    try:
        return _problem(index_dir)
    except Exception as exc:  # any failure to read it means the index is broken
        return f"the search index is damaged ({type(exc).__name__}: {exc})"


def _problem(index_dir: Path) -> str | None:
    if index_dir.is_symlink() or (index_dir.exists() and not index_dir.is_dir()):
        return f"{index_dir} is not a folder"
    if not index_dir.exists() or not whoosh_index.exists_in(str(index_dir)):
        return NO_INDEX
    data = _version_data(index_dir)
    version = read_version(index_dir)
    if version != SCHEMA_VERSION:
        found = "no version" if version is None else f"version {version}"
        return f"the search index has {found}; this Readmark uses version {SCHEMA_VERSION}"
    if data.get("damaged"):
        return f"the search index was found damaged ({data['damaged']})"
    ix = whoosh_index.open_dir(str(index_dir))
    if sorted(ix.schema.names()) != sorted(make_schema().names()):
        return "the search index was written with other fields than this Readmark uses"
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for field in ("title", "body"):
            next(iter(reader.lexicon(field)), None)
        if reader.doc_count_all():
            last = reader.doc_count_all() - 1
            reader.stored_fields(last)
    return None


def clear(index_dir: Path) -> None:
    """Remove the index folder, which holds only what Readmark derived from the files; a
    file or a link found in its place is not ours to delete, so it is renamed aside."""
    if index_dir.is_symlink() or (index_dir.exists() and not index_dir.is_dir()):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        os.rename(index_dir, index_dir.with_name(f"{index_dir.name}.set-aside-{stamp}"))
    elif index_dir.exists():
        shutil.rmtree(index_dir)


def create_fresh(index_dir: Path) -> FileIndex:
    """An empty index of the current version in place of whatever was there."""
    clear(index_dir)
    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index_dir), make_schema())
    write_atomic(index_dir / VERSION_FILE, json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
    return ix


def open_existing(index_dir: Path) -> FileIndex:
    return whoosh_index.open_dir(str(index_dir))


def someone_writing(index_dir: Path) -> bool:
    """True while another writer (in any process) holds the index lock. Asked after every
    search, so it probes the lock file itself rather than opening the index."""
    path = index_dir / f"MAIN_{LOCK_NAME}"
    if not path.exists():
        return False
    lock = FileLock(str(path))
    try:
        free = lock.acquire(blocking=False)
    except OSError:  # a read-only index folder: no process can be writing it from here
        return False
    if free:
        lock.release()
        return False
    return True
