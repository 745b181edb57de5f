"""Every match of a query with its BM25F score, computed with numpy over whole posting lists.

Whoosh scores one document at a time through a tree of matchers (``next``, ``id``,
``score`` and a field-length look-up per document and per term): a word in 17,000 articles
cost 100 ms, 85% of a slow search. The total and the facets need every match anyway, so here
each term's postings are read block by block straight from the compact codec into arrays,
scored in one vectorised step against field lengths kept as arrays (built once per segment),
and combined with sorted-array set operations. The scores are Whoosh's BM25F (the same idf,
average lengths, length bytes, B and K1), so the ranking is the one Whoosh gave.

Node types this does not know are run through Whoosh's own matchers, so nothing a user can
type goes unanswered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    Not,
    NullQuery,
    Or,
    Phrase,
    Query,
    Require,
    Term,
)
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from app.core.index.phrases import fits
from app.core.index.posting_values import Values, phrase_found
from app.core.index.postings import Postings, length_bytes, read_postings, segment_key
from app.core.index.term_cache import TermCache

Ids = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, which the searcher uses
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_EMPTY_IDS: Ids = np.zeros(0, dtype=np.int64)


@dataclass
class Matches:
    """Matching global document numbers, ascending and unique, with their scores."""

    ids: Ids
    scores: Floats

    @staticmethod
    def empty() -> Matches:
        return Matches(_EMPTY_IDS, np.zeros(0))

    def boosted(self, boost: float) -> Matches:
        return self if boost == 1.0 else Matches(self.ids, self.scores * boost)


class Scorer:
    """Scores queries against one searcher; field lengths are cached per segment across
    searcher generations (segments never change once written)."""

    def __init__(self) -> None:
        self._segment_lengths: dict[tuple[str, str], Floats] = {}
        self._generation: int | None = -1  # none yet (an empty index's reader has None)
        self._lengths: dict[str, Floats] = {}
        self.live: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.terms: TermCache[Matches] = TermCache()

    def successor(self, searcher: Searcher, live: Ids) -> Scorer:
        """The scorer of a newer generation, sharing the per-segment field lengths; this one
        stays whole for the queries still reading the older generation (see generations.py)."""
        scorer = Scorer()
        scorer._segment_lengths = self._segment_lengths
        scorer.refresh(searcher, live)
        return scorer

    def refresh(self, searcher: Searcher, live: Ids) -> None:
        self._generation = searcher.reader().generation()
        self._lengths = {}
        self.live = np.zeros(searcher.doc_count_all(), dtype=bool)
        self.terms.clear()
        self.live[live] = True
        keys = {segment_key(reader) for reader, _o in searcher.reader().leaf_readers()}
        self._segment_lengths = {k: v for k, v in self._segment_lengths.items() if k[0] in keys}

    def _field_lengths(self, searcher: Searcher, fieldname: str) -> Floats:
        lengths = self._lengths.get(fieldname)
        if lengths is not None:
            return lengths
        parts = []
        for reader, _offset in searcher.reader().leaf_readers():
            key = (segment_key(reader), fieldname)
            part = self._segment_lengths.get(key)
            if part is None:
                count = reader.doc_count_all()
                column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                raw = length_bytes(column, count)
                part = self._segment_lengths[key] = _LENGTHS[raw]
            parts.append(part)
        lengths = np.concatenate(parts) if parts else np.zeros(0)
        self._lengths[fieldname] = lengths
        return lengths

    def matches(self, searcher: Searcher, q: Query) -> Matches:
        """Every live document ``q`` matches, with its score."""
        # Any searcher of the generation (each running query has its own, generations.py).
        if searcher.reader().generation() != self._generation:
            raise RuntimeError("Scorer.refresh was not called with this searcher's generation")
        return _Evaluation(self, searcher).run(q)


class _Evaluation:
    """One query's walk over its tree."""

    def __init__(self, scorer: Scorer, searcher: Searcher) -> None:
        self.scorer = scorer
        self.searcher = searcher
        self.leaves = [(r, o) for r, o in searcher.reader().leaf_readers() if r.doc_count_all()]

    def run(self, q: Query) -> Matches:
        handler = _handler(type(q))
        if handler is None:
            return self._by_whoosh(q)
        return handler(self, q)

    def _all_live(self) -> Ids:
        return np.flatnonzero(self.scorer.live).astype(np.int64)

    def _postings(
        self, fieldname: str, btext: bytes, values: bool, within: Ids | None = None
    ) -> Postings:
        """A term's postings in every segment; with ``within`` (ascending document numbers),
        only the blocks that can hold one of them are read."""
        parts = []
        for reader, offset in self.leaves:
            local = None
            if within is not None:
                span = np.searchsorted(within, [offset, offset + reader.doc_count_all()])
                local = within[span[0] : span[1]] - offset
            found = read_postings(reader, fieldname, btext, values, local)
            parts.append(Postings(found.ids + offset, found.weights, found.values))
        if len(parts) == 1:
            return parts[0]
        vals = Values.joined([p.values for p in parts if p.values is not None]) if values else None
        return Postings(
            np.concatenate([p.ids for p in parts]) if parts else _EMPTY_IDS,
            np.concatenate([p.weights for p in parts]) if parts else np.zeros(0),
            vals,
        )

    def _bm25(self, fieldname: str, btext: bytes, postings: Postings) -> Floats:
        searcher = self.searcher
        if not len(postings.ids):  # nothing to score (and an empty index has no idf: log 0)
            return np.zeros(0)
        idf = searcher.idf(fieldname, btext)
        avgfl = searcher.avg_field_length(fieldname) or 1
        fl = self.scorer._field_lengths(searcher, fieldname)[postings.ids]
        tf = postings.weights
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))  # type: ignore[no-any-return]

    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        schema = self.searcher.schema
        if fieldname not in schema:
            return None
        try:
            return bytes(schema[fieldname].to_bytes(text))
        except ValueError:
            return None

    def _live(self, postings: Postings) -> Postings:
        keep = self.scorer.live[postings.ids]
        if keep.all():
            return postings
        values = postings.values.take(keep) if postings.values is not None else None
        return Postings(postings.ids[keep], postings.weights[keep], values)

    def term(self, q: Term) -> Matches:
        btext = self._btext(q.fieldname, q.text)
        if btext is None:
            return Matches.empty()
        key = (q.fieldname, btext)
        return self.scorer.terms.get(key, lambda: self._scored(*key)).boosted(q.boost)

    def _scored(self, fieldname: str, btext: bytes) -> Matches:
        postings = self._live(self._postings(fieldname, btext, False))
        return Matches(postings.ids, self._bm25(fieldname, btext, postings))

    def phrase(self, q: Phrase) -> Matches:
        fieldname = q.fieldname
        found = [self._btext(fieldname, w) for w in q.words]
        btexts = [b for b in found if b is not None]
        if not btexts or len(btexts) < len(found):
            return Matches.empty()
        offsets = tuple(getattr(q, "offsets", range(len(q.words))))
        # Kept beside the terms' matches for the generation (a phrase typed on re-runs at
        # every key press); no term's key has a NUL in its field name.
        shape = f"\0{offsets}\0{q.slop}".encode()
        key = (f"{fieldname}\0phrase", b"\0".join(btexts) + shape)
        return self.scorer.terms.get(key, lambda: self._phrase(q, btexts, offsets)).boosted(q.boost)

    def _phrase(self, q: Phrase, btexts: list[bytes], offsets: tuple[int, ...]) -> Matches:
        fieldname = q.fieldname
        # Rarest word first: each next word's blocks are read only where a candidate can be
        # ('"wheat said yen"' read every block of 'said' at 250,000 articles: 120 ms).
        order = sorted(
            range(len(btexts)), key=lambda i: self.searcher.doc_frequency(fieldname, q.words[i])
        )
        found: dict[int, Postings] = {}
        common: Ids | None = None
        for i in order:
            postings = self._live(self._postings(fieldname, btexts[i], True, common))
            found[i] = postings
            common = (
                postings.ids
                if common is None
                else np.intersect1d(common, postings.ids, assume_unique=True)
            )
            if not len(common):
                return Matches.empty()
        assert common is not None
        lists = [found[i] for i in range(len(btexts))]
        rows = [np.searchsorted(p.ids, common) for p in lists]
        candidates = [
            p.values.take(row) for p, row in zip(lists, rows, strict=True) if p.values is not None
        ]
        chosen = phrase_found(candidates, offsets) if q.slop <= 1 else None
        if chosen is None:  # a slop, or positions not in the compact format
            decode = self.searcher.schema[fieldname].format.decode_positions
            keep = [
                fits([decode(v[i]) for v in candidates], offsets, q.slop)
                for i in range(len(common))
            ]
            chosen = np.asarray(keep, dtype=bool)
        ids = common[chosen]
        scores = np.zeros(len(ids))
        for btext, postings, row in zip(btexts, lists, rows, strict=True):
            picked = row[chosen]
            part = Postings(ids, postings.weights[picked], None)
            scores += self._bm25(fieldname, btext, part)
        return Matches(ids, scores)

    def every(self, q: Every) -> Matches:
        ids = self._all_live()
        return Matches(ids, np.full(len(ids), float(q.boost)))

    def null(self, _q: Query) -> Matches:
        return Matches.empty()

    def not_(self, q: Not) -> Matches:
        ids = np.setdiff1d(self._all_live(), self.run(q.query).ids, assume_unique=True)
        return Matches(ids, np.full(len(ids), float(q.boost)))

    def and_(self, q: And) -> Matches:
        positive = [s for s in q.subqueries if not isinstance(s, Not)]
        negative = [s.query for s in q.subqueries if isinstance(s, Not)]
        found = _intersect([self.run(s) for s in positive]) if positive else self.every(Every())
        for s in negative:
            found = _without(found, self.run(s).ids)
        # Whoosh's inverse matcher scores each NOT as 1 (it shifts, never reorders).
        shift = sum(float(s.boost) for s in q.subqueries if isinstance(s, Not))
        return Matches(found.ids, found.scores + shift).boosted(q.boost)

    def or_(self, q: Or) -> Matches:
        return _union([self.run(s) for s in q.subqueries], len(self.scorer.live)).boosted(q.boost)

    def and_not(self, q: AndNot) -> Matches:
        return _without(self.run(q.a), self.run(q.b).ids)

    def and_maybe(self, q: AndMaybe) -> Matches:
        required, optional = self.run(q.a), self.run(q.b)
        _common, at_required, at_optional = np.intersect1d(
            required.ids, optional.ids, assume_unique=True, return_indices=True
        )
        scores = required.scores.copy()
        scores[at_required] += optional.scores[at_optional]
        return Matches(required.ids, scores)

    def require(self, q: Require) -> Matches:
        required = self.run(q.a)
        keep = np.isin(required.ids, self.run(q.b).ids, assume_unique=True)
        return Matches(required.ids[keep], required.scores[keep])

    def _by_whoosh(self, q: Query) -> Matches:
        """A node type without an array form, through Whoosh's matchers."""
        ids: list[int] = []
        scores: list[float] = []
        context = self.searcher.context()
        for sub, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(sub, context)
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                scores.append(matcher.score())
                matcher.next()
        order = np.argsort(np.asarray(ids, dtype=np.int64), kind="stable")
        return Matches(np.asarray(ids, dtype=np.int64)[order], np.asarray(scores)[order])


def _intersect(parts: list[Matches]) -> Matches:
    parts = sorted(parts, key=lambda m: len(m.ids))
    found = parts[0]
    for other in parts[1:]:
        ids, at_found, at_other = np.intersect1d(
            found.ids, other.ids, assume_unique=True, return_indices=True
        )
        found = Matches(ids, found.scores[at_found] + other.scores[at_other])
    return found


def _union(parts: list[Matches], doc_count: int) -> Matches:
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return Matches.empty()
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    if len(ids) * 8 > doc_count:  # dense enough: a counting pass over all documents
        summed = np.bincount(ids, weights=scores, minlength=doc_count).astype(np.float64)
        hit = np.bincount(ids, minlength=doc_count) > 0
        found = np.flatnonzero(hit).astype(np.int64)
        return Matches(found, summed[found])
    unique, inverse = np.unique(ids, return_inverse=True)
    summed_unique = np.bincount(inverse, weights=scores).astype(np.float64)
    return Matches(unique.astype(np.int64), summed_unique)


def _without(found: Matches, excluded: Ids) -> Matches:
    keep = np.isin(found.ids, excluded, assume_unique=True, invert=True)
    return Matches(found.ids[keep], found.scores[keep])


_HANDLERS: dict[type, Callable[[_Evaluation, Any], Matches]] = {
    Term: _Evaluation.term,
    Every: _Evaluation.every,
    Not: _Evaluation.not_,
    And: _Evaluation.and_,
    Or: _Evaluation.or_,
    AndNot: _Evaluation.and_not,
    AndMaybe: _Evaluation.and_maybe,
    Require: _Evaluation.require,
    type(NullQuery): _Evaluation.null,
}


def _handler(kind: type) -> Callable[[_Evaluation, Any], Matches] | None:
    """Exact types only (a FuzzyTerm is a Term, but is expanded before it gets here);
    phrase classes (``GapPhrase`` and Whoosh's) share one handler."""
    return _Evaluation.phrase if issubclass(kind, Phrase) else _HANDLERS.get(kind)


def first_ranked(found: Matches, count: int, days: npt.NDArray[np.int64] | None = None) -> Ids:
    """Positions in ``found`` of its first ``count`` matches: best score first, ties in
    document order (as Whoosh); with ``days``, newest first and then by score. Only the
    matches that can reach the first ``count`` are sorted."""
    total = len(found.ids)
    count = min(count, total)
    if count <= 0:
        return _EMPTY_IDS
    if days is not None:
        by_rank = np.lexsort((found.ids, -found.scores))
        newest = np.argsort(-days[found.ids][by_rank], kind="stable")
        return by_rank[newest[:count]].astype(np.int64)
    scores = found.scores
    if count < total:
        kth = np.partition(scores, total - count)[total - count]
        candidates = np.flatnonzero(scores >= kth)
    else:
        candidates = np.arange(total)
    order = np.lexsort((found.ids[candidates], -scores[candidates]))
    return candidates[order[:count]].astype(np.int64)
