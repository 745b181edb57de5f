"""Finding a passage the user typed (``readmark annotate --quote``) in an article's text.

People type quotes from memory or copy them from another window: the line breaks differ,
the capitals differ ("nato" for "NATO"), a letter is off. So a quote is looked for in three
steps, each used only when the one before finds nothing: as typed (any run of spaces matching
any run of spaces), ignoring case, and at last near matches (a few letters different), which
are offered, never taken silently. When a quote occurs several times, the caller picks one by
its number; ``matches`` lists them with their surroundings so the choice can be made.
"""

import re
from dataclasses import dataclass
from typing import Literal

from app.core.approx_match import search
from app.core.errors import InvalidInput, NotFound

Kind = Literal["exact", "ignoring case", "near"]
CONTEXT = 30
# A near match may differ in one character out of this many (at least one).
NEAR_RATE = 6


@dataclass(frozen=True)
class QuoteMatch:
    """One place a quote was found: the text there and its surroundings."""

    start: int
    end: int
    kind: Kind
    text: str
    before: str
    after: str


def _loose(quote: str) -> str:
    words = quote.split()
    if not words:
        raise InvalidInput("the quote is empty or only whitespace; nothing to highlight")
    return r"\s+".join(re.escape(w) for w in words)


def _match(text: str, start: int, end: int, kind: Kind) -> QuoteMatch:
    before = " ".join(text[max(0, start - CONTEXT) : start].split())
    after = " ".join(text[end : end + CONTEXT].split())
    return QuoteMatch(start, end, kind, text[start:end], before, after)


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    inside = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    return inside or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def _near(text: str, quote: str) -> list[QuoteMatch]:
    """Approximate matches, one per place: the approximate search reports every edge that
    costs the same (``Washingt``, ``Washingto``, ``Washington``), and the one that does not
    cut a word, then the longest, is the one a person means."""
    squeezed = " ".join(quote.split())
    budget = max(1, len(squeezed) // NEAR_RATE)
    found = sorted(search(text, squeezed, budget), key=lambda m: (m.start, m.end))
    places: list[list[tuple[int, int, int]]] = []
    for m in found:
        if places and m.start < places[-1][-1][1]:
            places[-1].append((m.start, m.end, m.errors))
        else:
            places.append([(m.start, m.end, m.errors)])
    best = [
        min(p, key=lambda s: (_cuts_a_word(text, s[0], s[1]), s[2], s[0] - s[1])) for p in places
    ]
    best.sort(key=lambda s: (s[2], s[0]))
    return [_match(text, start, end, "near") for start, end, _errors in best]


def matches(text: str, quote: str) -> list[QuoteMatch]:
    """Where ``quote`` is in ``text``: as typed, else ignoring case, else near matches.
    Occurrences may overlap ("a a" occurs twice in "a a a"), so each start is tried."""
    pattern = re.compile(f"(?=({_loose(quote)}))")
    steps: tuple[tuple[Kind, int], ...] = (("exact", 0), ("ignoring case", re.IGNORECASE))
    for kind, flags in steps:
        found = [m.span(1) for m in re.finditer(pattern.pattern, text, flags)]
        if found:
            return [_match(text, start, end, kind) for start, end in found]
    return _near(text, quote)


def find_quote(text: str, quote: str, occurrence: int = 1, *, near: bool = False) -> QuoteMatch:
    """The ``occurrence``-th match of ``quote``; near matches only when ``near`` is set, so a
    highlight never lands on different words without the user saying so."""
    if occurrence < 1:
        raise InvalidInput(f"the occurrence must be 1 or more, not {occurrence}")
    found = matches(text, quote)
    if not found:
        raise NotFound(f"the quote {quote!r} is not in the article")
    if found[0].kind == "near" and not near:
        options = "; ".join(f"{i}: {m.text!r}" for i, m in enumerate(found[:5], start=1))
        raise NotFound(
            f"the quote {quote!r} is not in the article; near matches: {options} "
            "(add --near to take one, --occurrence N to choose)"
        )
    if occurrence > len(found):
        raise NotFound(f"the quote {quote!r} occurs {len(found)} time(s), not {occurrence}")
    return found[occurrence - 1]
