"""How the fields phrases are searched in (title, body, notes) are indexed.

``PhraseText.index`` gives the same terms, frequencies, weights and positions as Whoosh's
TEXT field with ``text_analyzer`` (compared by a property test), but from one regex pass and
the cached normalisation instead of a chain of token generators: analysis was the largest
part of a build once rendering was mostly skipped.

Whoosh's Positions format stores each posting's positions as a 4-byte count followed by a
pickled list of deltas. Here a posting is one type code and the deltas as a little-endian
array of the narrowest unsigned type that holds them (one byte each for most postings):
the count is the array's length, and decoding stays in C (``array`` and
``itertools.accumulate``), so phrase matching does not slow down.
"""

import sys
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Positions

from app.core.index.analysis import WORD, normal_term, text_analyzer

_SIZES = {code: array(code).itemsize for code in "BHI"}
_BIG_ENDIAN = sys.byteorder == "big"
_SINGLE = [b"B" + bytes([pos]) for pos in range(0x100)]


class CompactPositions(Positions):  # type: ignore[misc]
    """Positions format with array-encoded deltas (see the module docstring)."""

    def encode(self, poslist: Iterable[int]) -> bytes:
        positions = list(poslist)
        if len(positions) == 1 and positions[0] < 0x100:
            return _SINGLE[positions[0]]  # most postings: one position, in a short text
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


class PhraseText(TEXT):  # type: ignore[misc]
    """A stemmed text field with positions for phrases, in the compact format."""

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=text_analyzer(), field_boost=field_boost)
        self.format = CompactPositions(field_boost=field_boost)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """Whoosh's indexing of ``value``: a word's position counts every word before it,
        stop words included (NormalizeFilter's numbering), so phrases see the gaps."""
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(WORD.findall(value)):
            term = normal_term(word)
            if term is None:
                continue
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, found in positions.items():
            yield term.encode("utf-8"), len(found), float(len(found)) * boost, encode(found)
