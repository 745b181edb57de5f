"""Finding a highlight again after its article changed, as the Hypothesis client does.

An annotation stores two W3C selectors for its range of the plain text: the quote with 32
code points of context either side (TextQuoteSelector) and the code-point offsets
(TextPositionSelector). To re-attach it we try, in order:

1. the stored position, trusted when the text there still equals the quote ("exact");
2. the quote itself wherever it occurs, candidates scored by similarity of the quote, the
   prefix and the suffix and by nearness to the old position ("moved");
3. an approximate match of the quote with at most half its length (and never more than 256)
   in edits, scored the same way ("fuzzy");
4. otherwise the annotation is an "orphan": shown to the user with its quote, never dropped.

The weights follow Hypothesis' ``match-quote``: the quote counts most, the context settles
between repeated quotes, and the position only breaks ties. Measured on the durability
benchmark (docs/benchmarks.md), a few additions keep wrong placements rare: a short quote
must keep some context to be trusted at its old offset or verbatim elsewhere; an approximate
match that cuts a word gets its edges from the context; a short quote edited in place is
found between its intact neighbours; a weak match becomes an orphan rather than a highlight
on the wrong sentence.

Whether a place is the highlight at all is decided by its words (issue 12): a place must
keep at least half of the quote (``quote_similarity``), and the context may then only veto,
never vouch for other words. Less than 80% kept, or a short quote, also needs its neighbours
around it within the paragraph. So a rewritten sentence or a deleted paragraph's words
found elsewhere leave an orphan, which carries what its old place now reads. Stored
selectors are never rewritten here; callers get where the annotation sits now and decide
what to keep (``anchor_set`` places an article's highlights together, never one on another).
"""

from dataclasses import dataclass
from typing import Any, Literal

from app.core.anchor_edges import BOUNDARY_SLACK, MIN_CONTEXT, refine
from app.core.approx_match import Match, distance, quote_similarity, search, similarity
from app.core.errors import InvalidInput

CONTEXT_LENGTH = 32
MAX_ERRORS = 256
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
# A quote shorter than its context at its old offset counts as "exact" only when this much
# (0..1 similarity, prefix and suffix averaged) of its context is still around it.
POSITION_CONTEXT = 0.5
# An exact copy of the quote scoring below this has lost its context: probably another
# occurrence, while the annotated one was edited; near matches are then weighed as well.
TRUSTED_EXACT_SCORE = 0.8
# A short quote found verbatim elsewhere with this little of its context is more often
# another occurrence of a common phrase than the annotated one: it stays an orphan.
MIN_MOVED_SCORE = 0.7
# An approximate match scoring below this is an orphan (safer than painting the wrong
# sentence), unless both its neighbours stand around it at least this similar:
MIN_FUZZY_SCORE = 0.6
FRAMED_CONTEXT = 0.9
# Whatever its context, a place is only the highlight if its own words are still this much
# the quote's (``quote_similarity``): a rewritten sentence or a deleted paragraph's words
# found elsewhere are different words, so the annotation becomes an orphan.
MIN_QUOTE_SIMILARITY = 0.5
# Below this the words alone are not enough: the neighbours must still stand around the
# place (framed, or at least CONFIRMING_CONTEXT each within the paragraph), so a half-similar
# phrase elsewhere ("topic of the summit" in another paragraph) is not taken for a deleted one.
SURE_QUOTE_SIMILARITY = 0.8
CONFIRMING_CONTEXT = 0.5

Status = Literal["exact", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: ``score`` is 1.0 for a perfect match with context, lower
    for worse."""

    start: int
    end: int
    score: float
    kept: float = 1.0  # quote_similarity of the quote and text[start:end]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation sits in the current text; ``start``/``end`` are None for orphans.

    An orphan whose old neighbours still stand close together carries ``now_reads``, the
    text between them now ("" when the words were deleted outright), so the user can see
    what replaced the highlight; it is shown, never highlighted.
    """

    start: int | None
    end: int | None
    status: Status
    now_reads: str | None = None

    @property
    def is_orphan(self) -> bool:
        return self.status == "orphan"


def describe(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The quote and position selectors for ``text[start:end]`` (code points)."""
    if not 0 <= start < end <= len(text):
        raise InvalidInput(
            f"range {start}-{end} is not a non-empty range inside the text (0-{len(text)})"
        )
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_LENGTH) : start],
            "suffix": text[end : end + CONTEXT_LENGTH],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _score(
    text: str,
    quote: str,
    found: Match,
    prefix: str | None,
    suffix: str | None,
    hint: int | None,
    floor: float = -1.0,
) -> QuoteMatch | None:
    """Hypothesis' weighting of one candidate, normalised to 0..1; None as soon as it is
    clear the candidate cannot score above ``floor`` (the best so far), which spares most of
    the context comparisons when a quote has many candidates."""
    position_score = 1.0 - abs(found.start - hint) / len(text) if hint is not None else 1.0
    quote_score = max(0.0, 1.0 - found.errors / len(quote))
    raw = QUOTE_WEIGHT * quote_score + POSITION_WEIGHT * max(0.0, position_score)
    if (raw + PREFIX_WEIGHT + SUFFIX_WEIGHT) / TOTAL_WEIGHT <= floor:
        return None
    if prefix:
        raw += PREFIX_WEIGHT * _prefix_kept(text, found.start, prefix)
    else:
        raw += PREFIX_WEIGHT
    if (raw + SUFFIX_WEIGHT) / TOTAL_WEIGHT <= floor:
        return None
    if suffix:
        raw += SUFFIX_WEIGHT * _suffix_kept(text, found.end, suffix)
    else:
        raw += SUFFIX_WEIGHT
    if raw / TOTAL_WEIGHT <= floor:
        return None
    return QuoteMatch(found.start, found.end, raw / TOTAL_WEIGHT)


def _prefix_kept(text: str, start: int, prefix: str) -> float:
    """How much of the stored prefix still stands right before ``start`` (0..1)."""
    return similarity(text[max(0, start - len(prefix)) : start], prefix)


def _suffix_kept(text: str, end: int, suffix: str) -> float:
    """How much of the stored suffix still stands right after ``end`` (0..1)."""
    return similarity(text[end : end + len(suffix)], suffix)


def match_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> QuoteMatch | None:
    """The best place for ``quote`` in ``text``, or None when no candidate is close enough.

    Exact copies of the quote come first, as in Hypothesis. When none of them sits in its
    old context (the copy found is another occurrence and the real one was edited), near
    matches compete too, so an edited passage beats an unrelated exact copy elsewhere. Only
    places whose words are still similar to the quote compete at all
    (MIN_QUOTE_SIMILARITY): the context picks among them, it never makes other words the
    quote.
    """
    if not quote or not text:
        return None
    max_errors = min(MAX_ERRORS, len(quote) // 2)
    found = _best(
        text, quote, search(text, quote, max_errors, BOUNDARY_SLACK), prefix, suffix, hint
    )
    best = _similar(text, quote, found)
    if best is not None and best.score >= TRUSTED_EXACT_SCORE:
        return best
    # Both rescues are for short quotes: a long one found verbatim is the passage itself,
    # and a long edited one is still found by the approximate search.
    rivals: list[QuoteMatch | None] = []
    if len(quote) <= 2 * CONTEXT_LENGTH:
        framed = _framed_spans(text, quote, prefix, suffix, hint)
        rivals.extend(_similar(text, quote, f) for f in framed if text[f.start : f.end].strip())
    if found is not None and len(quote) < CONTEXT_LENGTH and text[found.start : found.end] == quote:
        # Hide the exact copies so the search reports the best *near* matches instead.
        masked = text.replace(quote, "\0" * len(quote))
        near = search(masked, quote, max_errors, BOUNDARY_SLACK)
        rivals.append(_similar(text, quote, _best(text, quote, near, prefix, suffix, hint)))
    for rival in rivals:
        if rival is not None and (best is None or rival.score > best.score):
            best = rival
    return best


def _similar(text: str, quote: str, found: QuoteMatch | None) -> QuoteMatch | None:
    """``found`` with how much of the quote it keeps, or None when that is too little."""
    if found is None or text[found.start : found.end] == quote:
        return found
    kept = quote_similarity(quote, text[found.start : found.end], SURE_QUOTE_SIMILARITY)
    if kept < MIN_QUOTE_SIMILARITY:
        return None
    return QuoteMatch(found.start, found.end, found.score, kept)


def _framed_spans(
    text: str, quote: str, prefix: str | None, suffix: str | None, hint: int | None
) -> list[QuoteMatch]:
    """Every span between the stored prefix and suffix where both still stand close
    together, scored like any candidate; empty when the words between were deleted.

    When a short quote was edited ("saw the people" became "saw people") the search for the
    quote may miss it, but its untouched context still frames the place. The same spans say
    what an orphan's place now reads.
    """
    if not prefix or not suffix or min(len(prefix), len(suffix)) < MIN_CONTEXT:
        return []
    spans = []
    for before in search(text, prefix, len(prefix) // 8):
        window = text[before.end : before.end + 2 * len(quote) + len(suffix) + MIN_CONTEXT]
        for after in search(window, suffix, len(suffix) // 4):
            start, end = before.end, before.end + after.start
            errors = min(len(quote), distance(text[start:end], quote))
            scored = _score(text, quote, Match(start, end, errors), prefix, suffix, hint)
            if scored is not None:
                spans.append(scored)
    return spans


def _best(
    text: str,
    quote: str,
    candidates: list[Match],
    prefix: str | None,
    suffix: str | None,
    hint: int | None,
) -> QuoteMatch | None:
    """The candidate Hypothesis' scoring prefers; an approximate one then gets the edges its
    context shows (the place is chosen by the score, the edges by the context)."""
    best: tuple[QuoteMatch, Match] | None = None
    for found in candidates:
        scored = _score(text, quote, found, prefix, suffix, hint, best[0].score if best else -1.0)
        if scored is not None:
            best = (scored, found)
    if best is None:
        return None
    if not best[1].errors:
        return best[0]
    return _scored(text, quote, refine(text, quote, best[1], prefix, suffix), prefix, suffix, hint)


def _scored(
    text: str, quote: str, found: Match, prefix: str | None, suffix: str | None, hint: int | None
) -> QuoteMatch:
    scored = _score(text, quote, found, prefix, suffix, hint)
    assert scored is not None  # with no floor every candidate gets its score
    return scored


def _selector(selectors: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    for selector in selectors:
        if isinstance(selector, dict) and selector.get("type") == kind:
            return selector
    return None


def _position(selector: dict[str, Any] | None) -> tuple[int, int] | None:
    if selector is None:
        return None
    start, end = selector.get("start"), selector.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def stored_range(selectors: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The range the stored TextPositionSelector gives, if there is a usable one."""
    return _position(_selector(selectors, "TextPositionSelector"))


def _text(selector: dict[str, Any] | None, key: str) -> str | None:
    value = selector.get(key) if selector else None
    return value if isinstance(value, str) and value else None


def anchor(text: str, selectors: list[dict[str, Any]]) -> Anchor:
    """Re-attach an annotation to ``text`` from its stored selectors."""
    quote_selector = _selector(selectors, "TextQuoteSelector")
    quote = _text(quote_selector, "exact")
    position = stored_range(selectors)
    if position is not None and position[1] <= len(text):
        start, end = position
        if quote is None or (
            text[start:end] == quote and _in_context(text, start, end, quote, quote_selector)
        ):
            return Anchor(start, end, "exact")
    if quote is None:
        return Anchor(None, None, "orphan")
    prefix, suffix = _text(quote_selector, "prefix"), _text(quote_selector, "suffix")
    hint = position[0] if position else None
    found = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    if found is None:
        return orphan(text, selectors)
    short = len(quote) < CONTEXT_LENGTH
    if text[found.start : found.end] == quote:
        if position is not None and (found.start, found.end) == position:
            return Anchor(found.start, found.end, "exact")
        if short and (
            found.score < MIN_MOVED_SCORE or not _vouched(text, found, prefix, suffix, strict=False)
        ):
            return orphan(text, selectors)
        return Anchor(found.start, found.end, "moved")
    sure = found.kept >= SURE_QUOTE_SIMILARITY
    if (found.score < MIN_FUZZY_SCORE and not _framed(text, found, prefix, suffix)) or (
        (short or not sure) and not _vouched(text, found, prefix, suffix, strict=not sure)
    ):
        return orphan(text, selectors)
    return Anchor(found.start, found.end, "fuzzy")


def orphan(text: str, selectors: list[dict[str, Any]]) -> Anchor:
    """An orphan, with what now stands between its old neighbours when both are found."""
    quote_selector = _selector(selectors, "TextQuoteSelector")
    quote = _text(quote_selector, "exact")
    if quote is None:
        return Anchor(None, None, "orphan")
    position = stored_range(selectors)
    prefix, suffix = _text(quote_selector, "prefix"), _text(quote_selector, "suffix")
    spans = _framed_spans(text, quote, prefix, suffix, position[0] if position else None)
    if not spans:
        return Anchor(None, None, "orphan")
    best = max(spans, key=lambda span: span.score)
    return Anchor(None, None, "orphan", text[best.start : best.end])


def _in_context(
    text: str, start: int, end: int, quote: str, quote_selector: dict[str, Any] | None
) -> bool:
    """Whether the stored position still holds the annotated passage, not just its words.

    A short quote ("the") is found at its old offset by chance once earlier edits shift the
    text; Hypothesis trusts it, which paints a different "the". For quotes shorter than
    their context, some of that context must still be there too.
    """
    if len(quote) >= CONTEXT_LENGTH:
        return True
    prefix, suffix = _text(quote_selector, "prefix"), _text(quote_selector, "suffix")
    scores = []
    if prefix:
        scores.append(_prefix_kept(text, start, prefix))
    if suffix:
        scores.append(_suffix_kept(text, end, suffix))
    return not scores or sum(scores) / len(scores) >= POSITION_CONTEXT


def _framed(text: str, found: QuoteMatch, prefix: str | None, suffix: str | None) -> bool:
    """Whether both stored neighbours stand (nearly) intact right around a weak match."""
    if not prefix or not suffix or min(len(prefix), len(suffix)) < MIN_CONTEXT:
        return False
    kept = min(_prefix_kept(text, found.start, prefix), _suffix_kept(text, found.end, suffix))
    return kept >= FRAMED_CONTEXT


def _vouched(
    text: str, found: QuoteMatch, prefix: str | None, suffix: str | None, *, strict: bool
) -> bool:
    """Whether the context confirms a place the words alone cannot: framed by both full
    neighbours, or still there within the paragraph (``strict``: each neighbour; otherwise
    the two together, weighed by length, so a one-character neighbour such as the paragraph
    break cannot veto alone)."""
    kept = _paragraph_context_kept(text, found, prefix, suffix)
    if strict:
        local = min((k for k, _n in kept), default=1.0)
    else:
        weight = sum(n for _k, n in kept)
        local = sum(k * n for k, n in kept) / weight if weight else 1.0
    return local >= CONFIRMING_CONTEXT or _framed(text, found, prefix, suffix)


def _paragraph_context_kept(
    text: str, found: QuoteMatch, prefix: str | None, suffix: str | None
) -> list[tuple[float, int]]:
    """How intact each stored neighbour stands around a match, read only up to its
    paragraph break: (0..1, its length).

    Past the break the context is another paragraph, which moves on its own; the break
    itself still counts (the start and end of the text are breaks too), so a highlight that
    began its paragraph must begin one now. A neighbour the highlight never had (it began or
    ended the text) is not held against it.
    """
    kept = []
    if prefix:
        local = prefix[prefix.rfind("\n") :] if "\n" in prefix else prefix
        before = "\n" + text[: found.start] if found.start < len(local) else text
        kept.append(
            (_prefix_kept(before, len(before) - len(text) + found.start, local), len(local))
        )
    if suffix:
        local = suffix[: suffix.find("\n") + 1] if "\n" in suffix else suffix
        kept.append((_suffix_kept(text + "\n", found.end, local), len(local)))
    return kept
