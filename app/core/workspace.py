"""The one entry point of the core: a library folder plus a data folder."""

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import platformdirs

from app.core.annotations import AnnotationStore
from app.core.annotations.rename import RENAME_JOURNAL
from app.core.index import SearchIndex
from app.core.index.pending_notes import PendingNotes, Summaries
from app.core.installed import installed_share_dir
from app.core.library import Library

APP_NAME = "Readmark"
SOURCE_LIBRARY = Path(__file__).resolve().parents[2] / "library"


def bundled_library_dir() -> Path:
    """The library shipped with Readmark: inside a frozen bundle, beside the package (source
    tree), or under ``<prefix>/share/readmark`` after ``pip install .``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "library"
    if SOURCE_LIBRARY.is_dir():
        return SOURCE_LIBRARY
    return installed_share_dir("library") or SOURCE_LIBRARY


def default_library_dir(data_dir: Path) -> Path:
    """``$READMARK_LIBRARY``, otherwise ``<data>/library``, started as a copy of the shipped
    articles. The same in a source checkout, an installed copy and the bundle: the install
    folder may be read-only, and a checkout's tracked ``library/`` must never receive the
    user's imports (they would show up as untracked files and change what the tests see)."""
    env = os.environ.get("READMARK_LIBRARY")
    if env:
        return Path(env).expanduser()
    own = data_dir / "library"
    if not own.exists():
        seed_library(bundled_library_dir(), own)
    return own


def seed_library(shipped: Path, target: Path) -> None:
    """Copy the shipped articles into a new library folder, all or nothing: a half copy
    would look like a library whose articles were deleted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".library-", dir=target.parent))
    try:
        if shipped.is_dir():
            shutil.copytree(shipped, staging, dirs_exist_ok=True)
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.is_dir():
            raise


def default_data_dir() -> Path:
    env = os.environ.get("READMARK_DATA")
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME))


class Workspace:
    """Opens a library and a data folder and hands out what lives in them.

    A plain object and a context manager: settings are passed in, nothing is global.
    """

    def __init__(
        self,
        library_dir: Path | None = None,
        data_dir: Path | None = None,
        verify_library: bool = True,
    ) -> None:
        """``verify_library=False`` opens the library from its snapshot without scanning
        its files (``Library(verify=False)``): for a window that refreshes it on a worker."""
        self.data_dir = (data_dir or default_data_dir()).expanduser().resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        chosen = library_dir or default_library_dir(self.data_dir)
        self.library_dir = chosen.expanduser().resolve()
        self.library = Library(
            self.library_dir,
            reserved_ids=self._ids_with_annotations,
            cache_file=self.data_dir / "cache" / "library.marshal",
            verify=verify_library,
        )
        self._index: SearchIndex | None = None
        self._annotations: AnnotationStore | None = None
        self._pending: PendingNotes | None = None  # see defer_annotation_index
        self.finish_interrupted_work()

    @property
    def annotations_dir(self) -> Path:
        return self.data_dir / "annotations"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def index(self) -> SearchIndex:
        """Opened on first use: listing or showing an article needs no index."""
        if self._index is None:
            self._index = SearchIndex(
                self.index_dir, self.library, annotations_dir=self.annotations_dir
            )
        return self._index

    @property
    def annotations(self) -> AnnotationStore:
        """Opened on first use; each change updates the article's tags and notes in the index."""
        if self._annotations is None:
            self._annotations = AnnotationStore(
                self.annotations_dir, self.library, on_changes=self._annotations_changed
            )
        return self._annotations

    def _annotations_changed(self, changes: dict[str, tuple[list[str], str]]) -> None:
        """The index takes tags and notes at once (one commit however many articles) when
        it can, or later when deferred. When it cannot (no index yet, another process
        writing), the next sync reads the annotation files, whose modification times it
        records, so a change is only late, never lost."""
        if self._pending is not None:
            self._pending.add(changes)
        else:
            self.index.update_many_annotations(changes)

    def defer_annotation_index(self, wake: Callable[[], None]) -> None:
        """For the window: an annotation save records what the index must take instead of
        committing it (``index/pending_notes.py``), and ``wake`` (called on the saving
        thread) asks the caller to run ``index_annotations`` on its index worker. The CLI
        leaves this off: each command's saves reach the index before it exits."""
        self._pending = PendingNotes(wake)

    def index_annotations(self, *, when_quiet: bool = False) -> frozenset[str]:
        """Give the index every annotation change recorded since the last call, in one
        commit; returns the articles whose search documents may have changed.
        ``when_quiet``: first wait (on the calling thread) for a pause in the saves
        (``PendingNotes.take_when_quiet``), as the window's index worker does."""
        pending = self._pending
        if pending is None:
            changes: Summaries = {}
        else:
            changes = pending.take_when_quiet() if when_quiet else pending.take()
        if changes:
            self.index.update_many_annotations(changes)
        return frozenset(changes)

    def finish_interrupted_work(self) -> None:
        """Complete what a killed process left half done: a tag rename (see rename.py)."""
        if (self.data_dir / RENAME_JOURNAL).exists():
            self.annotations.finish_interrupted()

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def _ids_with_annotations(self) -> set[str]:
        """Ids that still own annotations must never be handed to a new article."""
        folder = self.annotations_dir
        if not folder.is_dir():
            return set()
        return {p.stem for p in folder.glob("*.json")}

    def stop_waiting_for_quiet(self) -> None:
        """The window is closing: a commit waiting for a pause in the saves goes now."""
        if self._pending is not None:
            self._pending.stop_waiting()

    def close(self) -> None:
        """Release what the workspace opened, after the index has taken the annotation
        changes still recorded (a save made as the window closed); safe to call twice."""
        self.stop_waiting_for_quiet()
        self.index_annotations()  # opens no index when nothing is recorded
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
