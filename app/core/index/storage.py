"""Where the index lives on disk, which schema version wrote it, and whether it is healthy.

The files are the truth, so every doubt about the index (missing, written by another schema
version, a table of contents truncated or zeroed, a segment deleted or garbled, the folder
replaced by a file) is answered the same way: throw it away and rebuild, saying why. Only what
is inside ``<data>/index/`` is ever deleted; anything else found at that path (a file, a
symbolic link) is renamed aside, never removed. A lock left by a crashed process needs
nothing: Whoosh locks with ``flock``, which the system releases when the process dies.

Whoosh leaves the files it opened to the garbage collector when reading them fails midway (a
TOC it cannot parse, a segment whose offsets point nowhere, the second segment of a reader
after the first opened): every index is opened here through ``_Storage`` and ``_Index``,
which close what a failed open opened.
"""

import contextlib
import json
import os
import pickle
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.util.filelock import FileLock

from app.core.atomic import write_atomic
from app.core.index.mapped_files import SegmentFile
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


class _Storage(FileStorage):  # type: ignore[misc]
    """A folder of index files that knows which files each thread opened inside
    ``closing_on_error``, so a failed read closes them instead of leaking them."""

    def __init__(self, path: Path) -> None:
        # Whoosh's own map copies each part of a segment into memory; SegmentFile maps
        # without copying, and Whoosh asks it for the parts when it does not map itself.
        super().__init__(str(path), supports_mmap=False)
        self._watch = threading.local()

    def _watching(self) -> list[list[StructFile]]:
        stack: list[list[StructFile]] = self._watch.__dict__.setdefault("stack", [])
        return stack

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        opened: StructFile
        if name.endswith(".seg"):  # parts read from one map (mapped_files.py)
            opened = SegmentFile(open(self._fpath(name), "rb"), name=name, **kwargs)  # noqa: SIM115
        else:
            opened = super().open_file(name, **kwargs)
        for files in self._watching():
            files.append(opened)
        return opened

    @contextlib.contextmanager
    def closing_on_error(self) -> Iterator[None]:
        """Files opened in the block (by this thread, nested blocks included) stay open if it
        succeeds, since its readers use them, and are closed if it raises."""
        stack = self._watching()
        files: list[StructFile] = []
        stack.append(files)
        try:
            yield
        except BaseException:
            for opened in files:
                if not opened.is_closed:
                    opened.close()
            raise
        finally:
            stack.pop()


class _Index(FileIndex):  # type: ignore[misc]
    """Whoosh's FileIndex whose every file-opening step (the TOC read when it is opened and
    each time its schema or segments are asked for, the segment readers behind ``reader()``
    and ``searcher()``) closes the files it opened when it fails."""

    storage: _Storage

    def __init__(self, storage: _Storage, schema: Any = None, indexname: str = "MAIN") -> None:
        with storage.closing_on_error():
            super().__init__(storage, schema=schema, indexname=indexname)

    def _read_toc(self) -> Any:
        with self.storage.closing_on_error():
            return super()._read_toc()

    @classmethod
    def _reader(
        cls, storage: _Storage, schema: Any, segments: Any, generation: int, reuse: Any = None
    ) -> Any:
        # Each attempt of FileIndex.reader's retry loop is guarded on its own.
        with storage.closing_on_error():
            return super()._reader(storage, schema, segments, generation, reuse=reuse)


def segment_reader(store: _Storage, schema: Any, segment: Any) -> SegmentReader:
    """A reader of one segment of an index opened here (to merge small segments into a new
    one at a commit), whose files are closed again if opening it fails."""
    with store.closing_on_error():
        return SegmentReader(store, schema, segment)


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
    if not index_dir.exists():
        return NO_INDEX
    try:
        ix = open_existing(index_dir)
    except whoosh_index.EmptyIndexError:
        return NO_INDEX
    data = _version_data(index_dir)
    version = read_version(index_dir)
    if version != SCHEMA_VERSION:
        found = "no version" if version is None else f"version {version}"
        return f"the search index has {found}; this Readmark uses version {SCHEMA_VERSION}"
    if data.get("damaged"):
        return f"the search index was found damaged ({data['damaged']})"
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
    ix = _Index.create(_Storage(index_dir), make_schema())
    write_atomic(index_dir / VERSION_FILE, json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
    return ix


def open_existing(index_dir: Path) -> FileIndex:
    """The index in ``index_dir``; raises what Whoosh raises for a missing or damaged one
    (``DAMAGE_ERRORS``, ``EmptyIndexError``), with every file it opened closed again."""
    return _Index(_Storage(index_dir))


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
