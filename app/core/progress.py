"""The one shape of progress and cancel across the core.

Long work (an import, an index build, an export) reports ``progress(done, total, what)``
as often as it likes and polls ``cancel()`` between units of work; neither may raise or
block. The CLI passes a line on stderr, the window a relay that becomes a Qt signal, the
tests a list. ``what`` may be empty.
"""

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
