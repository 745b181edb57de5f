"""Where an approximately matched quote begins and ends.

The lowest-error alignment of an edited quote often cuts a word in half or runs on into the
next paragraph; the stored context and the word and paragraph breaks of the text show where
the passage really begins and ends. The place itself is chosen in ``anchoring``.
"""

from app.core.approx_match import Match, distance, search

# Approximate candidates with up to this many more errors than the best are scored too, so
# the context can settle a boundary that an edit at the quote's edge made ambiguous.
BOUNDARY_SLACK = 2
# Context shorter than this (a highlight at the very start or end) is too weak to move edges
# or to frame a rewritten quote.
MIN_CONTEXT = 8


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


def _one_paragraph(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """The part of ``text[start:end]`` within one paragraph that is closest to the quote.

    A quote from one paragraph whose last words were deleted at the paragraph's end is
    matched most cheaply by running on into the next ("low-cost\\nThe"); that paragraph
    was never part of the highlight.
    """
    pieces, at = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            pieces.append((at, at + len(line)))
        at += len(line) + 1
    return min(pieces, key=lambda p: distance(text[p[0] : p[1]], quote), default=(start, end))


def refine(text: str, quote: str, found: Match, prefix: str | None, suffix: str | None) -> Match:
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
    if "\n" not in quote and "\n" in text[start:end]:
        start, end = _one_paragraph(text, quote, start, end)
    if (start, end) == (found.start, found.end):
        return found
    return Match(start, end, distance(text[start:end], quote))
