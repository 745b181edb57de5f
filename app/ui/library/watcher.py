"""Edits made outside Readmark appear at once: the core ``FolderWatcher`` on a thread of its
own, its change sets applied by the window with no user action.

A library change re-reads the library and syncs the index through the window's one sync
(the write worker); the window then refreshes the list, re-renders the open article at its
scroll position and re-anchors its highlights. An annotation file written elsewhere (a second
machine through a sync folder) is re-read by the store, which merges by id on its next
write, and shown in the sidebar and the tag library; the index takes it in the same sync.

Change sets arriving while a sync runs wait and are merged, so a burst of 500 files costs
one sync, at most one more. Readmark's own writes are absorbed by state, never by timing
guesses alone: a library file older than the start of the last complete library read, a
deleted file the library no longer lists, an annotation file with the stamp Readmark itself
left after its last write, needs nothing.
"""

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.annotations.files import stamp_of
from app.core.errors import ReadmarkError
from app.core.ops.changes import Changes
from app.core.watch import ChangeSet, FolderWatcher

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

IDLE_MS = 250  # the watcher reports itself ready this soon after the window opens
CLOCK_SLACK_NS = 20_000_000  # file times come from a coarse clock, a few ms behind ours
Stamp = tuple[int, int, int] | None


class ExternalEdits(QObject):
    """Owned by the window; ``stop()`` when it closes."""

    changes_seen = Signal(object)  # ChangeSet, from the watcher thread
    watch_failed = Signal(object)  # the ReadmarkError that ended the watch

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        workspace = window.workspace
        self.watcher = FolderWatcher(workspace.library_dir, workspace.annotations_dir)
        self.pending = ChangeSet()
        self.controller = window.annotations.controller
        self._annotation_stamps: dict[str, Stamp] = {}
        self._told_gone: str | None = None
        self.changes_seen.connect(self._on_changes)
        self.watch_failed.connect(
            lambda exc: window.errors.report(exc, "Edits made outside Readmark show after F5")
        )
        window.index_synced.connect(self._after_sync)
        window.hub.changed.connect(self._after_change)
        self._thread = threading.Thread(target=self._run, name="readmark-watch", daemon=True)
        window.first_painted.connect(self._start)  # a thread start waits for the GIL

    def _start(self) -> None:
        if not self.watcher.stopped:
            self._thread.start()

    @property
    def ready(self) -> bool:
        return self.watcher.ready.is_set()

    def stop(self) -> None:
        """The watcher notices within one settle step; waited for so no signal is emitted
        into a window being destroyed."""
        self.watcher.stop()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        try:
            for changes in self.watcher.changes(idle_ms=IDLE_MS):
                if changes and not self.watcher.stopped:
                    self.changes_seen.emit(changes)
        except ReadmarkError as exc:
            if not self.watcher.stopped:
                self.watch_failed.emit(exc)

    # -- on the GUI thread ---------------------------------------------------------------

    def _on_changes(self, changes: ChangeSet) -> None:
        self.pending = self.pending.then(changes)
        self._apply()

    def _after_change(self, changes: Changes) -> None:
        """An operation of this window landed: the files it wrote need nothing more, and
        what waited behind it is looked at now."""
        for article_id in changes.annotated:
            self._remember_stamp(article_id)
        self._apply()

    def _apply(self) -> None:
        """Act on what waited, unless a sync or a write of our own is still on its way (the
        file may be ours): it is looked at again after that."""
        window = self.window
        if window.syncing or not self.pending or self.watcher.stopped:
            return  # stopped: the window is closing, its workers take no more work
        if not window.tasks.idle():
            QTimer.singleShot(IDLE_MS, self, self._apply)  # a failed write publishes nothing
            return
        changes, self.pending = self.pending, ChangeSet()
        library = self._unread(changes)
        notes = [a for a in sorted(changes.annotations) if self._annotations_moved(a)]
        for article_id in notes:
            self._remember_stamp(article_id)
        window.hub.publish(Changes(annotated=frozenset(notes)))  # each view re-reads its own
        if library or notes:
            self.window.sync_index(reread_library=library)

    def _unread(self, changes: ChangeSet) -> bool:
        """Whether the library in memory misses any of these file changes."""
        read_ns = self.window.library_read_ns - CLOCK_SLACK_NS
        for path in changes.added | changes.changed:
            try:
                if path.stat().st_mtime_ns >= read_ns:
                    return True
            except OSError:  # gone again since: the library may still list it
                return True
        library = self.window.workspace.library
        return bool(library.ids_at(changes.deleted))  # one pass, however many were deleted

    def _annotations_moved(self, article_id: str) -> bool:
        stamp = stamp_of(self.controller.store.path_for(article_id))
        return article_id not in self._annotation_stamps or (
            self._annotation_stamps[article_id] != stamp
        )

    def _remember_stamp(self, article_id: str) -> None:
        """After Readmark's own write (or after taking in someone else's): this file as it is
        now needs nothing more."""
        self._annotation_stamps[article_id] = stamp_of(self.controller.store.path_for(article_id))

    def _after_sync(self, _outcome: object) -> None:
        """The open article's file may have been renamed (same id, new path) or deleted."""
        window = self.window
        current = window.current_article
        if current is not None and current.id in window.workspace.library:
            fresh = window.workspace.library.get(current.id)
            if fresh.path != current.path:
                window.current_article = fresh
            self._told_gone = None
        elif current is not None and self._told_gone != current.id:
            self._told_gone = current.id
            where = current.path.name if current.path is not None else current.id
            window.message_bar.show_message(
                f"The file of “{current.title}” was deleted or moved out of the library "
                f"({where}). Its text stays here until you open another article; "
                "its annotations are kept."
            )
        self._apply()
