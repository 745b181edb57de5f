"""The scored matches of recently searched terms and phrases, kept for the index generation
they were scored on.

Searching as one types runs the same terms again at every key press ("comp" then "compa":
the 80 terms of ``comp*`` were read, decoded and scored each time, half of a 25 ms prefix
search; 28% of it reading the postings alone). A term's matches and BM25F scores depend
only on the generation (its documents, deletions, idf and average lengths), so they are
kept until the searcher is refreshed, in a least-recently-used store bounded in bytes. The
arrays are made read-only, so no caller can change what the next search gets. Searches run
on several threads at once (generations.py): the store's bookkeeping is done under a lock,
the scoring outside it (two threads missing one term both score it; either result is kept).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

MAX_BYTES = 32 * 1024 * 1024  # ~12 terms in every article of a 250,000-article library
LARGEST_SHARE = 4  # one term's matches may fill at most a quarter of it


class Scored(Protocol):
    ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]


M = TypeVar("M", bound=Scored)


class TermCache(Generic[M]):
    """(field, term bytes) -> matches of one generation; ``clear`` at every new one."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[str, bytes], M] = OrderedDict()
        self.bytes = 0
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.bytes = 0

    def get(self, key: tuple[str, bytes], make: Callable[[], M]) -> M:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = make()
        size = found.ids.nbytes + found.scores.nbytes
        if size > self.max_bytes // LARGEST_SHARE:
            return found
        found.ids.flags.writeable = False
        found.scores.flags.writeable = False
        with self._lock:
            if key not in self._kept:
                self._kept[key] = found
                self.bytes += size
            while self.bytes > self.max_bytes:
                _key, old = self._kept.popitem(last=False)
                self.bytes -= old.ids.nbytes + old.scores.nbytes
        return found

    def __len__(self) -> int:
        return len(self._kept)
