"""Where the index lives on disk, which schema version wrote it, and whether it is healthy.

The files are the truth, so every doubt about the index (missing, written by another schema
version, a segment deleted or truncated) is answered the same way: throw it away and rebuild,
saying why. A lock left by a crashed process needs nothing: Whoosh locks with ``flock``, which
the system releases when the process dies.
"""

import json
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.util.filelock import FileLock

from app.core.atomic import write_atomic
from app.core.index.schema import SCHEMA_VERSION, make_schema

VERSION_FILE = "readmark-index.json"
LOCK_NAME = "WRITELOCK"


def read_version(index_dir: Path) -> int | None:
    try:
        data = json.loads((index_dir / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, int) else None


def problem_with(index_dir: Path) -> str | None:
    """Why the index at ``index_dir`` cannot be used as it is, or None when it can."""
    if not whoosh_index.exists_in(str(index_dir)):
        return "there was no search index yet"
    version = read_version(index_dir)
    if version != SCHEMA_VERSION:
        found = "no version" if version is None else f"version {version}"
        return f"the search index has {found}; this Readmark uses version {SCHEMA_VERSION}"
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for field in ("title", "body"):
                next(iter(reader.lexicon(field)), None)
            if reader.doc_count_all():
                last = reader.doc_count_all() - 1
                reader.stored_fields(last)
    except Exception as exc:  # any failure to read it means the index is broken
        return f"the search index is damaged ({type(exc).__name__}: {exc})"
    return None


def create_fresh(index_dir: Path) -> FileIndex:
    """An empty index of the current version in place of whatever was there."""
    if index_dir.exists():
        shutil.rmtree(index_dir)
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
    if lock.acquire(blocking=False):
        lock.release()
        return False
    return True
