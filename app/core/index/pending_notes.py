"""Annotation changes the index has not taken yet, gathered for one commit.

A window saves a highlight in a few milliseconds, but a Whoosh commit after each one took
30-80 ms of interpreter time on the write worker, and waited behind a running build: at 50
highlights in a second the GUI thread shared the interpreter with that worker all along
(issue 11's stall). The window therefore records what each save changed here and lets its
index worker give the index everything recorded so far in one commit when its turn comes.
A later change of the same article replaces the earlier one: the index only ever needs an
article's latest tags and notes. Nothing here is the user's data: the annotation files are
saved before they are recorded, and a sync reads them again, so a change left here when
the process ends is late in the index, never lost.
"""

import threading
from collections.abc import Callable

Summaries = dict[str, tuple[list[str], str]]  # article id -> (tags, note text)


class PendingNotes:
    """Thread-safe: the write worker adds, the index worker takes."""

    def __init__(self, wake: Callable[[], None]) -> None:
        """``wake`` is called (on the adding thread) when the first change after a take
        arrives: the owner then queues one take on its index worker."""
        self._lock = threading.Lock()
        self._changes: Summaries = {}
        self._wake = wake

    def add(self, changes: Summaries) -> None:
        with self._lock:
            first = not self._changes
            self._changes.update(changes)
        if first and changes:
            self._wake()

    def take(self) -> Summaries:
        """Everything recorded so far; the next ``add`` wakes the owner again."""
        with self._lock:
            changes, self._changes = self._changes, {}
        return changes
