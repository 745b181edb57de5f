"""A compact in-memory copy of each document's small stored fields, kept per segment.

Facet counts, date sorting and incremental sync all need a value for every document; reading
Whoosh's stored fields per hit would cost a pickle load each. Segments never change once
written (only their deletion marks do, and deleted documents never match), so each
segment's arrays are built once and reused across searcher refreshes.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh.searching import Searcher


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


def _info(stored: dict[str, Any]) -> DocInfo:
    date = stored.get("date")
    return DocInfo(
        id=stored["id"],
        path=stored.get("path", ""),
        day=date.toordinal() if date is not None else 0,
        year=date.year if date is not None else 0,
        source=stored.get("source"),
        tags=tuple(dict.fromkeys([*stored.get("article_tags", []), *stored.get("note_tags", [])])),
        mtime_ns=stored.get("mtime_ns", 0),
        size=stored.get("size", -1),
        sha1=stored.get("sha1", ""),
    )


class DocTable:
    """Document number -> DocInfo for the searcher it was last refreshed with."""

    def __init__(self) -> None:
        self._segments: dict[str, list[DocInfo | None]] = {}
        self.infos: list[DocInfo | None] = []
        self.live: list[int] = []

    def refresh(self, searcher: Searcher) -> None:
        table: list[DocInfo | None] = []
        kept: dict[str, list[DocInfo | None]] = {}
        live: list[int] = []
        for reader, offset in searcher.reader().leaf_readers():
            key = reader.segment().segment_id() if hasattr(reader, "segment") else str(offset)
            infos = self._segments.get(key)
            if infos is None:
                infos = [_info(reader.stored_fields(n)) for n in range(reader.doc_count_all())]
            kept[key] = infos
            table.extend(infos)
            live.extend(offset + n for n in range(len(infos)) if not reader.is_deleted(n))
        self._segments = kept
        self.infos = table
        self.live = live

    def live_infos(self) -> Iterable[DocInfo]:
        for docnum in self.live:
            info = self.infos[docnum]
            if info is not None:
                yield info

    def dated_between(self, ranges: list[tuple[int, int]]) -> list[int]:
        """Live documents whose day falls in every range (undated ones never do)."""
        infos = self.infos
        out = []
        for docnum in self.live:
            info = infos[docnum]
            if info is not None and info.day and all(lo <= info.day <= hi for lo, hi in ranges):
                out.append(docnum)
        return out

    def facets(self, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
        """Counts of tags, sources and years among matched documents, largest first."""
        infos = [self.infos[d] for d in docnums]
        tags: Counter[str] = Counter()
        sources: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for info in infos:
            if info is None:
                continue
            tags.update(info.tags)
            if info.source:
                sources[info.source] += 1
            if info.year:
                years[str(info.year)] += 1
        return {
            "tags": tags.most_common(30),
            "sources": sources.most_common(30),
            "years": sorted(years.items(), reverse=True),
        }
