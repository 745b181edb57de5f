"""Whoosh's segment writer, with the codec of ``codec.py``, a larger posting pool, and the
field lengths of a new segment read once, not per posting.

When a segment is flushed, Whoosh writes every posting with its document's field length (for
the block statistics BM25 uses), and asks the segment's length column for it once per
posting: a seek and a struct unpack each, an eighth of a single-process build's CPU. The
lengths are the same numbers read in one pass per field, so the segment is byte for byte
what Whoosh would write.
"""

import contextlib
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from app.core.index.codec import IndexCodec

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
        try:
            lengths = _Lengths(reader) if reader is not None else None
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:  # a full disk fails add_postings: the segment's length files must close too
            if reader is not None:
                reader.close()

    def cancel(self) -> None:
        """Whoosh's cancel first closes the segment's files, which fails on a full disk; the
        lock and the temporary files must go all the same, or this process would take its
        own dead writer for another process writing until it exits. The new segment's files
        go too: Whoosh leaves them to the next commit, so every sync with nothing to write
        (each CLI search syncs first) left three more in the index folder."""
        try:
            super().cancel()
        except OSError:
            self._finish()
            raise
        finally:
            for name in self.newsegment.list_files(self.storage):
                with contextlib.suppress(OSError):
                    self.storage.delete_file(name)
