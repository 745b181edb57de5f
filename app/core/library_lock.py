"""The library's write lock: one process at a time issues ids and writes new articles.

Two imports running at once each read the id log, each pick the same free ids and the same
"not yet in the library" texts, and both write: duplicate ids (one article of each pair
hidden) or every article twice. Holding this lock while deciding and writing, and re-reading
the library once it is held, makes the second import see what the first wrote.

``fcntl.flock`` on ``.readmark-lock`` in the library folder: the kernel drops the lock when
its holder dies, so a killed import never leaves the library locked. The holder also clears
staging folders that importers killed mid-write left behind (``atomic.remove_stale_staging``).
"""

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from app.core.atomic import remove_stale_staging

LOCK_FILE = ".readmark-lock"
POLL_SECONDS = 0.05


@contextlib.contextmanager
def library_lock(
    root: Path,
    cancel: Callable[[], bool] | None = None,
    waiting: Callable[[], None] | None = None,
) -> Iterator[bool]:
    """Hold the write lock of the library at ``root``; yields False if ``cancel`` said stop
    while waiting for another process, True once held.

    ``waiting`` is called once when another process holds the lock, so the caller can say
    why nothing moves. A folder that cannot hold a lock file (read-only, missing and not
    creatable) is not locked: nothing can be written there, and the write itself reports why.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield True
        return
    try:
        if not _acquire(fd, cancel, waiting):
            yield False
            return
        remove_stale_staging(root, held_since=time.time())
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(
    fd: int, cancel: Callable[[], bool] | None, waiting: Callable[[], None] | None
) -> bool:
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        if not told and waiting is not None:
            waiting()
        told = True
        if cancel is not None and cancel():
            return False
        time.sleep(POLL_SECONDS)
