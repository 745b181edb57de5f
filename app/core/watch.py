"""Edits made outside Readmark: watch the library and annotation folders, hand out what changed.

Both the window and ``readmark index --watch`` use this, so it is plain Python with no Qt.
Built on ``watchfiles`` (Rust ``notify``): it watches folders, not files (one inotify watch
per folder, so a flat 23,803-file library costs one watch where a watch per file would need
23,803 and hit the limit of many systems), and it batches events itself: a sync tool writing
500 files arrives as one change set. docs/benchmarks.md ("Watching the folders") has the
figures that chose it over ``watchdog`` and Qt's ``QFileSystemWatcher``.

A change set says what each path *is now*, not the raw events that led there: an editor that
saves by writing a temporary file and renaming it over the article shows as one change of
the article. A path gone at the end of a batch is reported deleted even if it was also made
in it: a deletion of a file nobody knew costs a consumer nothing, a missed one a stale view.
"""

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, watch

from app.core.errors import ReadmarkError, os_reason

SETTLE_MS = 100  # a batch ends once no event came for this long (also how fast stop() acts)
MAX_BATCH_MS = 1600  # ... or after this long, so a sync that never pauses still shows
ARTICLE_SUFFIX = ".md"
ANNOTATION_SUFFIX = ".json"


class WatchUnavailable(ReadmarkError):
    """The folders cannot be watched (missing, unreadable, or the system's watch limit);
    edits made outside Readmark then show after a manual refresh."""


@dataclass(frozen=True)
class ChangeSet:
    """Library files added, changed or deleted (a rename is a delete plus an add) and the
    article ids whose annotation file was written, created or removed."""

    added: frozenset[Path] = frozenset()
    changed: frozenset[Path] = frozenset()
    deleted: frozenset[Path] = frozenset()
    annotations: frozenset[str] = frozenset()

    @property
    def library(self) -> frozenset[Path]:
        return self.added | self.changed | self.deleted

    def __bool__(self) -> bool:
        return bool(self.library or self.annotations)

    def then(self, later: "ChangeSet") -> "ChangeSet":
        """This set followed by ``later``: the later state of a path wins, but a file added
        and then changed is still new."""
        added = (self.added - later.deleted) | later.added
        changed = ((self.changed - later.deleted) | later.changed) - added
        deleted = (self.deleted - later.added - later.changed) | later.deleted
        return ChangeSet(
            frozenset(added),
            frozenset(changed),
            frozenset(deleted),
            self.annotations | later.annotations,
        )

    def describe(self) -> str:
        parts = [
            f"{len(paths)} {word}"
            for paths, word in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.deleted, "deleted"),
                (self.annotations, "annotation files"),
            )
            if paths
        ]
        return ", ".join(parts) or "nothing"


class FolderWatcher:
    """Yields change sets for a library folder (``*.md`` below it, hidden names skipped, as
    the Library reads it) and an annotation folder (``<article-id>.json`` directly in it),
    until ``stop()`` is called from any thread."""

    def __init__(
        self,
        library_dir: Path,
        annotations_dir: Path | None = None,
        *,
        settle_ms: int = SETTLE_MS,
        max_batch_ms: int = MAX_BATCH_MS,
    ) -> None:
        self.library_dir = Path(os.path.realpath(library_dir))
        self.annotations_dir = (
            Path(os.path.realpath(annotations_dir)) if annotations_dir is not None else None
        )
        self.settle_ms = settle_ms
        self.max_batch_ms = max_batch_ms
        self._stop = threading.Event()
        self.ready = threading.Event()  # set at the first batch or idle tick: watching by then

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def folders(self) -> list[Path]:
        """The folders watched; the annotation folder is made if missing (the store makes it
        on its first write anyway), so a first annotation from elsewhere is seen too."""
        if not self.library_dir.is_dir():
            raise WatchUnavailable(f"{self.library_dir}: the library folder is not there")
        folders = [self.library_dir]
        if self.annotations_dir is not None:
            try:
                self.annotations_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                why = os_reason(exc, writing=True)
                raise WatchUnavailable(
                    f"{self.annotations_dir}: cannot make the annotation folder ({why})"
                ) from None
            if not self.annotations_dir.is_relative_to(self.library_dir):
                folders.append(self.annotations_dir)
        return folders

    def changes(self, idle_ms: int | None = None) -> Iterator[ChangeSet]:
        """Blocks between batches. With ``idle_ms``, an empty set is yielded after that long
        without changes, so a caller can retry work that could not be done (an index another
        process was writing). Returns once stopped; a Ctrl+C in the main thread raises
        KeyboardInterrupt unless the caller installed its own SIGINT handler."""
        folders = self.folders()
        try:
            batches = watch(
                *folders,
                watch_filter=self._wanted,
                debounce=self.max_batch_ms,
                step=self.settle_ms,
                stop_event=self._stop,
                rust_timeout=idle_ms or 0,
                yield_on_timeout=idle_ms is not None,
                raise_interrupt=True,
                ignore_permission_denied=True,
            )
            for raw in batches:
                self.ready.set()
                yield self.classify(raw)
        except (OSError, RuntimeError) as exc:  # notify's errors: gone folder, watch limit
            raise WatchUnavailable(f"cannot watch {self.library_dir}: {exc}") from None

    def _wanted(self, _change: Change, path: str) -> bool:
        return self._article(path) is not None or self._annotation(path) is not None

    def _article(self, path: str) -> Path | None:
        name = os.path.basename(path)
        if not name.endswith(ARTICLE_SUFFIX):
            return None
        found = Path(path)
        try:
            parts = found.relative_to(self.library_dir).parts
        except ValueError:
            return None
        return None if any(part.startswith(".") for part in parts) else found

    def _annotation(self, path: str) -> str | None:
        folder = self.annotations_dir
        name = os.path.basename(path)
        if folder is None or name.startswith(".") or not name.endswith(ANNOTATION_SUFFIX):
            return None
        if os.path.dirname(path) != str(folder):
            return None
        return name[: -len(ANNOTATION_SUFFIX)]

    def classify(self, raw: Iterable[tuple[Change, str]]) -> ChangeSet:
        """What each reported path is now: there and new, there and changed, or gone."""
        created: set[str] = set()
        paths: set[str] = set()
        for change, path in raw:
            paths.add(path)
            if change == Change.added:
                created.add(path)
        added: set[Path] = set()
        changed: set[Path] = set()
        deleted: set[Path] = set()
        annotations: set[str] = set()
        for path in paths:
            article_id = self._annotation(path)
            if article_id is not None:
                annotations.add(article_id)
                continue
            article = self._article(path)
            if article is None:
                continue
            if os.path.isfile(path):
                (added if path in created else changed).add(article)
            else:
                deleted.add(article)
        return ChangeSet(
            frozenset(added), frozenset(changed), frozenset(deleted), frozenset(annotations)
        )
