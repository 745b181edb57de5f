"""A smaller encoding of term positions for the fields phrases are searched in.

Whoosh's Positions format stores each posting's positions as a 4-byte count followed by a
pickled list of deltas. Here a posting is one type code and the deltas as a little-endian
array of the narrowest unsigned type that holds them (one byte each for most postings):
the count is the array's length, and decoding stays in C (``array`` and
``itertools.accumulate``), so phrase matching does not slow down.
"""

import sys
from array import array
from collections.abc import Iterable
from itertools import accumulate

from whoosh.formats import Positions

_SIZES = {code: array(code).itemsize for code in "BHI"}
_BIG_ENDIAN = sys.byteorder == "big"


class CompactPositions(Positions):  # type: ignore[misc]
    """Positions format with array-encoded deltas (see the module docstring)."""

    def encode(self, poslist: Iterable[int]) -> bytes:
        positions = list(poslist)
        deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
        widest = max(deltas, default=0)
        code = "B" if widest < 0x100 else "H" if widest < 0x10000 else "I"
        packed = array(code, deltas)
        if _BIG_ENDIAN:
            packed.byteswap()
        return code.encode("ascii") + packed.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        packed = array(chr(valuestring[0]), valuestring[1:])
        if _BIG_ENDIAN:
            packed.byteswap()
        return list(accumulate(packed))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // _SIZES[chr(valuestring[0])]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * float(self.field_boost)
