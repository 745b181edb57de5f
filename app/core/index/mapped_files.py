"""Index segment files read through one memory map, without copying their parts.

Whoosh opens a segment (one ``.seg`` file holding its terms, postings, stored fields and
columns) as a memory map, then wraps each part in a ``BufferFile`` whose ``BytesIO`` copies
the whole part into memory: at 250,000 articles the first search copied 350 MB (0.66 s and
as much RSS, beside the mapped pages). Without the map, Whoosh reads the parts through the
file with a seek and a read per step (a tenth slower on phrases). Here the storage hands
Whoosh a segment file whose parts (``subset``) read straight from one shared map: a slice of
the map is the only copy, of the bytes asked for.
"""

from __future__ import annotations

import io
import mmap
import pickle
import struct
from typing import Any

from whoosh.filedb.structfile import StructFile

_INT = struct.Struct("!i")  # Whoosh's int
_PICKLE_GUESS = 256  # a posting block's header is about 40 bytes


class _MapReader:
    """A file's reading methods over ``length`` bytes of a map from ``offset``; each part
    has its own position."""

    def __init__(self, source: mmap.mmap, offset: int, length: int) -> None:
        self._map, self._start, self._end = source, offset, offset + length
        self._at = offset

    def read(self, size: int | None = -1) -> bytes:
        end = self._end if size is None or size < 0 else min(self._at + size, self._end)
        data = self._map[self._at : end]
        self._at = max(self._at, end)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(memoryview(buffer)))
        memoryview(buffer)[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        newline = self._map.find(b"\n", self._at, self._end)
        end = self._end if newline < 0 else newline + 1
        if size is not None and size >= 0:
            end = min(end, self._at + size)
        return self.read(end - self._at)

    def seek(self, where: int, whence: int = 0) -> int:
        base = {0: self._start, 1: self._at, 2: self._end}[whence]
        self._at = base + where
        return self._at - self._start

    def tell(self) -> int:
        return self._at - self._start

    def close(self) -> None:
        """The map belongs to the segment file, which closes it."""


class _PartFile(StructFile):  # type: ignore[misc]
    def __init__(self, reader: _MapReader, name: str | None) -> None:
        super().__init__(reader, name=name)
        self._reader = reader

    # The steps a posting block's header takes, without StructFile's delegation.
    def seek(self, where: int, whence: int = 0) -> int:
        return self._reader.seek(where, whence)

    def tell(self) -> int:
        return self._reader._at - self._reader._start

    def read_int(self) -> int:
        value: int = _INT.unpack(self._reader.read(_INT.size))[0]
        return value

    def get(self, position: int, length: int) -> bytes:
        start = self._reader._start + position
        return self._reader._map[start : start + length]

    def read_pickle(self, protocol: int = -1) -> Any:
        """Unpickled from a slice of the map (the unpickler asks a Python file for every
        few bytes: each posting block's header took 13 us that way)."""
        reader = self._reader
        size = _PICKLE_GUESS
        while True:
            buffer = io.BytesIO(reader._map[reader._at : min(reader._at + size, reader._end)])
            try:
                value = pickle.load(buffer)
            except (EOFError, pickle.UnpicklingError):  # cut short: a longer slice
                if reader._at + size >= reader._end:
                    raise
                size *= 64
                continue
            reader._at += buffer.tell()
            return value


class SegmentFile(StructFile):  # type: ignore[misc]
    """A ``.seg`` file opened for reading, whose parts share one memory map."""

    _map: mmap.mmap | None = None

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        if self._map is None:
            try:
                self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # an empty file, or no map on this file system
                return super().subset(offset, length, name=name)
            # The map holds the file open itself; as with Whoosh's own map, a reader that is
            # never closed leaves no file handle behind.
            self.file.close()
        return _PartFile(_MapReader(self._map, offset, length), name or self._name)

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
        super().close()
