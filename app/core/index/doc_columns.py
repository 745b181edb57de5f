"""One segment's document table as columns: numpy arrays, texts as one byte blob each.

The table (id, path, day, year, source, tags, file stamp, content hash, annotation stamp of
every document) used to be JSON rows turned into a ``DocInfo`` object per document: at
250,000 articles its load was 12 s of a first search (``json.loads`` plus the safe reader's
walk of every value) and 866 MB of Python objects. As columns it is one ``np.load`` of
arrays (``allow_pickle=False``: the file can hold no code), about 30 MB at that size, and a
row's texts are decoded only when that row is asked for.

The file is an uncompressed ``.npz`` (a zip archive): every member carries a CRC that
``zipfile`` checks on reading, so a flipped bit is an error, not a wrong path; the shapes and
ranges are checked here, so a file that reads but does not fit is refused too. Either way the
caller treats the table as missing and makes it again from the stored fields.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import numpy as np
import numpy.typing as npt

FORMAT = 1
SHA1_BYTES = 20
_NUMBERS = {"day": np.int32, "year": np.int32, "mtime_ns": np.int64, "size": np.int64}
_NUMBERS |= {"notes_stamp": np.int64}
Ints = npt.NDArray[np.int64]


def _encode(text: str) -> bytes:
    # surrogatepass: a Linux file name need not be UTF-8 and Python carries its bytes as
    # surrogates; they must come back exactly.
    return text.encode("utf-8", "surrogatepass")


T = TypeVar("T")


class Texts:
    """Many strings as one UTF-8 blob and the end offset of each; decoded one by one."""

    def __init__(self, blob: bytes, ends: Ints) -> None:
        self.blob = blob
        self.ends = ends
        self._starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends

    @staticmethod
    def of(texts: Iterable[str]) -> Texts:
        encoded = [_encode(t) for t in texts]
        lengths = np.fromiter((len(e) for e in encoded), np.int64, len(encoded))
        return Texts(b"".join(encoded), np.cumsum(lengths, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, n: int) -> str:
        return self.blob[self._starts[n] : self.ends[n]].decode("utf-8", "surrogatepass")

    def many(self, rows: Sequence[int] | Ints) -> list[str]:
        starts, ends, blob = self._starts[rows].tolist(), self.ends[rows].tolist(), self.blob
        return [
            blob[s:e].decode("utf-8", "surrogatepass") for s, e in zip(starts, ends, strict=True)
        ]

    def all(self) -> list[str]:
        return self.many(np.arange(len(self.ends)))

    def arrays(self, name: str) -> dict[str, npt.NDArray[Any]]:
        return {f"{name}.blob": np.frombuffer(self.blob, np.uint8), f"{name}.ends": self.ends}

    @staticmethod
    def load(files: Any, name: str) -> Texts:
        blob = _array(files, f"{name}.blob", np.uint8, 1)
        ends = _array(files, f"{name}.ends", np.int64, 1)
        if len(ends) and (ends[0] < 0 or np.any(np.diff(ends) < 0) or ends[-1] != len(blob)):
            raise ValueError(f"the offsets of '{name}' do not fit its text")
        if not len(ends) and len(blob):
            raise ValueError(f"'{name}' holds text but no offsets")
        return Texts(blob.tobytes(), ends)


def _array(files: Any, key: str, dtype: Any, ndim: int) -> npt.NDArray[Any]:
    value = files[key]
    if not isinstance(value, np.ndarray) or value.dtype != np.dtype(dtype) or value.ndim != ndim:
        raise ValueError(f"'{key}' is not a {ndim}-d array of {np.dtype(dtype)}")
    return value


@dataclass
class SegmentColumns:
    """Column n of every array is document n of the segment."""

    ids: Texts
    paths: Texts
    numbers: dict[str, npt.NDArray[Any]]  # day, year, mtime_ns, size, notes_stamp
    sources: npt.NDArray[np.int32]  # index into source_names, -1 for none
    source_names: Texts
    tag_ends: Ints  # the tags of document n are tag_codes[tag_ends[n-1]:tag_ends[n]]
    tag_codes: npt.NDArray[np.int32]
    tag_names: Texts
    sha1: npt.NDArray[np.uint8]  # (count, 20)

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def of_rows(rows: Sequence[Sequence[Any]]) -> SegmentColumns:
        """From rows in ``DocInfo`` field order; ValueError or TypeError for a row that does
        not hold what a DocInfo holds (an old table that was damaged)."""
        count = len(rows)
        for row in rows:
            if len(row) != 10 or not all(isinstance(row[i], str) for i in (0, 1, 8)):
                raise ValueError("a row of the document table is not a document")
            if not all(type(row[i]) is int for i in (2, 3, 6, 7, 9)):
                raise ValueError("a number in the document table is not a whole number")
            if row[4] is not None and not isinstance(row[4], str):
                raise ValueError("a source in the document table is not a text")
            if not all(isinstance(t, str) for t in row[5]):
                raise ValueError("a tag in the document table is not a text")
        numbers = {
            name: np.array([r[i] for r in rows], dtype=np.int64).astype(dtype, casting="same_kind")
            for (name, dtype), i in zip(_NUMBERS.items(), (2, 3, 6, 7, 9), strict=True)
        }
        source_names: dict[str, int] = {}
        source_codes = [
            -1 if r[4] is None else source_names.setdefault(r[4], len(source_names)) for r in rows
        ]
        tag_counts = [len(r[5]) for r in rows]
        tag_names: dict[str, int] = {}
        tag_codes = [tag_names.setdefault(t, len(tag_names)) for r in rows for t in r[5]]
        sha1 = b"".join(bytes.fromhex(r[8]) for r in rows)
        if len(sha1) != SHA1_BYTES * count:
            raise ValueError("a content hash in the document table is not SHA-1")
        return SegmentColumns(
            ids=Texts.of(r[0] for r in rows),
            paths=Texts.of(r[1] for r in rows),
            numbers=numbers,
            sources=np.array(source_codes, dtype=np.int32),
            source_names=Texts.of(source_names),
            tag_ends=np.cumsum(np.array(tag_counts, dtype=np.int64), dtype=np.int64),
            tag_codes=np.array(tag_codes, dtype=np.int32),
            tag_names=Texts.of(tag_names),
            sha1=np.frombuffer(sha1, np.uint8).reshape(count, SHA1_BYTES),
        )

    def rows(self, which: Ints, make: Callable[..., T]) -> list[T]:
        """``make(*fields)`` of documents ``which``, fields in ``DocInfo`` order, decoded
        together (a sync asks for every live one: per-row look-ups would cost seconds at
        250,000)."""
        sources, tags = [*self.source_names.all(), None], self.tag_names.all()
        name = tags.__getitem__
        codes = self.tag_codes.tolist()
        ends = self.tag_ends[which].tolist()
        starts = (self.tag_ends - np.diff(self.tag_ends, prepend=0))[which].tolist()
        hashes = self.sha1[which].tobytes().hex()
        width = 2 * SHA1_BYTES
        num = {key: values[which].tolist() for key, values in self.numbers.items()}
        return [
            make(
                doc_id,
                path,
                day,
                year,
                sources[code],  # -1: the None appended
                tuple(map(name, codes[start:end])),
                mtime_ns,
                size,
                hashes[at : at + width],
                stamp,
            )
            for at, doc_id, path, day, year, code, start, end, mtime_ns, size, stamp in zip(
                range(0, width * len(which), width),
                self.ids.many(which),
                self.paths.many(which),
                num["day"],
                num["year"],
                self.sources[which].tolist(),
                starts,
                ends,
                num["mtime_ns"],
                num["size"],
                num["notes_stamp"],
                strict=True,
            )
        ]

    def to_bytes(self) -> bytes:
        arrays: dict[str, npt.NDArray[Any]] = {"format": np.array([FORMAT], dtype=np.int64)}
        for name, texts in (("id", self.ids), ("path", self.paths)):
            arrays |= texts.arrays(name)
        arrays |= self.source_names.arrays("source_name") | self.tag_names.arrays("tag_name")
        arrays |= self.numbers
        arrays |= {"source": self.sources, "tag_ends": self.tag_ends, "tag_codes": self.tag_codes}
        arrays["sha1"] = self.sha1
        out = io.BytesIO()
        np.savez(out, allow_pickle=False, **arrays)
        return out.getvalue()

    @staticmethod
    def from_file(path: Path) -> SegmentColumns:
        """The table in ``path``; one of ``DAMAGED_NUMPY_ERRORS`` when it is missing, damaged or of
        another format. The file is opened here, not by ``np.load``, which leaves it open
        when its zip index is damaged."""
        with path.open("rb") as handle:
            return SegmentColumns.from_handle(handle)

    @staticmethod
    def from_handle(handle: BinaryIO) -> SegmentColumns:
        with np.load(handle, allow_pickle=False) as files:
            if _array(files, "format", np.int64, 1).tolist() != [FORMAT]:
                raise ValueError("a document table of another format")
            ids, paths = Texts.load(files, "id"), Texts.load(files, "path")
            count = len(ids)
            numbers = {name: _array(files, name, dtype, 1) for name, dtype in _NUMBERS.items()}
            columns = SegmentColumns(
                ids=ids,
                paths=paths,
                numbers=numbers,
                sources=_array(files, "source", np.int32, 1),
                source_names=Texts.load(files, "source_name"),
                tag_ends=_array(files, "tag_ends", np.int64, 1),
                tag_codes=_array(files, "tag_codes", np.int32, 1),
                tag_names=Texts.load(files, "tag_name"),
                sha1=_array(files, "sha1", np.uint8, 2),
            )
        sizes = [len(paths), len(columns.sources), len(columns.tag_ends), len(columns.sha1)]
        if any(n != count for n in sizes + [len(v) for v in numbers.values()]):
            raise ValueError("the columns of the document table differ in length")
        columns._check_codes()
        return columns

    def _check_codes(self) -> None:
        if self.sha1.shape[1:] != (SHA1_BYTES,):
            raise ValueError("the content hashes are not SHA-1")
        sources, tag_ends, tag_codes = self.sources, self.tag_ends, self.tag_codes
        if len(sources) and (sources.min() < -1 or sources.max() >= len(self.source_names)):
            raise ValueError("a source code points nowhere")
        last = int(tag_ends[-1]) if len(tag_ends) else 0
        falling = bool(np.any(np.diff(tag_ends, prepend=0) < 0))
        if falling or last != len(tag_codes):
            raise ValueError("the tag offsets do not fit the tags")
        if len(tag_codes) and (tag_codes.min() < 0 or tag_codes.max() >= len(self.tag_names)):
            raise ValueError("a tag code points nowhere")
