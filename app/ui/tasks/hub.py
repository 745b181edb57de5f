"""One signal for "the user's data changed", so no view refreshes another by hand.

After Anki's ``operation_did_execute``: every operation the window runs (``runner.py``)
ends by publishing its ``Changes`` here, on the GUI thread, and every view that shows part
of the user's data listens and refreshes ITSELF from what it owns (the library list from
``articles``/``article_set``, the reader and sidebar from ``annotated``, the tag library from
``annotated``/``codebook``, the saved searches from ``saved_searches``; ``index`` makes the
window queue one sync). A new view subscribes here; nobody has to learn to call it.
"""

from PySide6.QtCore import QObject, Signal

from app.core.ops.changes import Changes


class ChangesHub(QObject):
    """Publishes what one finished operation changed; lives on the GUI thread."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        """Called by the runner (and by whoever takes in changes made outside the window,
        such as another process's writes): empty changes are not published."""
        if changes:
            self.changed.emit(changes)
