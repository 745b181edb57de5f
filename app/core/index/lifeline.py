"""Helper processes (index build workers, the window's build child) that end with their parent.

Killing ``readmark index --rebuild`` left its two build workers running for ever: they went
on indexing, then blocked writing results to a parent that was gone, and they held the
killed command's stdout open, so ``readmark index --rebuild | tee log`` never ended. A helper
therefore asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``), watches its
parent's pid from a thread where that is not available, and lets go of the inherited
standard streams, which it never writes to (it reports through its queue).
"""

import contextlib
import ctypes
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _ask_kernel(sig: int) -> bool:
    """``prctl(PR_SET_PDEATHSIG, sig)``; False where there is no such call."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    """The portable fallback: an orphan is re-parented, so its parent pid changes."""
    stop = threading.Event()
    while not stop.wait(WATCH_SECONDS):
        if os.getppid() != parent_pid:
            os._exit(1)


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a helper process started by ``parent_pid``."""
    _ask_kernel(signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), daemon=True, name="lifeline").start()


def release_std_streams() -> None:
    """Point stdin, stdout and stderr at the null device, so a pipe the user's command
    writes to ends when the command ends, whatever its helpers are doing."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
