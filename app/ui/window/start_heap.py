"""What the start leaves alive is kept out of the collector's way.

A full (oldest-generation) collection walks every object the collector tracks. With a
library, an index and Qt's wrappers loaded, one takes about 40 ms, on whichever thread
happens to allocate at that moment: the GUI thread, mid-highlight, was the longest stall
left in the window (issue 11's stall bench). What the start builds lives as long as the
window, so once the start has settled it is collected once and frozen (``gc.freeze``: a
permanent generation the collector never scans again), the remedy CPython documents for
long-lived heaps. What is made later is still collected as before; a closed window thaws
the heap again, so what it held can go (a test process opens hundreds of windows).
"""

import gc


def freeze_start_heap() -> None:
    """Once, when the start's work has landed: one collection, then the survivors frozen."""
    gc.collect()
    gc.freeze()


def thaw_heap() -> None:
    """The window is closing: what was frozen may be garbage now."""
    gc.unfreeze()
