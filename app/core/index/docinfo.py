"""A compact in-memory copy of each document's small stored fields, kept per segment.

Facet counts, date sorting and incremental sync all need a value for every document; reading
Whoosh's stored fields per hit would cost a pickle load each. Segments never change once
written (only their deletion marks do, and deleted documents never match), so each
segment's arrays are built once, kept beside the index as ``<segment>.docinfo.json.z`` (so a
new process loads 23,803 of them in a few tens of milliseconds instead of unpickling every
stored document), and reused across searcher refreshes.
"""

import contextlib
import datetime as dt
import json
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from app.core.atomic import write_atomic
from app.core.index.facets import FacetColumns
from app.core.index.schema import record_of
from app.core.json_input import parse_json

SIDECAR = ".docinfo.json.z"
SIDECAR_MAX_BYTES = 512 * 1024 * 1024  # ~20 times what 23,803 articles need


@dataclass(frozen=True)
class DocInfo:
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


_FIELDS = [f.name for f in fields(DocInfo)]


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


def write_sidecar(folder: Path, key: str, infos: list[DocInfo]) -> None:
    """Keep a segment's table beside the index (only a cache: failing to write it is fine).
    Build workers write their segment's, so the parent need not read every stored record."""
    with contextlib.suppress(OSError):
        # Fields read one by one: dataclasses.astuple deep-copies every value, 2% of a build.
        rows = [tuple(getattr(i, name) for name in _FIELDS) for i in infos]
        data = json.dumps(rows).encode("utf-8")
        write_atomic(folder / f"{key}{SIDECAR}", zlib.compress(data, 6))


def _load(path: Path, count: int) -> list[DocInfo] | None:
    try:
        rows = parse_json(zlib.decompress(path.read_bytes()), max_bytes=SIDECAR_MAX_BYTES)
        infos = [
            DocInfo(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), r[6], r[7], r[8], r[9]) for r in rows
        ]
    except (OSError, ValueError, TypeError, IndexError, zlib.error):
        return None
    return infos if len(infos) == count else None


class DocTable:
    """Document number -> DocInfo for the searcher it was last refreshed with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._segments: dict[str, list[DocInfo]] = {}
        self.infos: list[DocInfo] = []
        self.live: list[int] = []
        self._by_id: dict[str, int] | None = None
        self._columns: FacetColumns | None = None

    def _segment_infos(self, reader: Any, key: str) -> list[DocInfo]:
        count = reader.doc_count_all()
        sidecar = self.folder / f"{key}{SIDECAR}"
        infos = _load(sidecar, count)
        if infos is None:
            infos = [info_of(reader.stored_fields(n)) for n in range(count)]
            write_sidecar(self.folder, key, infos)
        return infos

    def refresh(self, searcher: Searcher) -> None:
        table: list[DocInfo] = []
        kept: dict[str, list[DocInfo]] = {}
        live: list[int] = []
        for reader, offset in searcher.reader().leaf_readers():
            if reader.doc_count_all() == 0:
                continue
            key = reader.segment().segment_id()
            infos = self._segments.get(key) or self._segment_infos(reader, key)
            kept[key] = infos
            table.extend(infos)
            if reader.has_deletions():
                deleted = reader.deleted_docs_set
                live.extend(offset + n for n in range(len(infos)) if n not in deleted)
            else:
                live.extend(range(offset, offset + len(infos)))
        self._segments = kept
        self.infos = table
        self.live = live
        self._by_id = None
        self._columns = None
        self._forget_others(set(kept))

    @property
    def columns(self) -> FacetColumns:
        """The facet arrays of this generation, made when a search first needs them."""
        if self._columns is None:
            self._columns = FacetColumns(self.infos)
        return self._columns

    def docnum_of(self, article_id: str) -> int | None:
        """The live document of an article (the index holds no id terms)."""
        if self._by_id is None:
            self._by_id = {self.infos[d].id: d for d in self.live}
        return self._by_id.get(article_id)

    def _forget_others(self, current: set[str]) -> None:
        """Sidecars of segments merged away; another process still reading one of them
        would rebuild it from stored fields, so deleting early does no harm."""
        for sidecar in self.folder.glob(f"*{SIDECAR}"):
            if sidecar.name.removesuffix(SIDECAR) not in current:
                with contextlib.suppress(OSError):
                    sidecar.unlink()
