"""The values of a term's postings (their word positions) as one buffer, and phrase checks
made over all of a phrase's candidate documents at once.

A phrase of two common words at 250,000 articles has tens of thousands of candidate
documents (both words present); cutting each posting's value out of its block, decoding its
positions and checking the phrase's offsets one document at a time in Python cost 140 ms a
query. Here the values stay in the buffers they were read in (``Values``: a buffer and each
value's start and end), and ``phrase_found`` decodes every candidate's positions with numpy
(the compact format is a type code and little-endian deltas, ``positions.py``) and checks the
offsets with sorted look-ups of (document, position) keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]
_WIDTHS = {ord("B"): 1, ord("H"): 2, ord("I"): 4}
_POSITION_BITS = 32  # a key is (candidate << 32) | position


@dataclass
class Values:
    """Value n is ``blob[starts[n]:ends[n]]``."""

    blob: bytes
    starts: Ids
    ends: Ids

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, n: int) -> bytes:
        return self.blob[int(self.starts[n]) : int(self.ends[n])]

    def take(self, rows: Ids | npt.NDArray[np.bool_]) -> Values:
        return Values(self.blob, self.starts[rows], self.ends[rows])

    @staticmethod
    def of(values: Sequence[bytes]) -> Values:
        lengths = np.fromiter(map(len, values), np.int64, len(values))
        ends = np.cumsum(lengths, dtype=np.int64)
        return Values(b"".join(values), ends - lengths, ends)

    @staticmethod
    def joined(parts: Sequence[Values]) -> Values:
        if len(parts) == 1:
            return parts[0]
        if not parts:  # an index without segments
            return Values.of([])
        bases = np.cumsum([0, *(len(p.blob) for p in parts[:-1])], dtype=np.int64)
        return Values(
            b"".join(p.blob for p in parts),
            np.concatenate([p.starts + base for p, base in zip(parts, bases, strict=True)]),
            np.concatenate([p.ends + base for p, base in zip(parts, bases, strict=True)]),
        )


def _position_keys(values: Values) -> Ids | None:
    """(candidate n << 32) | position for every position of every value n, or None when a
    value is not in the compact format (Whoosh's pickled positions)."""
    arr = np.frombuffer(values.blob, np.uint8)
    starts, ends = values.starts, values.ends
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    if np.any(ends <= starts):  # not even a type code
        return None
    codes = arr[starts]
    if not np.isin(codes, list(_WIDTHS)).all():
        return None
    keys: list[Ids] = []
    for code, width in _WIDTHS.items():
        group = np.flatnonzero(codes == code)
        if not len(group):
            continue
        first, sizes = starts[group] + 1, ends[group] - starts[group] - 1
        if np.any(sizes % width):
            return None
        total = int(sizes.sum())
        before = np.cumsum(sizes) - sizes
        at = np.arange(total, dtype=np.int64) + np.repeat(first - before, sizes)
        deltas = arr[at].view(f"<u{width}").astype(np.int64)
        counts = sizes // width
        positions = np.cumsum(deltas)
        filled = counts > 0  # a posting without positions adds nothing
        heads = (np.cumsum(counts) - counts)[filled]
        positions -= np.repeat(positions[heads] - deltas[heads], counts[filled])
        keys.append((np.repeat(group, counts) << _POSITION_BITS) | positions)
    return np.concatenate(keys)


def phrase_found(words: Sequence[Values], offsets: Sequence[int]) -> npt.NDArray[np.bool_] | None:
    """For each candidate n (value n of every word's ``Values``), whether the words stand
    at exactly their ``offsets`` from the first word (a slop of 1); None when a value is
    not in the compact format, for the caller's document-by-document check."""
    first = _position_keys(words[0])
    if first is None:
        return None
    ok = np.ones(len(first), dtype=bool)
    for values, offset in zip(words[1:], offsets[1:], strict=True):
        keys = _position_keys(values)
        if keys is None:
            return None
        ok &= np.isin(first + (offset - offsets[0]), keys)
    found = np.zeros(len(words[0]), dtype=bool)
    found[first[ok] >> _POSITION_BITS] = True
    return found
