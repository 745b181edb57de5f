"""The index's own words with how many articles hold each, and which lie within two edits of
a typed word: the dictionary behind "Did you mean".

Walking the term list and computing an edit distance per term cost 45 ms for one unknown
word on the 23,383-article library, and Whoosh's automaton more. Here candidates come from a
symmetric-delete table: every term and every string made by deleting one or two of its
characters is a key, and a typed word's own one- and two-character deletions are looked up
in it (two words within two edits always share such a string). Keys are the first ``PREFIX``
characters only, packed one byte per character into a 64-bit integer (truncating both sides
to the same length keeps every pair within two edits; it only lets in more candidates, which
the exact distance then sorts out), so the whole table is a few numpy arrays built in about
0.1 s instead of a dictionary of a million strings.

The terms and their document frequencies are read from the index's lexicon once per segment
and kept beside the index as ``readmark-spelling-<segment>.json`` (segments never change
once written, so a synced index with new words has a new segment and a new file; files of
segments merged away are deleted). A damaged or foreign file is read again from the lexicon,
never trusted and never a crash. No schema change: the index is what it was.
"""

import contextlib
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from app.core.atomic import write_atomic
from app.core.json_input import read_json

MAX_DISTANCE = 2
PREFIX = 7  # characters per key: 7 bytes, and a spare byte for the shift of a deletion
ALPHABET = 254  # the commonest characters get a byte each; any other character shares 255
OTHER = 255
SIDE_PREFIX = "readmark-spelling-"
SIDE_SUFFIX = ".json"
SIDE_MAX_BYTES = 64 * 1024 * 1024  # ~70 times what the 23,383-article library needs
STEM_FIELDS = ("body", "title")  # stemmed alike: one dictionary of stems
NAME_FIELDS = ("author",)  # names are not stemmed: typed and indexed forms compare directly

Keys = npt.NDArray[np.uint64]
_BYTE = np.uint64(8)


Lexicon = dict[str, dict[str, int]]  # field -> term -> number of articles holding it


def _read_lexicon(reader: Any) -> Lexicon:
    """One segment's terms of the fields a suggestion draws on, from its term list."""
    lexicon: Lexicon = {}
    for fieldname in (*STEM_FIELDS, *NAME_FIELDS):
        found = lexicon[fieldname] = {}
        if fieldname in reader.schema:
            for btext, info in reader.iter_field(fieldname):
                found[btext.decode("utf-8")] = int(info.doc_frequency())
    return lexicon


def _valid(part: Any) -> dict[str, int] | None:
    if not isinstance(part, list) or len(part) != 2:
        return None
    terms, counts = part
    if not isinstance(terms, list) or not isinstance(counts, list) or len(terms) != len(counts):
        return None
    if not all(isinstance(t, str) and t for t in terms):
        return None
    if not all(type(c) is int and c >= 0 for c in counts):
        return None
    return dict(zip(terms, counts, strict=True))


def _load(path: Path, segment: str) -> Lexicon | None:
    """The side file's lexicon, or None when it is missing, damaged or another segment's."""
    try:
        data = read_json(path, max_bytes=SIDE_MAX_BYTES)
    except (OSError, ValueError):  # BadJson is a ValueError
        return None
    if not isinstance(data, dict) or data.get("segment") != segment:
        return None
    fields = data.get("fields")
    if not isinstance(fields, dict):
        return None
    lexicon = {f: _valid(fields.get(f)) for f in (*STEM_FIELDS, *NAME_FIELDS)}
    if any(part is None for part in lexicon.values()):
        return None
    return {f: part for f, part in lexicon.items() if part is not None}


def _save(path: Path, segment: str, lexicon: Lexicon) -> None:
    """Only a cache: an index folder that cannot be written to just reads the lexicon again."""
    fields = {f: [list(terms), list(terms.values())] for f, terms in lexicon.items()}
    data = {"segment": segment, "fields": fields}
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def merge(lexicons: list[Lexicon]) -> tuple[dict[str, int], dict[str, int]]:
    """Stems with the number of articles whose body holds them (their title's for a stem
    in no body: as ``stem_frequency`` reads the index), and names with theirs."""
    totals: Lexicon = {f: {} for f in (*STEM_FIELDS, *NAME_FIELDS)}
    for lexicon in lexicons:
        for fieldname, terms in lexicon.items():
            total = totals[fieldname]
            for term, count in terms.items():
                total[term] = total.get(term, 0) + count
    body, title = (totals[f] for f in STEM_FIELDS)
    stems = {**title, **body}
    names: dict[str, int] = {}
    for fieldname in NAME_FIELDS:
        names.update(totals[fieldname])
    return stems, names


def stem_frequency(reader: Any, stem: str) -> int:
    """What ``merge`` counts for one stem, read from the index itself."""
    body, title = STEM_FIELDS
    return int(reader.doc_frequency(body, stem) or reader.doc_frequency(title, stem))


def _delete_at(keys: Keys, at: int) -> Keys:
    """The keys with the character at ``at`` removed (the rest move up, a zero comes in)."""
    high = np.uint64(((1 << (8 * at)) - 1) << (8 * (PREFIX - at)))
    low = np.uint64((1 << (8 * (PREFIX - at))) - 1)
    return (keys & high) | ((keys << _BYTE) & low)


def _deletions(
    keys: Keys, lengths: npt.NDArray[np.int64], most: int = MAX_DISTANCE
) -> tuple[Keys, npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Every key with up to ``most`` (at most two) characters deleted, the row of ``keys``
    each came from and how many were deleted. Deleting past a word's end would only repeat
    the word, so it is skipped."""
    rows = np.arange(len(keys), dtype=np.int64)
    found, origin, depth = [keys], [rows], [np.zeros(len(keys), dtype=np.uint8)]
    for j in range(PREFIX if most else 0):
        inside = j < lengths
        once = _delete_at(keys, j)
        variants = [once] + ([_delete_at(once, i) for i in range(j)] if most > 1 else [])
        for count, variant in enumerate(variants):
            found.append(variant[inside])
            origin.append(rows[inside])
            depth.append(np.full(int(inside.sum()), 1 if count == 0 else 2, dtype=np.uint8))
    return np.concatenate(found), np.concatenate(origin), np.concatenate(depth)


def _code_points(words: list[str]) -> npt.NDArray[np.uint32]:
    """The first ``PREFIX`` code points of each word, one row each, 0 past its end."""
    fixed = np.array(words, dtype=f"<U{PREFIX}") if words else np.zeros(0, dtype=f"<U{PREFIX}")
    return fixed.view(np.uint32).reshape(len(words), PREFIX)


class SpellingTable:
    """The dictionary of one index generation: ``terms`` are the stems, then the names."""

    def __init__(self, stems: dict[str, int], names: dict[str, int]) -> None:
        self.terms = [*stems, *names]
        self.stem_rows = {term: row for row, term in enumerate(stems)}
        self.frequencies = [*stems.values(), *names.values()]
        self.stem_count = len(stems)
        codes = _code_points(self.terms)
        chars, counts = np.unique(codes[codes > 0], return_counts=True)
        commonest = chars[np.lexsort((chars, -counts))]
        self._alphabet = np.sort(commonest[:ALPHABET])
        self._lengths = np.array([len(t) for t in self.terms], dtype=np.int64)
        keys, origin, depth = _deletions(self._pack(codes), np.minimum(self._lengths, PREFIX))
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._rows = origin[order]
        self._depth = depth[order]

    def _pack(self, codes: npt.NDArray[np.uint32]) -> Keys:
        """Each row of code points as one key: a byte per character, by its rank in the
        alphabet (255 for a rare one, 0 past the end of the word)."""
        if not len(self._alphabet):
            return np.zeros(len(codes), dtype=np.uint64)
        at = np.minimum(np.searchsorted(self._alphabet, codes), len(self._alphabet) - 1)
        ranks = np.where(self._alphabet[at] == codes, at + 1, OTHER).astype(np.uint64)
        ranks[codes == 0] = 0
        keys = np.zeros(len(codes), dtype=np.uint64)
        for column in range(PREFIX):
            keys = (keys << _BYTE) | ranks[:, column]
        return keys

    def near(self, word: str, max_distance: int = MAX_DISTANCE) -> list[tuple[int, int]]:
        """(distance, row in ``terms``) of every term within ``max_distance`` edits (adjacent
        letters swapped count one), the nearest first; the word itself included if known."""
        if not self.terms or not word:
            return []
        max_distance = min(max_distance, MAX_DISTANCE)
        own = self._pack(_code_points([word]))
        length = np.array([min(len(word), PREFIX)], dtype=np.int64)
        keys = np.unique(_deletions(own, length, max_distance)[0])
        starts = np.searchsorted(self._keys, keys, side="left")
        ends = np.searchsorted(self._keys, keys, side="right")
        hits = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
        hits = hits[self._depth[hits] <= max_distance]
        rows = np.unique(self._rows[hits])
        rows = rows[np.abs(self._lengths[rows] - len(word)) <= max_distance]
        found = []
        letters = set(word)
        for row in rows.tolist():
            term = self.terms[row]
            # Each edit changes the set of letters by at most two: a C-level set difference
            # turns most candidates away before the pure-Python edit distance.
            if len(letters.symmetric_difference(term)) > 2 * max_distance:
                continue
            distance = damerau_levenshtein(word, term, max_distance)
            if distance <= max_distance:
                found.append((distance, row))
        return sorted(found)


def _segments(searcher: Searcher) -> list[tuple[str, Any]]:
    return [
        (reader.segment().segment_id(), reader)
        for reader, _offset in searcher.reader().leaf_readers()
        if reader.doc_count_all()
    ]


class SpellingTables:
    """The spelling table of an index folder for the searcher's generation, made when first
    asked for and again when the set of segments changes (per-segment lexicons are kept, so
    only new segments are read); and what a suggestion learnt of this generation's words.
    Searches on several threads share it (generations.py): its state changes under a lock,
    and a table is made outside it and kept only if the segments are still the latest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lexicons: dict[str, Lexicon] = {}
        self._key: tuple[str, ...] | None = None
        self._table: SpellingTable | None = None
        # Written forms of stems, as suggestions read them from articles (see suggest.py).
        self.written: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def _follow(self, searcher: Searcher) -> tuple[tuple[str, ...], list[tuple[str, Any]]]:
        segments = _segments(searcher)
        key = tuple(sorted(s for s, _r in segments))
        with self._lock:
            if key != self._key:
                self._key, self._table, self.written = key, None, {}
        return key, segments

    def built(self, searcher: Searcher) -> SpellingTable | None:
        """The table of this generation if it is made already (making it costs 0.2-0.7 s)."""
        key, _segments = self._follow(searcher)
        with self._lock:
            return self._table if self._key == key else None

    def table(self, searcher: Searcher) -> SpellingTable:
        key, segments = self._follow(searcher)
        with self._lock:
            if self._key == key and self._table is not None:
                return self._table
            known = dict(self._lexicons)
        lexicons = {s: known.get(s) or self._lexicon(s, r) for s, r in segments}
        table = SpellingTable(*merge(list(lexicons.values())))
        with self._lock:
            latest = self._key == key
            if latest:
                self._lexicons, self._table = lexicons, table
        if latest:
            self._forget_others(set(lexicons))
        return table

    def _lexicon(self, segment: str, reader: Any) -> Lexicon:
        path = self.folder / f"{SIDE_PREFIX}{segment}{SIDE_SUFFIX}"
        lexicon = _load(path, segment)
        if lexicon is None:
            lexicon = _read_lexicon(reader)
            _save(path, segment, lexicon)
        return lexicon

    def _forget_others(self, current: set[str]) -> None:
        """Side files of segments merged away (another process still reading one would read
        its lexicon again, so deleting early does no harm)."""
        for path in self.folder.glob(f"{SIDE_PREFIX}*{SIDE_SUFFIX}"):
            segment = path.name.removeprefix(SIDE_PREFIX).removesuffix(SIDE_SUFFIX)
            if segment not in current:
                with contextlib.suppress(OSError):
                    path.unlink()
