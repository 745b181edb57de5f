"""Crash-safe file writes: a reader sees either the old file or the new one, never half."""

import contextlib
import os
import tempfile
from pathlib import Path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems cannot fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` through a temp file in the same folder, fsync and rename."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _write_temp(path, raw)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def create_atomic(path: Path, data: bytes | str) -> bool:
    """Write a new file only if ``path`` does not exist yet; never replaces an existing file.

    Returns False when the name is taken, so callers can pick another name.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _write_temp(path, raw)
    try:
        os.link(tmp, path)  # link fails with FileExistsError instead of replacing
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)
    return True
