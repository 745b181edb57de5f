"""One exception hierarchy, so the UI and the CLI each have a single place that turns an
error into a message for the user."""

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path


class ReadmarkError(Exception):
    """Base of every error Readmark reports to the user in plain words."""


class ImportFailed(ReadmarkError):
    """An input file could not be turned into an article."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class CorruptFile(ReadmarkError):
    """A file we own could not be parsed; it is set aside, never overwritten."""

    def __init__(self, path: Path | str, reason: str, moved_to: Path | None = None) -> None:
        where = f" (set aside as {moved_to.name})" if moved_to else ""
        super().__init__(f"{path}: {reason}{where}")
        self.path = Path(path)
        self.reason = reason
        self.moved_to = moved_to


class NotFound(ReadmarkError):
    """An article, annotation or tag that the caller named does not exist."""


class IndexBusy(ReadmarkError):
    """Another process is updating the search index right now."""


class InvalidQuery(ReadmarkError):
    """A search query that cannot be parsed; the message says how to write it."""


class InvalidInput(ReadmarkError):
    """A value given by the user (colour, range, field) is not acceptable."""


class ExportFailed(ReadmarkError):
    """An export could not be written where the user asked; nothing was half-written."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class DiskProblem(ReadmarkError):
    """A folder Readmark needed could not be written or read: a read-only disk, a full disk,
    no permission. Its message is one sentence naming the folder and what to do, because the
    user can act on the folder, not on an errno."""

    def __init__(self, folder: Path, code: int | None, message: str) -> None:
        super().__init__(message)
        self.folder = folder
        self.errno = code


_WHY = {
    errno.EROFS: ("it is on a read-only disk", "make the disk writable or use another folder"),
    errno.ENOSPC: ("the disk is full", "free some space on it and try again"),
    errno.EDQUOT: ("your disk quota there is used up", "free some space and try again"),
    errno.EFBIG: ("the file grew too large for that disk", "use a folder on another disk"),
    errno.EACCES: ("permission denied: Readmark may not {verb} {it}", "give your user access"),
    errno.EPERM: ("permission denied: Readmark may not {verb} {it}", "give your user access"),
    errno.EIO: ("the disk reported an input/output error", "check the disk"),
    errno.ENOENT: ("it does not exist (any more)", "check that its disk is mounted"),
    errno.ENOTDIR: ("a file stands where a folder should be", "move that file away"),
}


def folder_of(exc: OSError) -> Path | None:
    """The folder an OS error happened in, from the file name the error carries."""
    if exc.filename is None:
        return None
    path = Path(os.fsdecode(exc.filename))
    return path if path.is_dir() else path.parent


def os_reason(exc: OSError, *, writing: bool = False, it: str = "it") -> str:
    """The cause of an OS error in plain lower-case words, without a file name."""
    why = _WHY.get(exc.errno or 0)
    if why is None:
        return (exc.strerror or str(exc)).lower()
    return why[0].format(verb="write" if writing else "read", it=it)


def os_problem(exc: OSError, folder: Path | None = None, *, doing: str = "save") -> DiskProblem:
    """The one wording of an OS error for the user (CLI line, window message bar).

    ``doing`` is the verb of what failed ("save", "read", "import into"); reading never
    changes anything, and every write of ours is atomic, so a failed write leaves what was
    saved before exactly as it was, and the sentence says so.
    """
    place = folder or folder_of(exc)
    writing = doing != "read"
    where = f" in {place}" if place is not None else ""
    why = _WHY.get(exc.errno or 0)
    reason = os_reason(exc, writing=writing, it="there")
    advice = why[1] if why is not None else "check the folder and try again"
    kept = "; nothing saved before was changed" if writing else ""
    message = f"could not {doing}{where}: {reason}{kept} ({advice})"
    return DiskProblem(place or Path("."), exc.errno, message)


@contextlib.contextmanager
def writing_in(folder: Path, doing: str = "save") -> Iterator[None]:
    """Word any OS error raised inside as a ``DiskProblem`` about ``folder``: a full disk
    reports no file name, so only the caller knows which folder was being written."""
    try:
        yield
    except OSError as exc:
        raise os_problem(exc, folder, doing=doing) from exc
