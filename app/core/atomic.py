"""Crash-safe file writes: a reader sees either the old file or the new one, never half."""

import contextlib
import ctypes
import functools
import os
import shutil
import tempfile
from pathlib import Path

# New files are staged in a hidden folder of the target folder (the same filesystem, so
# they can be linked into place), one subfolder per write named "<pid>-<random>".
STAGING_DIR = ".readmark-staging"
# Older versions staged beside the files, in ".readmark-staging-<pid>-<random>" folders.
STAGING_PREFIX = ".readmark-staging-"
# Folders whose top level was searched for older staging folders by this process.
_SWEPT: set[Path] = set()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems cannot fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@functools.cache
def _default_mode() -> int:
    """The mode a plainly created file gets (0o666 less the umask), not mkstemp's 0o600.

    Read once: reading the umask means setting it, which must not race other threads later.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_temp(path: Path, data: bytes) -> Path:
    """A fsynced temp file beside ``path``, with the mode ``path`` has (or would get)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
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
    """Create many new files in one folder, each complete or absent, never replacing one.

    All contents go to a staging folder in the hidden ``STAGING_DIR`` first (small, so creating
    files there stays fast however big the target folder is), one sync of that filesystem makes them
    durable together, then each is hard-linked to its name (``name-2.md``, ``name-3.md``... when a
    name is taken). Returns the paths used, in order. The staging folder is always removed;
    on an error the files already linked stay, each complete. Its name carries this process's
    id, so when a killed process leaves it behind, ``remove_stale_staging`` can tell.
    """
    if not files:
        return []
    folder = files[0][0].parent
    (folder / STAGING_DIR).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=folder / STAGING_DIR))
    created: list[Path] = []
    try:
        staged: list[Path] = []
        for number, (_path, text) in enumerate(files):
            temp = staging / str(number)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
            staged.append(temp)
        _sync_filesystem(staging, staged)
        for (path, _text), temp in zip(files, staged, strict=True):
            created.append(_link_to_free_name(temp, path))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if created:
        _fsync_dir(folder)
    return created


def remove_stale_staging(folder: Path, held_since: float) -> list[Path]:
    """Remove the staging folders of ``folder`` that no running writer owns; returns them.

    A staging folder is stale when the process named in it is gone, or when it names no
    process and was last changed before the caller took the library lock. One whose process
    still runs is never touched. Called with the library lock held, so no writer that plays
    by the lock can be creating one meanwhile. Only ``STAGING_DIR`` is read at each call:
    reading the whole folder took 125-330 ms at every lock of a 250,000-article library.
    Older versions' staging folders beside the files are looked for once a process.
    """
    removed = _remove_stale(folder / STAGING_DIR, "", held_since)
    if folder not in _SWEPT:
        _SWEPT.add(folder)
        removed += _remove_stale(folder, STAGING_PREFIX, held_since)
    return removed


def _remove_stale(where: Path, prefix: str, held_since: float) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(where) if e.name.startswith(prefix)]
    except OSError:
        return removed
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            owner = _owner(entry.name[len(prefix) :])
            stale = (
                not _is_running(owner)
                if owner is not None
                else entry.stat(follow_symlinks=False).st_mtime < held_since
            )
        except OSError:
            continue
        if stale:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _owner(name: str) -> int | None:
    """The process id in a staging folder's name (``<pid>-<random>``)."""
    pid, _, _rest = name.partition("-")
    return int(pid) if pid.isdigit() else None


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a number no process has): leave it be
    return True


def _sync_filesystem(folder: Path, files: list[Path]) -> None:
    """Flush the filesystem holding ``folder``: Linux ``syncfs``, so a slow USB stick elsewhere
    cannot stall an import as a system-wide ``sync`` would; elsewhere, each file's fsync."""
    syncfs = getattr(_libc(), "syncfs", None)
    if syncfs is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _link_to_free_name(tmp: Path, path: Path) -> Path:
    candidate, n = path, 2
    while True:
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
            continue
        return candidate
