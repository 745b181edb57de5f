"""Every change a user can make, as one function the CLI and the window both call.

After Anki's collection operations: an operation takes the ``Workspace``, does the change
through the core (files written atomically, the index told), and returns ``Done``: the
value the caller shows plus a ``Changes`` value naming what changed, so the window can
publish it to every view at once instead of one view refreshing another by hand. The CLI
prints ``Done.value``; the window runs the same call on its write worker (never the GUI
thread) and hands ``Done.changes`` to its hub.
"""

from app.core.ops.changes import Changes, Done

__all__ = ["Changes", "Done"]
