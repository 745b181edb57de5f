"""One signal for "the user's data changed", so no view refreshes another by hand.

After Anki's ``operation_did_execute``: every operation the window runs (``runner.py``)
ends by publishing its ``Changes`` here, on the GUI thread, and every view that shows part
of the user's data listens and refreshes ITSELF from what it owns (the library list from
``articles``/``article_set``, the reader and sidebar from ``annotated``, the tag library from
``annotated``/``codebook``, the saved searches from ``saved_searches``; ``index`` makes the
window queue one sync). A new view subscribes here; nobody has to learn to call it.

Changes published within one turn of the event loop go out as ONE ``changed`` (their union,
``Changes.__or__``): when the GUI thread was busy, several writes' landings queue and arrive
together, and each refreshing every view was what stalled the window (issue 11). What must
follow a publish (the caller's ``on_done``) waits in ``after`` until the views have it.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.ops.changes import Changes

GATHER_MS = 0  # the next turn of the event loop: every landing already queued joins in


class ChangesHub(QObject):
    """Publishes what finished operations changed; lives on the GUI thread."""

    changed = Signal(object)  # Changes

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gathered = Changes()
        self._then: list[Callable[[], object]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self.flush)
        self.published = 0  # how many ``changed`` went out (tests count refreshes by it)
        self._holds = 0  # views still reading what the last changes need

    def publish(self, changes: Changes) -> None:
        """Called by the runner (and by whoever takes in changes made outside the window,
        such as another process's writes): gathered until the loop's next turn; empty
        changes are not published."""
        if changes:
            self._gathered = self._gathered | changes
            self._timer.start()

    def after(self, call: Callable[[], object]) -> None:
        """Run ``call`` once the changes published before it have reached every view (at
        once when none are waiting), so callbacks keep the order their writes landed in."""
        if self.pending():
            self._then.append(call)
        else:
            call()

    def pending(self) -> bool:
        """Changes or callbacks still waiting, or a view still reading for them."""
        return bool(self._gathered) or bool(self._then) or self._holds > 0

    def hold(self) -> Callable[[], None]:
        """A view that reads what it shows off the GUI thread holds the callbacks back until
        it has shown it (``on_done`` selects the new card, an undo scrolls to it): call the
        returned function once shown (or failed); calling it again does nothing."""
        self._holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._holds -= 1
                self._run_then()

        return release

    def flush(self) -> None:
        """Send what was gathered now (the timer does; a test reading views may too)."""
        self._timer.stop()
        changes, self._gathered = self._gathered, Changes()
        if changes:
            self.published += 1
            self.changed.emit(changes)
        self._run_then()

    def _run_then(self) -> None:
        while self._then and not self._holds and not self._gathered:
            self._then.pop(0)()
