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


def create_many_atomic(files: list[tuple[Path, str]]) -> list[Path]:
    """Create many new files, each complete or absent, never replacing an existing file.

    All contents go to temp files first, one ``os.sync`` makes them durable together, then
    each is linked to its name (``name-2.md``, ``name-3.md``... when a name is taken).
    Returns the paths used, in order. On any error the temp files are removed and the files
    already linked stay, each complete.
    """
    temps: list[Path] = []
    created: list[Path] = []
    try:
        for path, text in files:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append(Path(tmp_name))
            os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide articles from other readers
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
        os.sync()
        for (path, _text), temp in zip(files, temps, strict=True):
            created.append(_link_to_free_name(temp, path))
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    if created:
        _fsync_dir(created[0].parent)
    return created


def _link_to_free_name(tmp: Path, path: Path) -> Path:
    candidate, n = path, 2
    while True:
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
            continue
        return candidate
