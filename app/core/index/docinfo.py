"""Each document's small stored fields, kept per segment as columns (``doc_columns.py``).

Facet counts, date sorting and incremental sync all need a value for every document; reading
Whoosh's stored fields per hit would cost a pickle load each. Segments never change once
written (only their deletion marks do, and deleted documents never match), so each
segment's table is built once, kept beside the index as ``<segment>.docinfo.npz`` (so a new
process loads 250,000 of them in a fraction of a second instead of unpickling every stored
document), and reused across searcher refreshes. A table in the JSON rows of older versions
(``<segment>.docinfo.json.z``) is converted on first open: the index itself is unchanged, so
no rebuild is needed.
"""

import contextlib
import datetime as dt
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from whoosh.searching import Searcher

from app.core.atomic import write_atomic
from app.core.damaged_files import DAMAGED_NUMPY_ERRORS
from app.core.index.doc_columns import SegmentColumns
from app.core.index.facets import FacetColumns
from app.core.index.schema import record_of

SIDECAR = ".docinfo.npz"
OLD_SIDECAR = ".docinfo.json.z"
OLD_SIDECAR_MAX_BYTES = 512 * 1024 * 1024
Ints = npt.NDArray[np.int64]


class DocInfo(NamedTuple):
    """One document's row (a named tuple: a sync makes one per live document, 250,000 at
    scale, and a frozen dataclass's checked assignments cost 1.2 s of that)."""

    id: str
    path: str
    day: int
    year: int
    source: str | None
    tags: tuple[str, ...]
    mtime_ns: int
    size: int
    sha1: str
    notes_stamp: int


def info_of(stored: dict[str, Any]) -> DocInfo:
    record = record_of(stored)
    return DocInfo(
        id=record.id,
        path=record.path,
        day=record.day,
        year=dt.date.fromordinal(record.day).year if record.day else 0,
        source=record.source,
        tags=tuple(dict.fromkeys([*record.article_tags, *record.note_tags])),
        mtime_ns=record.mtime_ns,
        size=record.size,
        sha1=record.sha1.hex(),
        notes_stamp=record.notes_stamp,
    )


def _save(folder: Path, key: str, columns: SegmentColumns) -> None:
    with contextlib.suppress(OSError):  # only a cache: failing to write it is fine
        write_atomic(folder / f"{key}{SIDECAR}", columns.to_bytes())


def write_sidecar(folder: Path, key: str, infos: list[DocInfo]) -> None:
    """Keep a segment's table beside the index. Build workers write their segment's, so the
    parent need not read every stored record."""
    _save(folder, key, SegmentColumns.of_rows(infos))


def _converted(folder: Path, key: str) -> SegmentColumns | None:
    """A table in the JSON rows older versions wrote, as columns (saved, the JSON deleted).
    Plain ``json.loads``: the rows are our own, and ``of_rows`` checks every value's type
    (the safe reader's walk of every value cost 2.3 s at 250,000 documents)."""
    old = folder / f"{key}{OLD_SIDECAR}"
    try:
        with open(old, "rb") as handle:
            raw = handle.read(OLD_SIDECAR_MAX_BYTES + 1)
        if len(raw) > OLD_SIDECAR_MAX_BYTES:
            return None
        columns = SegmentColumns.of_rows(json.loads(zlib.decompress(raw)))
    except (OSError, ValueError, TypeError, OverflowError, RecursionError, zlib.error):
        return None
    _save(folder, key, columns)
    with contextlib.suppress(OSError):
        old.unlink()
    return columns


def _load(folder: Path, key: str, count: int) -> SegmentColumns | None:
    try:
        columns: SegmentColumns | None = SegmentColumns.from_file(folder / f"{key}{SIDECAR}")
    except DAMAGED_NUMPY_ERRORS:
        columns = _converted(folder, key)
    return columns if columns is not None and len(columns) == count else None


class DocTable:
    """Document number -> its stored fields, for the searcher it was last refreshed with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._segments: dict[str, SegmentColumns] = {}
        self._parts: list[SegmentColumns] = []
        self._starts: Ints = np.zeros(0, dtype=np.int64)
        self.live: Ints = np.zeros(0, dtype=np.int64)
        self._by_id: dict[str, int] | None = None
        self._columns: FacetColumns | None = None

    def _segment_columns(self, reader: Any, key: str) -> SegmentColumns:
        count = reader.doc_count_all()
        columns = _load(self.folder, key, count)
        if columns is None:
            infos = [info_of(reader.stored_fields(n)) for n in range(count)]
            columns = SegmentColumns.of_rows(infos)
            _save(self.folder, key, columns)
        return columns

    def successor(self, searcher: Searcher) -> "DocTable":
        """The table of a newer generation, sharing this one's segment tables; this one stays
        whole for the queries still reading the older generation (see generations.py)."""
        table = DocTable(self.folder)
        table._segments = self._segments
        table.refresh(searcher)
        return table

    def refresh(self, searcher: Searcher) -> None:
        parts: list[SegmentColumns] = []
        starts: list[int] = []
        kept: dict[str, SegmentColumns] = {}
        live: list[Ints] = []
        for reader, offset in searcher.reader().leaf_readers():
            count = reader.doc_count_all()
            if count == 0:
                continue
            key = reader.segment().segment_id()
            columns = self._segments.get(key)
            if columns is None:
                columns = self._segment_columns(reader, key)
            kept[key] = columns
            parts.append(columns)
            starts.append(offset)
            keep = np.ones(count, dtype=bool)
            if reader.has_deletions():
                keep[np.fromiter(reader.deleted_docs_set, np.int64)] = False
            live.append(offset + np.flatnonzero(keep))
        self._segments = kept
        self._parts = parts
        self._starts = np.array(starts, dtype=np.int64)
        self.live = np.concatenate(live) if live else np.zeros(0, dtype=np.int64)
        self._by_id = None
        self._columns = None
        self._forget_others(set(kept))

    def _by_part(self, docnums: Ints) -> Iterator[tuple[SegmentColumns, Ints]]:
        """``docnums`` (ascending) as each segment's own numbers, segment by segment."""
        which = np.searchsorted(self._starts, docnums, side="right") - 1
        for part in np.unique(which).tolist():
            yield self._parts[part], docnums[which == part] - self._starts[part]

    def live_infos(self) -> "LiveRows":
        """Every live document (what a sync compares with the files)."""
        return LiveRows(self)

    def infos_of(self, docnums: Ints) -> list[DocInfo]:
        """The rows of ``docnums`` (ascending document numbers)."""
        return [i for part, chosen in self._by_part(docnums) for i in part.rows(chosen, DocInfo)]

    def paths_of(self, docnums: Ints) -> list[str]:
        """The file paths of ``docnums`` (ascending document numbers)."""
        return [p for part, chosen in self._by_part(docnums) for p in part.paths.many(chosen)]

    def numbers_of(self, docnums: Ints, name: str) -> Ints:
        """One number column (``mtime_ns``, ``size``, ``notes_stamp``...) of ``docnums``."""
        pieces = [part.numbers[name][chosen] for part, chosen in self._by_part(docnums)]
        return np.concatenate(pieces).astype(np.int64) if pieces else np.zeros(0, np.int64)

    def ids_of(self, docnums: Ints) -> list[str]:
        """The article ids of ``docnums`` (ascending document numbers)."""
        return [i for part, chosen in self._by_part(docnums) for i in part.ids.many(chosen)]

    @property
    def columns(self) -> FacetColumns:
        """The facet arrays of this generation, made when a search first needs them."""
        if self._columns is None:
            self._columns = FacetColumns(self._parts)
        return self._columns

    def docnum_of(self, article_id: str) -> int | None:
        """The live document of an article (the index holds no id terms)."""
        if self._by_id is None:
            self._by_id = dict(zip(self.ids_of(self.live), self.live.tolist(), strict=True))
        return self._by_id.get(article_id)

    def _forget_others(self, current: set[str]) -> None:
        """Tables of segments merged away; another process still reading one of them would
        rebuild it from stored fields, so deleting early does no harm."""
        for suffix in (SIDECAR, OLD_SIDECAR):
            for sidecar in self.folder.glob(f"*{suffix}"):
                if sidecar.name.removesuffix(suffix) not in current:
                    with contextlib.suppress(OSError):
                        sidecar.unlink()


class LiveRows:
    """The live documents of one generation, as a sync reads them: iterated, each number
    with its row; or column by column (paths, file stamps), so that a sync with little to
    do decodes the few rows it needs instead of making a row for every document (at 250,000,
    0.9 of a 2.6 s sync and most of its 270 MB peak)."""

    def __init__(self, table: DocTable) -> None:
        self.table = table
        self.docnums: Ints = table.live

    def __len__(self) -> int:
        return len(self.docnums)

    def __iter__(self) -> Iterator[tuple[int, DocInfo]]:
        yield from zip(self.docnums.tolist(), self.table.infos_of(self.docnums), strict=True)
