"""How soon the GUI thread gets the interpreter back from a busy worker.

The write worker and the search pool run Python for tens of ms at a time (JSON, anchoring,
an index commit), and only one thread runs Python at once. Qt calls the GUI thread's Python
(a timer, a queued result, ``paintEvent``, a delegate's ``sizeHint``) from its event loop,
which runs with the interpreter lock released; each such call must take the lock back, and
CPython makes a thread that holds it give it up only after the switch interval, 5 ms by
default (a throughput setting for servers). A landing re-enters Python a few times per turn,
so the GUI waited 5 ms several times over: the longest event-loop gaps while highlighting
during a rebuild were 17-24 ms with 5-9 ms of the GUI's own work (issue 11's stall bench).

At 1 ms a frame holds at most a few ms of waiting; the workers lose nothing measurable (the
switches cost microseconds, and only happen while another thread is waiting). Set by the one
``TaskManager`` that starts the worker threads, so whatever runs them beside a GUI gets it.
"""

import sys

GUI_SWITCH_INTERVAL_S = 0.001


def hand_back_sooner() -> None:
    """A worker holding the interpreter yields it to a waiting thread within 1 ms (never
    raised above what someone set lower)."""
    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
