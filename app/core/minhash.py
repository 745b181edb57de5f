"""MinHash signatures of article texts, and the disposable cache that keeps them.

Two versions of one wire story share most of their runs of words; the share of shared
4-word shingles (their Jaccard similarity) is what MinHash estimates from 64 numbers per
article, so near-identical articles are found without comparing every pair of texts.

Written with numpy rather than ``datasketch``: datasketch needs SciPy (about 140 MB, more
than the whole bundle's budget) and hashes each shingle with SHA-1 in Python; here every
shingle of every article is hashed at once and each permutation is one ``minimum.reduceat``
over all of them (docs/benchmarks.md, "Follow a story", has both measured on the corpus).

The signatures are kept in ``<data>/cache/minhash.npz``, keyed by the article's content
hash, so an edited article gets a new signature and an unchanged one never costs anything
again. Like the library snapshot it is only a cache: missing, damaged or made with other
parameters, it is rebuilt from the texts.
"""

import contextlib
import io
import re
import zlib
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from zipfile import BadZipFile

import numpy as np
import numpy.typing as npt

from app.core.atomic import write_atomic

NUM_PERM = 64
SHINGLE = 4
CACHE_NAME = "minhash.npz"
FORMAT = 2
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


class SignatureCache:
    """Content hash -> signature, read from and written to one ``.npz`` file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        self.keys: dict[str, int] = {}
        self.rows: Signatures = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self._load()

    def _load(self) -> None:
        """Anything unreadable or made otherwise is ignored: the texts rebuild it. The file is
        opened here, not by ``np.load``, which leaves it open when its zip index is damaged."""
        try:
            with self.path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
                keys, rows, form = data["keys"], data["rows"], data["format"]
                if int(form) != FORMAT or rows.shape[1:] != (NUM_PERM,) or len(keys) != len(rows):
                    return
                self.keys = {k.decode("ascii"): n for n, k in enumerate(keys.tolist())}
                self.rows = rows.astype(np.uint32, copy=False)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            UnicodeError,
            BadZipFile,
            zlib.error,
            EOFError,
        ):
            return

    def update(self, wanted: Collection[str], text_of: Callable[[str], str]) -> bool:
        """Make the cache hold exactly the signatures of the content hashes ``wanted``,
        computing only the missing ones from ``text_of(hash)``; True when it changed. Texts
        are asked for only when missing: building all of them for every refresh held a second
        copy of the library's text (211 MB on 250,000 articles) to sign none of it."""
        missing = [h for h in wanted if h not in self.keys]
        if not missing and len(self.keys) == len(wanted):
            return False
        kept = [h for h in wanted if h in self.keys]
        fresh = signatures([text_of(h) for h in missing])
        old = self.rows[[self.keys[h] for h in kept]] if kept else self.rows[:0]
        self.rows = np.concatenate([old, fresh])
        self.keys = {h: n for n, h in enumerate([*kept, *missing])}
        return True

    def save(self) -> None:
        """Best effort: a cache that cannot be written is computed again next time."""
        buffer = io.BytesIO()
        keys = np.array([k.encode("ascii") for k in self.keys], dtype=np.bytes_)
        np.savez(buffer, keys=keys, rows=self.rows, format=np.array(FORMAT))
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, buffer.getvalue())

    def signature(self, content_hash: str) -> Signatures:
        row: Signatures = self.rows[self.keys[content_hash]]
        return row
