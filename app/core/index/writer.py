"""Whoosh's segment writer and codec, made faster and smaller where Whoosh wastes work.

When a segment is flushed, Whoosh writes every posting with its document's field length (for
the block statistics BM25 uses), and asks the segment's length column for it once per
posting: a seek and a struct unpack each, an eighth of a single-process build's CPU. The
lengths are the same numbers read in one pass per field, so the segment is byte for byte
what Whoosh would write. Rare terms keep their postings in the term dictionary (see
``IndexCodec``).

Stored fields are pickled with protocol 5 instead of Whoosh's protocol 2, which writes a
bytes value as a latin-1 string re-encoded in UTF-8 (half as large again) and every string
with a 4-byte length; Whoosh's reader unpickles any protocol, and the column still
compresses each document's pickle.
"""

import pickle
from typing import Any

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3PerDocWriter,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

INLINE_LIMIT = 4
# Whoosh's estimate of the posting pool's size before it sorts a run out to a temporary file
# and merges the runs back at the end (pickling every posting twice). Its default, 128,
# made each worker of a corpus build spill once: 256 keeps 18,000 news articles per
# process in memory (about 250 MB resident for 12,000, against 200 MB when spilling).
POOL_MB = 256


class _Lengths:
    """``doc_field_length`` of a per-document reader, one column read per field."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[int | None] | None] = {}

    def _column(self, fieldname: str) -> list[int | None] | None:
        lenfield = _lenfield(fieldname)
        column = self._reader._cached_reader(lenfield, LENGTHS_COLUMN)
        if column is None:
            return None
        return [byte_to_length(b) if b else None for b in column]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._fields:
            self._fields[fieldname] = self._column(fieldname)
        lengths = self._fields[fieldname]
        return default if lengths is None else lengths[docnum]


class IndexWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter with ``IndexCodec`` and a larger posting pool, whose flush feeds the
    postings from ``_Lengths``."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", IndexCodec())
        kwargs.setdefault("limitmb", POOL_MB)
        super().__init__(ix, **kwargs)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


class _InliningPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer with its inlining path working (it calls a method that
    W3TermInfo does not have, so Whoosh ships with inlining off). Formats without values
    get empty bytes per posting: Whoosh's list matcher would answer a str, which merging
    segments refuses."""

    _terminfo: Any

    def finish_postings(self) -> Any:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values or [b""] * len(self))
        self._terminfo = None
        return terminfo


class _PerDocWriter(W3PerDocWriter):  # type: ignore[misc]
    """Whoosh's per-document writer, stored fields pickled with protocol 5."""

    def finish_doc(self) -> None:
        stored = self._storedfields
        if stored:
            # The stored column is Whoosh's PickleColumn over compressed bytes: give its
            # compressed child the pickle made here.
            self._get_column("_stored")._child.add(self._docnum, pickle.dumps(stored, 5))
            stored.clear()
        self._indoc = False


class IndexCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec, with the postings of rare terms kept in the term dictionary and
    stored fields pickled compactly."""

    def __init__(self, inlinelimit: int = INLINE_LIMIT) -> None:
        super().__init__(inlinelimit=inlinelimit)

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        return _PerDocWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
