"""Keeps the window's library list and search index caught up with the library's files.

A start from the library's snapshot lists it on a read thread once the window shows, then
``start`` catches the library up with its files on the write worker, shows the list, and
syncs the index on the index worker (a full build in a process of its own): a build of
minutes never holds a highlight's save back, which waits for the write worker only. Each
later sync (an edit, an import, the folder watcher, the menu) re-reads and syncs the same
way. The list gets a snapshot (``ListColumns``) taken on the worker, never the ``Library``
a worker may be changing. Syncs asked for while one runs fold into one more.
"""

import time
from typing import TYPE_CHECKING

from app.core.index import SyncReport
from app.core.library_scan import Scan, scan_library
from app.ui.library.list_columns import ListColumns
from app.ui.tasks.index_process import build_in_child
from app.ui.tasks.workers import CancelFlag, ProgressRelay
from app.ui.window.message_bar import SYNC, sentence
from app.ui.window.start_heap import freeze_start_heap

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

FULL_BUILD = ("missing", "broken")  # index states that mean a build from scratch


class LibrarySync:
    """The window's syncs: at most one runs; ``cancel`` stops it when the window closes."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.running: CancelFlag | None = None
        self._again: bool | None = None  # asked while one ran: None, or re-read or not
        self.library_read_ns = 0  # when the last complete library read began (time.time_ns)
        self._heap_frozen = False

    def listed(self) -> ListColumns:
        """On a worker: the library as the list shows it."""
        return ListColumns(self.window.workspace.library.articles())

    def list_at_start(self) -> None:
        """The list of a library opened from its snapshot, made on a read thread (the
        library swaps its table whole, so a reader sees one state): the write worker is busy
        with the panes' start-up jobs (version clusters: 2 s at 250,000 articles), and making
        it during the window's construction slowed the window by a second. A re-read that
        landed first has shown a newer list, which this one does not replace."""
        window = self.window

        def show(columns: ListColumns) -> None:
            if not window.library_listed:
                window.reload_library(columns)

        window.tasks.run_read(self.listed, show, window.errors.report)

    def start(self) -> None:
        """The sync a start runs once the window shows. A workspace opened from its snapshot
        (``verify_library=False``: 0.5 s instead of 3 s at 250,000 articles) is caught up
        with its files first, and the list is redrawn only if they differ from it."""
        self.run(reread_library=not self.window.workspace.library.verified, catching_up=True)

    def run(self, reread_library: bool = True, catching_up: bool = False) -> None:
        """Re-read the library and bring the index up to date, off the GUI thread.

        A re-read hands the list a fresh snapshot, except when ``catching_up`` and the
        files matched the snapshot already shown (a window's own writes change the library
        in memory, so after them the list is always redrawn).
        """
        if self.running is not None:
            self._again = bool(self._again) or reread_library
            return
        window, workspace = self.window, self.window.workspace
        cancel = CancelFlag()
        self.running = cancel
        relay = ProgressRelay(window)
        relay.progress.connect(window.status.set_index_progress)
        relay.progress.connect(self.show_activity)
        window.status.begin_index_work(workspace.index.state().status in FULL_BUILD)
        self.show_activity()

        def read_library() -> tuple[Scan | None, ListColumns | None, int]:
            began = time.time_ns()
            files = scan_library(workspace.library_dir) if reread_library else None
            redraw = reread_library and (workspace.library.refresh(files) or not catching_up)
            return files, self.listed() if redraw else None, began

        def index(files: Scan | None) -> SyncReport:
            if workspace.index.state().status in FULL_BUILD:
                return build_in_child(workspace.library_dir, workspace.data_dir, relay, cancel)
            # one scan of the folder for the library and the index
            return workspace.index.sync(progress=relay, cancel=cancel, files=files)

        def read(outcome: tuple[Scan | None, ListColumns | None, int]) -> None:
            files, articles, began = outcome
            if reread_library:
                self.library_read_ns = began  # what ExternalEdits takes as already read
            self._show_library(articles)
            if cancel:  # the window is closing: the next start syncs
                self._done(SyncReport(cancelled=True))
                return
            window.tasks.run_index(lambda: index(files), self._done, self._failed)

        window.tasks.run_write(read_library, read, self._failed)

    def show_activity(self, *_progress: object) -> None:
        self.window.search_pane.set_index_activity(self.window.status.activity_text())

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def _done(self, report: SyncReport) -> None:
        window = self.window
        self.running = None
        window.search_pane.set_index_activity("")
        window.message_bar.resolve(SYNC)
        window.status.set_index_state(sentence(report.summary))
        if report.problems:
            window.message_bar.show_message(
                f"{len(report.problems)} files could not be indexed: "
                + "; ".join(report.problems[:3]),
                topic=SYNC,
            )
        self._search_again()
        window.index_synced.emit(report)
        self._settled()
        self._queued()

    def _failed(self, exc: BaseException) -> None:
        window = self.window
        self.running = None
        window.search_pane.set_index_activity("")
        window.status.set_index_state("Search index not updated")
        window.errors.report(exc, "Updating the search index", topic=SYNC)
        self._search_again()
        window.index_synced.emit(exc)
        self._settled()
        self._queued()

    def _settled(self) -> None:
        """The start's sync was the last of its work: what it left alive is frozen."""
        if not self._heap_frozen:
            self._heap_frozen = True
            freeze_start_heap()

    def _queued(self) -> None:
        """One more sync when changes came while the last one ran (however many came)."""
        again, self._again = self._again, None
        if again is not None:
            self.run(reread_library=again)

    def _show_library(self, articles: ListColumns | None) -> None:
        """Show what the library read found as soon as it is read, before the index
        catches up. Only a re-read changes the library; an index sync alone leaves the
        (possibly 250,000-row) list as it is."""
        window = self.window
        if articles is not None:
            window.reload_library(articles)
        current = window.current_article
        library = window.workspace.library
        if current is not None and current.id in library:
            fresh = library.get(current.id)
            if fresh.body != current.body or fresh.title != current.title:
                fraction = window.reader.scroll_fraction()
                window.open_article(fresh.id)
                window.reader.set_scroll_fraction(fraction)

    def _search_again(self) -> None:
        if self.window.search_pane.query():
            self.window.search_pane.run_now()
