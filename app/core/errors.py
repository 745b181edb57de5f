"""One exception hierarchy, so the UI and the CLI each have a single place that turns an
error into a message for the user."""

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
