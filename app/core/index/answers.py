"""One query's answer read from one generation: its matches, ranked page, facets, snippets
and, for an empty result, a suggestion.

Everything here reads through the searcher the caller borrowed for this query alone
(``generations.py``) and the tables of that same generation, so document numbers, scores
and facet columns agree; nothing here takes a lock.
"""

from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.query import Query, QueryError
from whoosh.searching import Searcher

from app.core.errors import InvalidInput
from app.core.index.analysis import normal_term
from app.core.index.dates import split_dates
from app.core.index.generations import Generation
from app.core.index.query import ParsedQuery, parse_query
from app.core.index.results import SearchHit, SearchResults
from app.core.index.schema import record_of
from app.core.index.scoring import Matches, first_ranked
from app.core.index.snippets import QueryTerms, hit_spans, make_snippet, query_terms
from app.core.index.spelling_table import SpellingTables
from app.core.index.suggest import suggest

SUGGESTION_ARTICLES = 3


class Reading:
    """What one query reads: a generation, the searcher lent to this query, this thread's
    parser and the index's spelling tables."""

    def __init__(
        self, generation: Generation, searcher: Searcher, parser: Any, spelling: SpellingTables
    ) -> None:
        self.generation = generation
        self.searcher = searcher
        self.parser = parser
        self.spelling = spelling

    def parse(self, text: str) -> ParsedQuery:
        return parse_query(self.parser, self.searcher, text)

    def answer(
        self, query: str, results: SearchResults, limit: int, sort: str, facets: bool
    ) -> None:
        """Fill ``results`` for ``query``; what the user typed never raises."""
        parsed = self.parse(query)
        results.error_hint = "; ".join(h for h in (results.error_hint, parsed.hint) if h) or None
        if parsed.query is not None:
            try:
                self._page(parsed, results, limit, sort, facets)
            except QueryError as exc:
                results.error_hint = f"this query cannot run: {exc}"
        if results.total == 0 and parsed.words and parsed.plain:
            results.suggestion = suggest(
                self.searcher, self.spelling, query, parsed.words, self._finds
            )

    def matches(self, query: Query) -> Matches:
        """Every live match of ``query`` with its score; date clauses filter by the day
        array instead of being matched as terms."""
        rest, days = split_dates(query)
        scorer = self.generation.scorer
        columns = self.generation.table.columns if days else None
        if rest is None:
            assert columns is not None
            ids = columns.dated_between(scorer.live, days)
            return Matches(ids, np.ones(len(ids)))
        found = scorer.matches(self.searcher, rest)
        if columns is not None:
            allowed = columns.dated_between(scorer.live, days)
            keep = np.isin(found.ids, allowed, assume_unique=True)
            found = Matches(found.ids[keep], found.scores[keep])
        return found

    def every_match(self, query: str) -> npt.NDArray[np.int64]:
        """Every match of ``query``, unranked (a timeline, a saved search's new matches);
        InvalidInput when the query cannot run or, finding nothing, carries a hint."""
        found = np.zeros(0, dtype=np.int64)
        try:
            parsed = self.parse(query)
            if parsed.query is not None:
                found = self.matches(parsed.query).ids
        except QueryError as exc:
            raise InvalidInput(f"query {query!r}: this query cannot run: {exc}") from None
        if parsed.hint and not len(found):
            raise InvalidInput(f"query {query!r}: {parsed.hint}")
        return found

    def frequencies(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """The number of documents and how many hold each word as the index stems it (0
        for a stop word)."""
        terms = {word: normal_term(word) for word in words}
        doc_frequency = self.searcher.doc_frequency
        found = {w: doc_frequency("body", t) if t else 0 for w, t in terms.items()}
        return self.searcher.doc_count(), found

    def _finds(self, text: str) -> list[int]:
        """The documents ``text`` matches (a suggestion shows the words as they write them)."""
        parsed = self.parse(text)
        if parsed.query is None:
            return []
        found = self.matches(parsed.query)
        return list(found.ids[:SUGGESTION_ARTICLES].tolist())

    def _page(
        self, parsed: ParsedQuery, results: SearchResults, limit: int, sort: str, facets: bool
    ) -> None:
        assert parsed.query is not None
        found = self.matches(parsed.query)
        results.total = len(found.ids)
        columns = self.generation.table.columns
        if facets:
            results.facets = columns.counts(found.ids)
        days = columns.days if sort == "date" else None
        shown = first_ranked(found, results.offset + limit, days)[results.offset :]
        wanted = query_terms(parsed.query)
        results.hits = [self._hit(int(found.ids[i]), float(found.scores[i]), wanted) for i in shown]

    def _hit(self, docnum: int, score: float, wanted: QueryTerms) -> SearchHit:
        record = record_of(self.searcher.stored_fields(docnum))
        text = record.text
        spans = hit_spans(text, wanted)
        snippet = make_snippet(text, spans)
        return SearchHit(
            id=record.id,
            title=record.title,
            author=record.author,
            source=record.source,
            date=record.date,
            score=float(score),
            snippet_text=snippet.text,
            snippet_html=snippet.html,
            snippet_marks=snippet.marks,
            positions=spans,
        )
