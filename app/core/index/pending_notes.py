"""Annotation changes the index has not taken yet, gathered for one commit.

A window saves a highlight in a few milliseconds, but a Whoosh commit after each one took
30-80 ms of interpreter time on the write worker, and waited behind a running build: at 50
highlights in a second the GUI thread shared the interpreter with that worker all along
(issue 11's stall). The window therefore records what each save changed here and lets its
index worker give the index everything recorded so far in one commit when its turn comes
and the saves pause (``take_when_quiet``).
A later change of the same article replaces the earlier one: the index only ever needs an
article's latest tags and notes. Nothing here is the user's data: the annotation files are
saved before they are recorded, and a sync reads them again, so a change left here when
the process ends is late in the index, never lost.
"""

import threading
import time
from collections.abc import Callable

Summaries = dict[str, tuple[list[str], str]]  # article id -> (tags, note text)


# The window's commit waits for a pause in the saves: a commit is 30-80 ms of interpreter
# time, and run beside each highlight's landing and repaint it made the GUI thread wait for
# the interpreter there (50 highlights 20 ms apart with no build running: 26-58 ms stalls,
# issue 11). The landing is painted within ~15 ms of the save and a person highlights at
# most a few times a second, so a pause of ten times that leaves every landing alone; the
# index answers a new tag ~0.2 s after the last save, and a steady stream of saves still
# reaches it every few seconds.
QUIET_S = 0.15
LONGEST_S = 3.0


class PendingNotes:
    """Thread-safe: the write worker adds, the index worker takes."""

    def __init__(self, wake: Callable[[], None]) -> None:
        """``wake`` is called (on the adding thread) when the first change after a take
        arrives: the owner then queues one take on its index worker."""
        self._lock = threading.Condition()
        self._changes: Summaries = {}
        self._first = self._last = 0.0  # when the oldest and the newest waiting came
        self._no_waiting = False
        self._wake = wake

    def add(self, changes: Summaries) -> None:
        with self._lock:
            first = not self._changes
            self._changes.update(changes)
            self._last = time.monotonic()
            if first:
                self._first = self._last
        if first and changes:
            self._wake()

    def take(self) -> Summaries:
        """Everything recorded so far; the next ``add`` wakes the owner again."""
        with self._lock:
            changes, self._changes = self._changes, {}
        return changes

    def take_when_quiet(self, quiet: float = QUIET_S, longest: float = LONGEST_S) -> Summaries:
        """``take``, once no change came for ``quiet`` seconds or the oldest has waited
        ``longest``; blocks the calling thread (the index worker) until then."""
        with self._lock:
            while self._changes and not self._no_waiting:
                left = min(self._last + quiet, self._first + longest) - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return self.take()

    def stop_waiting(self) -> None:
        """From now on a take waits for nothing (the window is closing)."""
        with self._lock:
            self._no_waiting = True
            self._lock.notify_all()
