"""A full build's segment written from arrays of postings, not posting by posting.

Whoosh's writer turns every posting of every document into a tuple in its pool, sorts the
pool when the segment is flushed and hands the postings one by one to the postings writer:
those Python calls per token and per posting were half of a full build's CPU. A full build
only adds documents, in document order, and never deletes or merges, so ``BulkWriter``
keeps the words of the phrase fields (title, body, notes) as arrays of term numbers, one
stable sort by term puts each term's postings in document order, the positions are encoded
for all postings at once, and each block of postings is packed from slices. The other
fields (author, source, tags, date: a few postings per document, their values repeated
across articles) keep Whoosh's analysis, cached per distinct value.

The segment is byte for byte what ``IndexWriter`` (Whoosh's path, used by incremental sync)
writes for the same documents: ``tests/core/test_build_bulk.py`` compares them.
"""

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.util.numeric import byte_to_length, length_to_byte

from app.core.index.analysis import WORD, normal_term
from app.core.index.positions import PhraseText
from app.core.index.writer import IndexWriter

Ints = npt.NDArray[np.signedinteger[Any]]
# CompactPositions' type codes by width index (1, 2 or 4 bytes per position delta).
_TYPE_CODES = np.frombuffer(b"BHI", dtype=np.uint8)
_WIDTHS = np.array([1, 2, 4], dtype=np.int64)
# Distinct values of the other fields whose analysis is kept (dates, sources, tag lists).
VALUE_CACHE = 50_000
# Postings turned into Python lists at a time when a field is written.
CHUNK = 1 << 16
# Tokens of a phrase field encoded at a time (whole terms): bounds the encoding's arrays.
TOKEN_WINDOW = 1 << 21


@dataclass
class _Postings:
    """One field's postings in (term, document) order: the terms sorted as bytes, where
    each term's postings start and end (``bounds``), and per posting its document, weight
    and value (``values[offsets[i]:offsets[i + 1]]``)."""

    terms: list[bytes]
    bounds: Ints
    docs: Ints
    weights: npt.NDArray[np.float64]
    offsets: Ints
    values: bytes


class _Words:
    """The words of one phrase field, document by document, as term numbers (-1: a stop
    word, which still takes a position)."""

    def __init__(self, boost: float) -> None:
        self.boost = boost
        self.codes = array("i")
        self.docs = array("i")
        self.counts = array("i")

    def add(self, docnum: int, codes: list[int]) -> int:
        """Keep one document's words; returns its field length (the words indexed)."""
        self.codes.extend(codes)
        self.docs.append(docnum)
        self.counts.append(len(codes))
        return len(codes) - codes.count(-1)

    def postings(self, ranks: Ints, sorted_terms: list[bytes], window: int) -> Iterator[_Postings]:
        """Every posting of the field, in term order, a window of about ``window`` tokens
        (whole terms) at a time; each value encoded as ``CompactPositions.encode`` would: a
        type code, then the position deltas little-endian in the narrowest of 1, 2 or 4
        bytes. Only the sort sees every token at once: the encoding's arrays, several
        64-bit numbers per token, were most of a build's peak memory and grew with the
        segment, which is why segments had been kept small (queries pay per segment)."""
        # 32-bit numbers while tokens are sorted: a share of 125,000 articles has about
        # eighteen million tokens, and each array of them is copied a few times.
        counts = np.frombuffer(self.counts, dtype=np.intc)
        codes = np.frombuffer(self.codes, dtype=np.intc)
        doc_starts = (np.cumsum(counts) - counts).astype(np.intc)
        positions = np.arange(len(codes), dtype=np.intc) - np.repeat(doc_starts, counts)
        docs = np.repeat(np.frombuffer(self.docs, dtype=np.intc), counts)
        kept = codes >= 0
        rank = ranks[codes[kept]]
        order = np.argsort(rank, kind="stable")  # documents and positions stay in order
        rank, docs, positions = rank[order], docs[kept][order], positions[kept][order]
        del codes, kept, order
        start, total = 0, len(rank)
        while start < total:
            if start + window >= total:
                end = total
            else:  # up to the first token of the term at ``window``, or one long term
                end = int(np.searchsorted(rank, rank[start + window]))
                if end <= start:
                    end = int(np.searchsorted(rank, rank[start], side="right"))
            yield self._encoded(
                rank[start:end], docs[start:end], positions[start:end], sorted_terms
            )
            start = end

    def _encoded(
        self, rank: Ints, docs: Ints, positions: Ints, sorted_terms: list[bytes]
    ) -> _Postings:
        """The postings of whole terms' tokens (sorted by term, then document, position)."""
        tokens = len(rank)
        first = np.ones(tokens, dtype=bool)
        first[1:] = (rank[1:] != rank[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(first)
        freqs = np.diff(np.append(starts, tokens))
        deltas = np.diff(positions, prepend=0)
        deltas[first] = positions[first]
        widest = np.maximum.reduceat(deltas, starts)
        width_index = (widest >= 0x100).astype(np.int64) + (widest >= 0x10000)
        widths = _WIDTHS[width_index]
        offsets = np.zeros(len(starts) + 1, dtype=np.int64)
        np.cumsum(1 + freqs * widths, out=offsets[1:])
        buffer = np.zeros(offsets[-1], dtype=np.uint8)
        buffer[offsets[:-1]] = _TYPE_CODES[width_index]
        posting = np.repeat(np.arange(len(starts)), freqs)
        token_width = widths[posting]
        at = offsets[posting] + 1 + (np.arange(tokens) - starts[posting]) * token_width
        for byte in range(4):
            wide = token_width > byte
            if not wide.any():
                break
            buffer[at[wide] + byte] = (deltas[wide] >> (8 * byte)) & 0xFF
        term_of = rank[starts]
        new_term = np.ones(len(starts), dtype=bool)
        new_term[1:] = term_of[1:] != term_of[:-1]
        term_starts = np.flatnonzero(new_term)
        return _Postings(
            terms=[sorted_terms[r] for r in term_of[term_starts].tolist()],
            bounds=np.append(term_starts, len(starts)),
            docs=docs[starts],
            weights=freqs * self.boost,
            offsets=offsets,
            values=buffer.tobytes(),
        )


def _gathered(terms: dict[bytes, tuple[list[int], list[float], list[bytes]]]) -> _Postings:
    """The postings of a field indexed by Whoosh's analysis, gathered per term."""
    keys = sorted(terms)
    docs: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    bounds = [0]
    for key in keys:
        term_docs, term_weights, term_values = terms[key]
        docs += term_docs
        weights += term_weights
        values += term_values
        bounds.append(len(docs))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)), out=offsets[1:])
    return _Postings(
        terms=keys,
        bounds=np.array(bounds, dtype=np.int64),
        docs=np.array(docs, dtype=np.int64),
        weights=np.array(weights, dtype=np.float64),
        offsets=offsets,
        values=b"".join(values),
    )


class _TermCodes(dict[str, int]):
    """Word -> the number of its term (-1: a stop word), numbering new terms as they come.
    A dictionary read through ``map`` in C: an ``lru_cache`` call per word cost half again."""

    def __init__(self, numbers: dict[str, int]) -> None:
        super().__init__()
        self._numbers = numbers

    def __missing__(self, word: str) -> int:
        term = normal_term(word)
        code = -1 if term is None else self._numbers.setdefault(term, len(self._numbers))
        self[word] = code
        return code

    def of_text(self, text: str) -> list[int]:
        """The term numbers of the words of ``text``, in order (stop words too)."""
        return list(map(self.__getitem__, WORD.findall(text)))


class BulkWriter(IndexWriter):
    """An ``IndexWriter`` for full builds: documents are only added (no deletions, no
    merges, no boosts), and its segment's postings are written from arrays."""

    def __init__(self, ix: Any, token_window: int = TOKEN_WINDOW, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.token_window = token_window
        fields = dict(self.schema.items())
        unsupported = [
            name
            for name, field in fields.items()
            if field.vector or field.column_type or field.separate_spelling()
        ]
        if unsupported:
            raise ValueError(f"the bulk writer cannot index fields {unsupported}")
        self._fields = fields
        self._term_numbers: dict[str, int] = {}
        self._codes = _TermCodes(self._term_numbers)
        self._words = {
            name: _Words(float(field.format.field_boost))
            for name, field in fields.items()
            if isinstance(field, PhraseText)
        }
        self._gathered: dict[str, dict[bytes, tuple[list[int], list[float], list[bytes]]]] = {}
        self._lengths = {name: array("i") for name, field in fields.items() if field.scorable}
        self._analysed: dict[tuple[str, Any], tuple[list[tuple[bytes, float, bytes]], int]] = {}

    def _analyse(self, name: str, value: Any) -> tuple[list[tuple[bytes, float, bytes]], int]:
        """Whoosh's postings of one field value and its length, kept per distinct value."""
        key = (name, value)
        found = self._analysed.get(key)
        if found is None:
            if len(self._analysed) >= VALUE_CACHE:
                self._analysed.clear()
            field = self._fields[name]
            items = list(field.index(value))
            # SegmentWriter multiplies each weight by the document's boost, 1.0 here.
            postings = [(tbytes, weight * 1.0, vbytes) for tbytes, _f, weight, vbytes in items]
            length = sum(freq for _t, freq, _w, _v in items) if field.scorable else 0
            found = self._analysed[key] = (postings, length)
        return found

    def add_document(self, **fields: Any) -> None:
        """``SegmentWriter.add_document`` for documents without boosts: the same stored
        fields and lengths, the postings kept for the flush."""
        self._check_state()
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(self.schema, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for lengths in self._lengths.values():
            lengths.append(0)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self._fields[name]
            length = 0
            if name in self._words:
                length = self._words[name].add(docnum, self._codes.of_text(value))
            elif field.indexed:
                postings, length = self._analyse(name, value)
                terms = self._gathered.setdefault(name, {})
                for tbytes, weight, vbytes in postings:
                    term = terms.get(tbytes)
                    if term is None:
                        term = terms[tbytes] = ([], [], [])
                    term[0].append(docnum)
                    term[1].append(weight)
                    term[2].append(vbytes)
            if length:
                self._lengths[name][-1] = length
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _sorted_terms(self) -> tuple[Ints, list[bytes]]:
        """Each term number's rank in byte order, and the terms in that order."""
        encoded = [term.encode("utf-8") for term in self._term_numbers]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        ranks = np.empty(len(encoded), dtype=np.intc)
        ranks[order] = np.arange(len(encoded), dtype=np.intc)
        return ranks, [encoded[i] for i in order]

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        ranks, sorted_terms = self._sorted_terms()
        for name in sorted({*self._words, *self._gathered}):
            words = self._words.get(name)
            if words is not None:
                windows: Iterable[_Postings] = words.postings(
                    ranks, sorted_terms, self.token_window
                )
            else:
                windows = [_gathered(self._gathered[name])]
            self._write_field(name, windows)
        self.fieldwriter.close()

    def _read_lengths(self, name: str) -> Ints:
        """Each document's length in ``name`` as the segment's length column gives it back
        (a byte each, so long fields are rounded), 0 for none: what Whoosh's flush reads."""
        lengths = self._lengths.get(name)
        if lengths is None:
            return np.zeros(self.docnum, dtype=np.int64)
        return np.array(
            [byte_to_length(length_to_byte(n)) if n else 0 for n in lengths], dtype=np.int64
        )

    def _write_field(self, name: str, windows: Iterable[_Postings]) -> None:
        """The field's terms, window by window (a field without any is not started, as
        Whoosh's writer leaves it out)."""
        started = False
        lengths = self._read_lengths(name)
        for postings in windows:
            if not postings.terms:
                continue
            if not started:
                self.fieldwriter.start_field(name, self._fields[name])
                started = True
            self._write_terms(postings, lengths)
        if started:
            self.fieldwriter.finish_field()

    def _write_terms(self, postings: _Postings, lengths: Ints) -> None:
        fieldwriter = self.fieldwriter
        postwriter = fieldwriter._postwriter
        limit = postwriter._blocklimit
        bounds = postings.bounds.tolist()
        term = 0
        while term < len(postings.terms):
            # Terms whose postings fit in one window of CHUNK (or one larger term), turned
            # into Python lists together: lists of the whole field would hold a few hundred
            # MB for a large share.
            first = bounds[term]
            upto_term = max(term + 1, bisect_right(bounds, first + CHUNK, term + 1) - 1)
            last = bounds[upto_term]
            window = slice(first, last)
            docs = postings.docs[window]
            ids = docs.tolist()
            exact = postings.weights[window].tolist()
            weights = postings.weights[window].astype(np.float32).tolist()
            doc_lengths = lengths[docs].tolist()
            offsets = postings.offsets[first : last + 1].tolist()
            for i in range(term, upto_term):
                fieldwriter.start_term(postings.terms[i])
                start, end = bounds[i] - first, bounds[i + 1] - first
                for at in range(start, end, limit):
                    if at > start:
                        postwriter._write_block()
                    upto = min(at + limit, end)
                    postwriter.load_block(
                        ids[at:upto],
                        weights[at:upto],
                        exact[at:upto],
                        doc_lengths[at:upto],
                        offsets[at : upto + 1],
                        postings.values,
                    )
                fieldwriter.finish_term()
            term = upto_term
