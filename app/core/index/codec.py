"""Whoosh's W3 codec with a smaller layout where Whoosh's own wastes space.

- Posting blocks: Whoosh pickles each block of up to 128 postings as a tuple (ids, weights,
  values), which costs an opcode and a memo entry per value and nine bytes per float weight.
  Here a block is a tag byte, a mode byte, the id deltas, the weights (none when all 1.0,
  one when all equal) and the values' lengths as little-endian arrays, then the values
  joined; the block header and the compression are Whoosh's. Blocks that do not start with
  the tag are read as Whoosh's pickles, so anything this codec cannot pack falls back.
- Terms in fewer than ``INLINE_LIMIT`` documents keep their postings in the term dictionary
  (Whoosh's inlining path calls a method W3TermInfo does not have, so it ships disabled).
- Stored fields are pickled with protocol 5 instead of 2, which writes bytes as a latin-1
  string re-encoded in UTF-8 and every string with a 4-byte length; Whoosh's reader
  unpickles any protocol, and the column still compresses each document's pickle.
"""

from __future__ import annotations

import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import Any, overload

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocWriter,
    W3PostingsWriter,
)
from whoosh.util.numeric import length_to_byte

INLINE_LIMIT = 4
MIN_COMPRESSED = 64
_TAG = 1
_WEIGHTS_ONE, _WEIGHTS_SAME, _WEIGHTS_EACH = 0, 1, 2
_WIDTHS = "BHI"
_SWAP = sys.byteorder == "big"
_FLOAT = struct.Struct("<f")


def _le_bytes(values: array[Any]) -> bytes:
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _le_array(code: str, data: bytes) -> array[Any]:
    values = array(code, data)
    if _SWAP:
        values.byteswap()
    return values


def compress(data: bytes, level: int) -> bytes:
    """zlib's compression with a window no larger than the data (9 to 15 bits). zlib sets
    up its full 32 KB window and hash table on every call, which took ~85 us per posting
    block or stored record against ~13 us with a fitting window: two fifths of a full
    build's writing. A window as long as the data finds the same matches, and any zlib
    reader decompresses it (the window size is in the stream's header)."""
    return zlib.compress(data, level, max(9, min(15, len(data).bit_length())))


def pack_block(
    ids: Sequence[int], weights: array[float], values: list[bytes], fixedsize: int | None
) -> bytes | None:
    """One block's postings in the compact layout, or None when it does not fit it."""
    variable = fixedsize is None or fixedsize < 0
    if variable and len(values) != len(ids):
        return None
    sizes = [len(v) for v in values] if variable else None
    return pack_sizes(ids, weights, sizes, b"".join(values) if fixedsize != 0 else b"")


def pack_sizes(
    ids: Sequence[int], weights: Sequence[float], sizes: Sequence[int] | None, joined: bytes
) -> bytes:
    """The compact layout of a block whose values are already joined (``sizes``: each
    value's length, None for a fixed-size format)."""
    deltas = array("I", [b - a for a, b in zip([0, *ids], ids, strict=False)])
    first = weights[0]
    if weights.count(first) == len(weights):  # one C pass (all() ran a generator)
        mode = _WEIGHTS_ONE if first == 1.0 else _WEIGHTS_SAME
        packed_weights = b"" if mode == _WEIGHTS_ONE else _FLOAT.pack(first)
    else:
        mode, packed_weights = _WEIGHTS_EACH, _le_bytes(array("f", weights))
    lengths = b""
    if sizes is not None:
        width = 0 if max(sizes) < 0x100 else 1 if max(sizes) < 0x10000 else 2
        mode |= width << 2
        lengths = _le_bytes(array(_WIDTHS[width], sizes))
    return bytes((_TAG, mode)) + _le_bytes(deltas) + packed_weights + lengths + joined


def unpack_block(data: bytes, count: int, fixedsize: int | None) -> tuple[Any, Any, Any]:
    """(id deltas, weights, values) as Whoosh's leaf matcher holds a block's data."""
    mode = data[1]
    at = 2 + 4 * count
    deltas = _le_array("I", data[2:at])
    weights: Any = None
    if mode & 3 == _WEIGHTS_SAME:
        weights = _FLOAT.unpack_from(data, at)[0]
        at += 4
    elif mode & 3 == _WEIGHTS_EACH:
        weights = _le_array("f", data[at : at + 4 * count])
        at += 4 * count
    if fixedsize is not None and fixedsize >= 0:
        return deltas, weights, data[at:] if fixedsize else None
    return deltas, weights, BlockValues(data, at, count, array(_WIDTHS[mode >> 2]).itemsize)


class BlockValues(Sequence[bytes]):
    """A block's values as the block's buffer and where each one starts (``offsets``,
    one more than values, worked out when first asked for: a search that scores or counts
    reads no value): phrase matching takes the buffer whole (``posting_values.py``);
    Whoosh's matcher cuts a value out when it asks for it. Cutting every value out as the
    block was read was a Python step per posting."""

    __slots__ = ("_at", "_count", "_cut", "_offsets", "_width", "data")

    def __init__(self, data: bytes, at: int, count: int, width: int) -> None:
        """The ``count`` lengths, ``width`` bytes each, start at ``at``; the values follow."""
        self.data = data
        self._at, self._count, self._width = at, count, width
        self._offsets: npt.NDArray[np.int64] | None = None
        self._cut: list[int] | None = None

    @property
    def offsets(self) -> npt.NDArray[np.int64]:
        if self._offsets is None:
            count, width = self._count, self._width
            end = self._at + width * count
            offsets = np.empty(count + 1, dtype=np.int64)
            offsets[0] = end
            np.cumsum(np.frombuffer(self.data, f"<u{width}", count, self._at), out=offsets[1:])
            offsets[1:] += end
            self._offsets = offsets
        return self._offsets

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, n: int) -> bytes: ...

    @overload
    def __getitem__(self, n: slice) -> Sequence[bytes]: ...

    def __getitem__(self, n: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(n, slice):
            return [self[i] for i in range(len(self))[n]]
        if self._cut is None:
            self._cut = self.offsets.tolist()
        count = len(self._cut) - 1
        if not -count <= n < count:
            raise IndexError(n)
        n %= count
        return self.data[self._cut[n] : self._cut[n + 1]]


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer with compact blocks and working inlining. Inlined formats
    without values get empty bytes per posting: Whoosh's list matcher would answer a str,
    which merging segments refuses.

    ``load_block`` fills a whole block at once from a bulk build's arrays (``bulk.py``);
    its values stay one joined buffer unless a block is inlined or falls back to Whoosh's
    pickle, which need them one by one."""

    _terminfo: Any
    _span: tuple[list[int], bytes] | None = None

    def _new_block(self) -> None:
        super()._new_block()
        self._span = None

    def load_block(
        self,
        ids: list[int],
        weights: list[float],
        exact_weights: list[float],
        lengths: list[int],
        offsets: list[int],
        values: bytes,
    ) -> None:
        """The state ``add_posting`` leaves after these postings, given in one call:
        ``weights`` as float32 keeps them, ``exact_weights`` as given (the block's maximum
        is kept unrounded), lengths 0 for none, each value ``values[offsets[i]:offsets[i+1]]``."""
        self._ids = ids
        self._weights = array("f", weights)
        self._maxweight = max(0, max(exact_weights))
        present = [n for n in lengths if n]
        self._minlength = min(present) if present else None
        self._maxlength = max(present, default=0)
        self._span = (offsets, values)

    def _value_list(self) -> list[bytes]:
        """The block's values one by one, the empty ones left out as ``add_posting`` does."""
        if self._span is not None:
            offsets, data = self._span
            self._values = [data[a:b] for a, b in pairwise(offsets) if b > a]
            self._span = None
        values: list[bytes] = self._values
        return values

    def finish_postings(self) -> Any:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        # Equal values as one object, so the pickle holds each once whichever way the
        # block was filled (one by one, some values shared, or sliced from one buffer).
        shared: dict[bytes, bytes] = {}
        values = [shared.setdefault(v, v) for v in self._value_list() or [b""] * len(self)]
        terminfo.set_inlined(self._ids, self._weights, values)
        self._terminfo = None
        return terminfo

    def _pack(self) -> bytes | None:
        fixedsize = self._format.fixed_value_size()
        span = self._span
        if span is None:
            return pack_block(self._ids, self._weights, self._values, fixedsize)
        offsets, data = span
        if fixedsize == 0:
            return pack_sizes(self._ids, self._weights, None, b"")
        sizes = [b - a for a, b in pairwise(offsets)]
        if (fixedsize is not None and fixedsize > 0) or not all(sizes):
            return pack_block(self._ids, self._weights, self._value_list(), fixedsize)
        return pack_sizes(self._ids, self._weights, sizes, data[offsets[0] : offsets[-1]])

    def _write_block(self, last: bool = False) -> None:
        packed = None if self._byteids else self._pack()
        if packed is None:
            self._value_list()
            super()._write_block(last)
            return
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        # Blocks under 64 bytes do not shrink (zlib adds 6 bytes, and few repeats fit in
        # them), so they are stored as they are: the block header says so, a block at a time.
        level = self._compression if len(packed) >= MIN_COMPRESSED else 0
        if level:
            packed = compress(packed, level)
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            level,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, 2)
        length = len(infobytes) + len(packed)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(packed)
        self._blockcount += 1
        self._new_block()


class _Positioned:
    """A file being written that keeps count of its position: a buffered file's ``tell``
    asks the system (an lseek) every time, and Whoosh asks two or three times per term."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._at: int = raw.tell()

    def write(self, data: Any) -> int:
        written: int = self._raw.write(data)
        self._at += written
        return written

    def tell(self) -> int:
        return self._at

    def seek(self, *args: Any) -> int:
        self._at = self._raw.seek(*args)
        return self._at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    """Whoosh's term dictionary and postings writer over files that know their position."""

    def _create_file(self, ext: str) -> Any:
        created = super()._create_file(ext)
        created.file = _Positioned(created.file)
        return created


class _LeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """Whoosh's leaf matcher reading compact blocks (and Whoosh's pickled ones)."""

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        if data[0] == _TAG:
            self._data = unpack_block(data, self._blocklength, self._fixedsize)
        else:
            self._data = pickle.loads(data)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = tuple(accumulate(self._data[0]))


class _PerDocWriter(W3PerDocWriter):  # type: ignore[misc]
    """Whoosh's per-document writer, stored fields pickled with protocol 5 and compressed
    with a fitting window (``compress``)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._get_column("_stored")._child._compress = compress

    def finish_doc(self) -> None:
        stored = self._storedfields
        if stored:
            # The stored column is Whoosh's PickleColumn over compressed bytes: give its
            # compressed child the pickle made here.
            self._get_column("_stored")._child.add(self._docnum, pickle.dumps(stored, 5))
            stored.clear()
        self._indoc = False


class IndexCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's W3 codec with the layouts described in the module docstring."""

    def __init__(self, inlinelimit: int = INLINE_LIMIT) -> None:
        super().__init__(inlinelimit=inlinelimit)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _FieldWriter(self, storage, segment)

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        return _PerDocWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
