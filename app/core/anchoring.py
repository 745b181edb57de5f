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
match that cuts a word gets its edges from the context; a short quote rewritten in place is
found between its intact neighbours; a weak match becomes an orphan rather than a highlight
on the wrong sentence. Stored selectors are never rewritten here; callers get where the
annotation sits now and decide what to keep.
"""

from dataclasses import dataclass
from typing import Any, Literal

from app.core.approx_match import Match, distance, search, similarity
from app.core.errors import InvalidInput

CONTEXT_LENGTH = 32
MAX_ERRORS = 256
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
# Approximate candidates with up to this many more errors than the best are scored too, so
# the context can settle a boundary that an edit at the quote's edge made ambiguous.
BOUNDARY_SLACK = 2
# Context shorter than this (a highlight at the very start or end) is too weak to move edges
# or to frame a rewritten quote.
MIN_CONTEXT = 8
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

Status = Literal["exact", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: ``score`` is 1.0 for a perfect match with context, lower
    for worse."""

    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Anchor:
    """Where an annotation sits in the current text; ``start``/``end`` are None for orphans."""

    start: int | None
    end: int | None
    status: Status

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


def _nearest(matches: list[Match], target: int, edge: str) -> Match | None:
    if not matches:
        return None
    return min(matches, key=lambda m: (m.errors, abs(getattr(m, edge) - target)))


def _mid_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a range that cuts a word at either edge to the whole word."""
    while _mid_word(text, start):
        start -= 1
    while _mid_word(text, end):
        end += 1
    return start, end


def _refine(text: str, quote: str, found: Match, prefix: str | None, suffix: str | None) -> Match:
    """Move an approximate match's edges to where its context says they are.

    The lowest-error alignment of an edited quote often cuts a word inserted at its edge in
    half ("rket for it" for "paid market for it"). An edge is moved only when it is cut like
    that (or the quote itself began or ended mid-word): then the untouched prefix or suffix
    shows where the passage starts or ends, and failing that the edge widens to the whole
    word. A clean edge stays, so a word inserted just outside the passage stays outside.
    """
    reach = found.errors + BOUNDARY_SLACK + 2
    start, end = found.start, found.end
    starts_word = quote[0].isalnum() and not (prefix and prefix[-1].isalnum())
    ends_word = quote[-1].isalnum() and not (suffix and suffix[0].isalnum())
    if (not starts_word or _mid_word(text, start)) and prefix and len(prefix) >= MIN_CONTEXT:
        low = max(0, start - len(prefix) - reach)
        window = text[low : min(len(text), start + reach)]
        hit = _nearest(search(window, prefix, len(prefix) // 4), start - low, "end")
        if hit is not None and low + hit.end < end:
            start = low + hit.end
    if (not ends_word or _mid_word(text, end)) and suffix and len(suffix) >= MIN_CONTEXT:
        low = max(0, end - reach)
        window = text[low : min(len(text), end + len(suffix) + reach)]
        hit = _nearest(search(window, suffix, len(suffix) // 4), end - low, "start")
        if hit is not None and low + hit.start > start:
            end = low + hit.start
    if starts_word and ends_word:
        start, end = _word_edges(text, start, end)
    if (start, end) == (found.start, found.end):
        return found
    return Match(start, end, distance(text[start:end], quote))


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
    matches compete too, so an edited passage beats an unrelated exact copy elsewhere.
    """
    if not quote or not text:
        return None
    max_errors = min(MAX_ERRORS, len(quote) // 2)
    best = _best(text, quote, search(text, quote, max_errors, BOUNDARY_SLACK), prefix, suffix, hint)
    if best is not None and best.score >= TRUSTED_EXACT_SCORE:
        return best
    # Both rescues are for short quotes: a long one found verbatim is the passage itself,
    # and a long rewritten one is still found by the approximate search.
    rivals = []
    if len(quote) <= 2 * CONTEXT_LENGTH:
        rivals.append(_between_context(text, quote, prefix, suffix, hint))
    if best is not None and len(quote) < CONTEXT_LENGTH and text[best.start : best.end] == quote:
        # Hide the exact copies so the search reports the best *near* matches instead.
        masked = text.replace(quote, "\0" * len(quote))
        near = search(masked, quote, max_errors, BOUNDARY_SLACK)
        rivals.append(_best(text, quote, near, prefix, suffix, hint))
    for rival in rivals:
        if rival is not None and (best is None or rival.score > best.score):
            best = rival
    return best


def _between_context(
    text: str, quote: str, prefix: str | None, suffix: str | None, hint: int | None
) -> QuoteMatch | None:
    """The text between the stored prefix and suffix, where both still stand close together.

    When a short quote was rewritten ("saw people" became "saw crowds") no search for the
    quote can find it, but its untouched context still frames the place. Hypothesis would
    leave an orphan; a passage framed by both its old neighbours is the better answer.
    """
    if not prefix or not suffix or min(len(prefix), len(suffix)) < MIN_CONTEXT:
        return None
    best: QuoteMatch | None = None
    for before in search(text, prefix, len(prefix) // 8):
        window = text[before.end : before.end + 2 * len(quote) + len(suffix) + MIN_CONTEXT]
        for after in search(window, suffix, len(suffix) // 4):
            start, end = before.end, before.end + after.start
            if end <= start or not text[start:end].strip():
                continue
            errors = min(len(quote), distance(text[start:end], quote))
            scored = _score(text, quote, Match(start, end, errors), prefix, suffix, hint)
            if scored is not None and (best is None or scored.score > best.score):
                best = scored
    return best


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
    return _scored(text, quote, _refine(text, quote, best[1], prefix, suffix), prefix, suffix, hint)


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


def _text(selector: dict[str, Any] | None, key: str) -> str | None:
    value = selector.get(key) if selector else None
    return value if isinstance(value, str) and value else None


def anchor(text: str, selectors: list[dict[str, Any]]) -> Anchor:
    """Re-attach an annotation to ``text`` from its stored selectors."""
    quote_selector = _selector(selectors, "TextQuoteSelector")
    quote = _text(quote_selector, "exact")
    position = _position(_selector(selectors, "TextPositionSelector"))
    if position is not None and position[1] <= len(text):
        start, end = position
        if quote is None or (
            text[start:end] == quote and _in_context(text, start, end, quote, quote_selector)
        ):
            return Anchor(start, end, "exact")
    if quote is None:
        return Anchor(None, None, "orphan")
    found = match_quote(
        text,
        quote,
        prefix=_text(quote_selector, "prefix"),
        suffix=_text(quote_selector, "suffix"),
        hint=position[0] if position else None,
    )
    if found is None:
        return Anchor(None, None, "orphan")
    if text[found.start : found.end] == quote:
        if position is not None and (found.start, found.end) == position:
            return Anchor(found.start, found.end, "exact")
        if found.score < MIN_MOVED_SCORE and len(quote) < CONTEXT_LENGTH:
            return Anchor(None, None, "orphan")
        return Anchor(found.start, found.end, "moved")
    if found.score < MIN_FUZZY_SCORE and not _framed(text, found, quote_selector):
        return Anchor(None, None, "orphan")
    return Anchor(found.start, found.end, "fuzzy")


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


def _framed(text: str, found: QuoteMatch, quote_selector: dict[str, Any] | None) -> bool:
    """Whether both stored neighbours stand (nearly) intact right around a weak match."""
    prefix, suffix = _text(quote_selector, "prefix"), _text(quote_selector, "suffix")
    if not prefix or not suffix or min(len(prefix), len(suffix)) < MIN_CONTEXT:
        return False
    kept = min(_prefix_kept(text, found.start, prefix), _suffix_kept(text, found.end, suffix))
    return kept >= FRAMED_CONTEXT
