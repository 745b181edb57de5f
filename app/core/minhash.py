"""MinHash signatures of article texts, and the disposable cache that keeps them.

Two versions of one wire story share most of their runs of words; the share of shared
4-word shingles (their Jaccard similarity) is what MinHash estimates from 64 numbers per
article, so near-identical articles are found without comparing every pair of texts.

Written with numpy rather than ``datasketch``: datasketch needs SciPy (about 140 MB, more
than the whole bundle's budget) and hashes each shingle with SHA-1 in Python; here every
shingle of every article is hashed at once and each permutation is one ``minimum.reduceat``
over all of them (docs/benchmarks.md, "Follow a story", has both measured on the corpus).

The signatures are kept in ``<data>/cache/minhash-3.npy``, keyed by the article's content
hash, so an edited article gets a new signature and an unchanged one never costs anything
again. Like the library snapshot it is only a cache: missing, damaged or made with other
parameters, it is rebuilt from the texts.

At 250,000 articles the signatures are 64 MB and the texts 211 MB, so neither is ever held
whole beside the window: the file is one uint32 matrix stored word by word (row ``w`` holds
word ``w`` of every entry: the 5 words of the content hash, then the 64 numbers), read a
band of rows at a time from one open handle, and missing signatures are computed from texts
asked for a batch at a time (docs/benchmarks.md, "250,000 articles").
"""

import contextlib
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

import numpy as np
import numpy.typing as npt

from app.core.damaged_files import DAMAGED_NUMPY_ERRORS

NUM_PERM = 64
SHINGLE = 4
CACHE_NAME = "minhash-3.npy"
OLD_CACHE_NAME = "minhash.npz"  # format 2: hex keys and (entries, NUM_PERM) rows, converted
KEY_WORDS = 5  # a SHA-1 content hash as five uint32
WORDS = KEY_WORDS + NUM_PERM
BATCH = 2_000
"""Texts signed at a time: their shingle hashes (8 bytes a word of text, and a temporary
of the same size per permutation) stay a few MB instead of 600 MB for 250,000 texts."""
MIN_WORDS = 20
"""Texts shorter than this (headline and text together: a flash of one line) get the EMPTY
signature and are nobody's version: one word changed would be a tenth of them, and two
different flashes can share all but a name."""
_SEEDS = np.random.default_rng(20_240_701).integers(1, 2**63, size=(2, NUM_PERM), dtype=np.uint64)
_MULTIPLIERS = _SEEDS[0] | np.uint64(1)  # odd, as multiply-shift hashing needs
_OFFSETS = _SEEDS[1]
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)
_WORD = re.compile(r"\w+")
EMPTY = np.uint32(0xFFFFFFFF)
"""What every number of a text too short to compare is."""

Signatures = npt.NDArray[np.uint32]
Digests = npt.NDArray[np.bytes_]
"""SHA-1 content hashes as 20-byte numpy strings ("S20"): sortable and searchable as one
array (a dict of 250,000 hex strings is 30 MB)."""


def words(text: str) -> list[str]:
    """The words MinHash compares: case and punctuation do not make another version."""
    return _WORD.findall(text.casefold())


def _shingles(tokens: list[str], vocabulary: dict[str, int]) -> npt.NDArray[np.uint64]:
    """One 64-bit number per run of SHINGLE words."""
    codes = np.fromiter(
        (vocabulary.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in tokens),
        dtype=np.uint64,
        count=len(tokens),
    )
    runs = len(codes) - SHINGLE + 1
    mixed = np.zeros(runs, dtype=np.uint64)
    for offset in range(SHINGLE):
        mixed = mixed * _MIX[offset] + codes[offset : offset + runs]
    return mixed


def signatures(texts: Sequence[str]) -> Signatures:
    """The (len(texts), NUM_PERM) signatures; a text under MIN_WORDS gets EMPTY throughout."""
    result = np.full((len(texts), NUM_PERM), EMPTY, dtype=np.uint32)
    vocabulary: dict[str, int] = {}
    parts: list[npt.NDArray[np.uint64]] = []
    rows: list[int] = []
    for row, text in enumerate(texts):
        tokens = words(text)
        if len(tokens) >= MIN_WORDS:
            parts.append(_shingles(tokens, vocabulary))
            rows.append(row)
    if not parts:
        return result
    hashes = np.concatenate(parts)
    starts = np.cumsum([0] + [len(p) for p in parts[:-1]])
    with np.errstate(over="ignore"):
        for perm in range(NUM_PERM):
            permuted = (hashes * _MULTIPLIERS[perm] + _OFFSETS[perm]) >> np.uint64(32)
            result[rows, perm] = np.minimum.reduceat(permuted, starts).astype(np.uint32)
    return result


def digests_of(hex_hashes: Sequence[str]) -> Digests:
    """The 20-byte digests of SHA-1 hex strings, in one conversion."""
    raw = bytes.fromhex("".join(hex_hashes))
    if len(raw) != 20 * len(hex_hashes):
        raise ValueError("content hashes must be SHA-1 hex digests")
    return np.frombuffer(raw, dtype="S20")


def hex_of(digests: Digests) -> list[str]:
    """Back to hex (``tolist`` would drop a digest's trailing zero bytes)."""
    return [bytes(row).hex() for row in digests.view(np.uint8).reshape(-1, 20)]


class SignatureTable:
    """The cache file opened: sorted content digests and their signatures, read a block of
    words at a time. The handle stays open while it is used, so a cache another process
    replaces meanwhile is never read half old, half new."""

    def __init__(self, keys: Digests, handle: BinaryIO | None, memory: Signatures | None):
        self.keys = keys
        self._handle = handle
        self._offset = handle.tell() if handle is not None else 0
        self._memory = memory  # (WORDS, entries) when the file could not be written

    @classmethod
    def read(cls, path: Path) -> Self | None:
        """The table in ``path``, or None when it is missing, damaged or made otherwise."""
        try:
            handle = path.open("rb")
        except OSError:
            return None
        try:
            if np.lib.format.read_magic(handle) != (1, 0):
                raise ValueError("not a version 1.0 array file")
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
            if fortran or dtype != np.dtype("<u4") or len(shape) != 2 or shape[0] != WORDS:
                raise ValueError("not a signature table")
            table = cls(np.zeros(shape[1], dtype="S20"), handle, None)
            if os.fstat(handle.fileno()).st_size != table._offset + 4 * WORDS * shape[1]:
                raise ValueError("cut short")
            table.keys = np.ascontiguousarray(table.words(0, KEY_WORDS).T).view("S20").ravel()
            if len(table.keys) > 1 and not np.all(table.keys[1:] > table.keys[:-1]):
                raise ValueError("keys out of order")
        except DAMAGED_NUMPY_ERRORS:
            handle.close()
            return None
        except BaseException:
            handle.close()  # whatever else a damaged file raises leaves no file open
            raise
        return table

    def __len__(self) -> int:
        return len(self.keys)

    def words(self, first: int, stop: int) -> Signatures:
        """Words ``first`` to ``stop`` of every entry: (stop - first, entries)."""
        if self._memory is not None:
            return self._memory[first:stop]
        assert self._handle is not None
        entries = len(self.keys)
        self._handle.seek(self._offset + 4 * first * entries)
        block = np.fromfile(self._handle, dtype="<u4", count=(stop - first) * entries)
        if len(block) != (stop - first) * entries:
            raise OSError("the signature cache was cut short while read")
        return block.reshape(stop - first, entries)

    def numbers(self, first: int, stop: int) -> Signatures:
        """Numbers ``first`` to ``stop`` of every entry's signature (after its key)."""
        return self.words(KEY_WORDS + first, KEY_WORDS + stop)

    def signatures(self, columns: npt.NDArray[np.int64]) -> Signatures:
        """The (len(columns), NUM_PERM) signatures of some entries."""
        return self.numbers(0, NUM_PERM)[:, columns].T.copy()

    def columns_of(self, digests: Digests) -> npt.NDArray[np.int64]:
        """Each digest's entry, -1 where the table has none."""
        if not len(self.keys):
            return np.full(len(digests), -1, dtype=np.int64)
        at = np.searchsorted(self.keys, digests).astype(np.int64)
        inside = np.minimum(at, len(self.keys) - 1)
        return np.where(self.keys[inside] == digests, inside, -1)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class SignatureCache:
    """Content hash -> signature, in one ``.npy`` file of the data folder's cache."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME

    def open(self, wanted: Digests, text_of: Callable[[int], str]) -> SignatureTable:
        """The table holding exactly the signatures of the digests ``wanted``: read as it is
        when it holds them (nothing is written), else the missing ones are computed from
        ``text_of(i)`` (the text of ``wanted[i]``), a batch at a time, and the table is
        written again without the entries no longer wanted. Close it after use."""
        table = SignatureTable.read(self.path)
        current = table is not None  # else one of the previous format, written again
        table = table or self._converted()
        kept = table.columns_of(wanted) if table else np.full(len(wanted), -1, dtype=np.int64)
        complete = table is not None and len(table) == len(np.unique(wanted)) and all(kept >= 0)
        if current and complete and table is not None:
            return table
        try:
            return self._rewritten(table, wanted, kept, text_of)
        finally:
            if table is not None:
                table.close()

    def _rewritten(
        self,
        old: SignatureTable | None,
        wanted: Digests,
        kept: npt.NDArray[np.int64],
        text_of: Callable[[int], str],
    ) -> SignatureTable:
        keys, first = np.unique(wanted, return_index=True)
        missing = first[kept[first] < 0]
        signed = np.empty((len(missing), NUM_PERM), dtype=np.uint32)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            signed[start : start + len(batch)] = signatures([text_of(int(i)) for i in batch])
        fresh = signed.T  # (NUM_PERM, missing)
        fresh_at = np.searchsorted(keys, wanted[missing])
        old_at = np.flatnonzero(kept[first] >= 0)
        old_columns = kept[first][old_at]
        key_words = np.frombuffer(keys.tobytes(), dtype="<u4").reshape(len(keys), KEY_WORDS).T

        def block(start: int, stop: int) -> Signatures:
            """Words ``start`` to ``stop`` of the new table (one band of the old one read)."""
            out = np.empty((stop - start, len(keys)), dtype=np.uint32)
            if start < KEY_WORDS:
                out[:] = key_words[start:stop]
                return out
            out[:, fresh_at] = fresh[start - KEY_WORDS : stop - KEY_WORDS]
            if old is not None and len(old_at):
                out[:, old_at] = old.words(start, stop)[:, old_columns]
            return out

        return self._saved(keys, block) or SignatureTable(keys, None, _whole(block))

    def _saved(
        self, keys: Digests, block: Callable[[int, int], Signatures]
    ) -> SignatureTable | None:
        """Write the table a block of words at a time; None when it cannot be written (the
        caller keeps it in memory: it is computed again next time)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{CACHE_NAME}.", suffix=".tmp", dir=folder)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "wb") as out:
                header = {"descr": "<u4", "fortran_order": False, "shape": (WORDS, len(keys))}
                np.lib.format.write_array_header_1_0(out, header)
                for start in range(0, WORDS, KEY_WORDS):
                    block(start, min(WORDS, start + KEY_WORDS)).tofile(out)
            os.replace(name, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(name)
            return None
        with contextlib.suppress(OSError):
            (folder / OLD_CACHE_NAME).unlink(missing_ok=True)
        return SignatureTable.read(self.path)

    def _converted(self) -> SignatureTable | None:
        """A cache of the previous format (hex keys, one row per entry) as a table, so an
        upgrade does not sign every text again. The file is opened here, not by
        ``np.load``, which leaves it open when its zip index is damaged."""
        try:
            with (
                (self.path.parent / OLD_CACHE_NAME).open("rb") as handle,
                np.load(handle, allow_pickle=False) as data,
            ):
                keys, rows, form = data["keys"], data["rows"], data["format"]
                if int(form) != 2 or rows.shape[1:] != (NUM_PERM,) or len(keys) != len(rows):
                    return None
                digests = digests_of([k.decode("ascii") for k in keys.tolist()])
                rows = rows.astype(np.uint32, copy=False)
        except DAMAGED_NUMPY_ERRORS:
            return None
        order = np.argsort(digests, kind="stable")
        return SignatureTable(
            digests[order],
            None,
            np.concatenate(
                [
                    np.frombuffer(digests[order].tobytes(), dtype="<u4").reshape(-1, KEY_WORDS),
                    rows[order],
                ],
                axis=1,
            ).T.copy(),
        )


def _whole(block: Callable[[int, int], Signatures]) -> Signatures:
    return np.concatenate([block(0, KEY_WORDS), block(KEY_WORDS, WORDS)])
