"""Approximate substring search with Myers' bit-parallel algorithm, on Python integers.

Anchoring falls back to this when a highlighted quote no longer occurs verbatim. Myers'
algorithm keeps one column of the edit-distance matrix as two bit vectors, so each text
character costs a handful of integer operations; Python's unbounded integers hold the whole
pattern in one "word", which keeps the code to a single block. As in the approx-string-match
library the Hypothesis client uses, the matches with the lowest error count are reported
(optionally with a little slack, see ``search``), and each match's start is found by matching
the reversed pattern backwards from its end.
"""

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Match:
    """``text[start:end]`` is within ``errors`` edits (Levenshtein) of the pattern."""

    start: int
    end: int
    errors: int


@lru_cache(maxsize=4096)
def _positions(pattern: str) -> dict[str, int]:
    """For each character, a bit mask of the places it occurs in the pattern (cached: one
    annotation's quote, prefix and suffix are matched against many candidate places)."""
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    return peq


def _last_row(text: str, pattern: str, *, anchored: bool) -> list[int]:
    """Edit distance of the whole pattern against text ending at each position 1..len(text).

    Unanchored, the match may start anywhere (row 0 is all zeros); anchored, it must start at
    position 0 of ``text`` (row 0 counts the skipped characters).
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq = _positions(pattern)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    row: list[int] = []
    append = row.append
    for eq in [peq.get(char, 0) for char in text]:
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (mask ^ (xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask ^ (xv | ph))
        mv = ph & xv
        append(score)
    return row


def _start_for(text: str, pattern: str, end: int, errors: int) -> int:
    """The start of the match ending at ``end``: the reversed pattern, anchored at ``end``.

    Among starts with the fewest errors, the one giving the pattern's own length wins, so
    a match neither swallows nor drops neighbouring characters without reason.
    """
    m = len(pattern)
    lowest = max(0, end - m - errors)
    backwards = text[lowest:end][::-1]
    row = _last_row(backwards, pattern[::-1], anchored=True)
    best_length, best_errors = m, errors + 1
    for length, found in enumerate(row, start=1):
        better = found < best_errors or (
            found == best_errors and abs(length - m) < abs(best_length - m)
        )
        if better:
            best_length, best_errors = length, found
    return end - best_length


def _pieces(pattern: str, size: int) -> list[tuple[int, str]]:
    """Non-overlapping pieces of the pattern, each with its offset in it."""
    return [
        (offset, pattern[offset : offset + size])
        for offset in range(0, len(pattern) - size + 1, size)
    ]


def _windows(
    text: str, pattern: str, pieces: list[tuple[int, str]], reach: int
) -> list[tuple[int, int, int]]:
    """(support, begin, end) of stretches around exact hits of pieces, most supported first.

    A hit says where a match would start (its diagonal); its support counts the distinct
    pieces whose hits agree with it within ``2 * reach``, an upper bound on how many pieces a
    match there keeps intact. Overlapping stretches are merged, keeping the highest support,
    so each part of the text is scanned once.
    """
    hits = sorted(
        (at - offset, index)
        for index, (offset, piece) in enumerate(pieces)
        for at in _occurrences(text, piece)
    )
    merged: list[list[int]] = []
    counts: dict[int, int] = {}
    low = high = 0
    for diagonal, _index in hits:
        while high < len(hits) and hits[high][0] <= diagonal + 2 * reach:
            counts[hits[high][1]] = counts.get(hits[high][1], 0) + 1
            high += 1
        while hits[low][0] < diagonal - 2 * reach:
            counts[hits[low][1]] -= 1
            if not counts[hits[low][1]]:
                del counts[hits[low][1]]
            low += 1
        support = len(counts)
        begin = max(0, diagonal - reach)
        end = min(len(text), diagonal + len(pattern) + reach)
        if merged and begin <= merged[-1][2]:
            merged[-1][0] = max(merged[-1][0], support)
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([support, begin, end])
    return sorted(((w[0], w[1], w[2]) for w in merged), key=lambda w: (-w[0], w[1]))


def _occurrences(text: str, piece: str) -> list[int]:
    found = []
    at = text.find(piece)
    while at != -1:
        found.append(at)
        at = text.find(piece, at + 1)
    return found


def _scan(text: str, pattern: str, begin: int, end: int) -> tuple[list[tuple[int, int]], int]:
    """(end, errors) of the best match ending at each position of ``text[begin:end]``, ends
    1-based like slice ends; and the lowest error count among them."""
    row = _last_row(text[begin:end], pattern, anchored=False)
    return list(zip(range(begin + 1, end + 1), row, strict=True)), min(row)


def _filtered_scan(text: str, pattern: str, limit: int) -> tuple[list[tuple[int, int]], int]:
    """The scan, run only where the best match can be (see ``search``); piece size halving
    until the guarantee holds, the whole text as the last resort.

    A match with e errors keeps at least (pieces - e) pieces intact, so once a match with
    ``best`` errors is known, windows supported by fewer than (pieces - best) pieces cannot
    hold one as good, and the scan stops there.
    """
    size = max(2, min(8, len(pattern) // 4)) if len(pattern) >= 4 else 0
    while size >= 2:
        pieces = _pieces(pattern, size)
        reach = min(limit, len(pieces) - 1)
        best = len(pieces)
        found: list[tuple[int, int]] = []
        for support, begin, end in _windows(text, pattern, pieces, reach):
            if support < len(pieces) - best:
                break
            ends, lowest = _scan(text, pattern, begin, end)
            found.extend(ends)
            best = min(best, lowest)
        if found and best < len(pieces):
            return sorted(found), best
        size //= 2
    return _scan(text, pattern, 0, len(text))


def _near(sorted_ends: list[int], end: int, reach: int) -> bool:
    """Whether ``end`` is within ``reach`` positions of one of the (sorted) best ends."""
    at = bisect.bisect_left(sorted_ends, end - reach)
    return at < len(sorted_ends) and sorted_ends[at] <= end + reach


def search(text: str, pattern: str, max_errors: int, slack: int = 0) -> list[Match]:
    """Matches of ``pattern`` in ``text`` with the lowest error count (if <= max_errors), and
    those within ``slack`` more errors of it.

    The slack lets a caller that scores context pick the right boundary when the edit sits at
    the quote's edge: ending one character early is often exactly as cheap as the true end.
    Exact occurrences are found first with ``str.find``, far quicker than the bit-parallel
    scan and the common case. Otherwise the scan runs only around exact hits of the
    pattern's pieces: e edits break at most e pieces, so when the best match found there has
    fewer errors than there are pieces, no match elsewhere can beat it; otherwise smaller
    pieces are tried, and at last the whole text. The best match is the same as a full
    scan's, at a fraction of the cost. Slack matches are only those ending within ``slack``
    positions of a best one: other edges of the same match, not weaker matches elsewhere.
    """
    if not pattern or not text:
        return []
    exact = [Match(at, at + len(pattern), 0) for at in _occurrences(text, pattern)]
    if exact:
        return exact
    limit = min(max_errors, len(pattern))
    ends, best = _filtered_scan(text, pattern, limit)
    if best > limit:
        return []
    best_ends = [end for end, errors in ends if errors == best]
    matches: dict[tuple[int, int], Match] = {}
    for end, errors in ends:
        if errors <= min(best + slack, limit) and _near(best_ends, end, slack):
            start = _start_for(text, pattern, end, errors)
            matches.setdefault((start, end), Match(start, end, errors))
    return list(matches.values())


def distance(a: str, b: str) -> int:
    """Levenshtein distance between two whole strings."""
    if not b:
        return len(a)
    if not a:
        return len(b)
    return _last_row(a, b, anchored=True)[-1]


def similarity(text: str, pattern: str) -> float:
    """1.0 when ``pattern`` occurs in ``text``, falling towards 0.0 as edits are needed."""
    if not pattern or not text:
        return 0.0
    if pattern in text:
        return 1.0
    return 1.0 - min(_last_row(text, pattern, anchored=False)) / len(pattern)


_WORD = re.compile(r"\w+")


def _same_word(quoted: str, found: str) -> bool:
    """A word kept through a typo or two (at most a third of its letters changed)."""
    if quoted == found:
        return True
    return 3 * abs(len(found) - len(quoted)) <= len(quoted) and 3 * distance(found, quoted) <= len(
        quoted
    )


def words_kept(quote: str, found: str) -> float:
    """How much of the quote's wording (0..1, by letters) still stands, in order, in ``found``.

    Words are compared case-blind and forgive a typo, and words inserted into ``found`` cost
    nothing: "paid market for it" keeps all of "paid for it". A rewrite keeps little ("He
    added that the Allies" in "Mr Stoltenberg said allies": only "allies", 0.3), and words
    replaced by others of the same length keep none, which a letter-level distance cannot
    tell from a few typos once the quote is short.
    """
    quoted, kept = _WORD.findall(quote.casefold()), _WORD.findall(found.casefold())
    total = sum(len(word) for word in quoted)
    if not total:
        return 1.0 if quote.strip() == found.strip() else 0.0
    # Weighted longest common subsequence of the two word lists.
    previous = [0] * (len(kept) + 1)
    for word in quoted:
        row = [0] * (len(kept) + 1)
        for j, other in enumerate(kept, 1):
            same = previous[j - 1] + len(word) if _same_word(word, other) else 0
            row[j] = max(previous[j], row[j - 1], same)
        previous = row
    return previous[-1] / total


def quote_similarity(quote: str, found: str, enough: float) -> float:
    """How far ``found`` is still the quoted passage, from its words alone (0..1).

    The letters kept (Levenshtein over the longer of the two) when they show at least
    ``enough`` of the quote, so a typo or a lost space ("themusical") counts as one; below
    that, the words kept: between different words of a short quote ("and set the", "and
    stage") a letter-level distance is chance, not sameness.
    """
    if not quote or not found:
        return 0.0
    letters = 1.0 - distance(found, quote) / max(len(quote), len(found))
    if letters >= enough:
        return letters
    return words_kept(quote, found)
