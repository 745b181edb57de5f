""" "Did you mean": spelling corrections built from the index's own terms.

Body terms are stems ("aegi"), which are no words to show, so each candidate stem is turned
back into a word as it is written in an article that contains it. A correction is offered
only if the corrected query finds something: "agis ashore" becomes "aegis ashore" because
the two words occur together, not merely because "aegis" is close to "agis".

Every part of it is bounded, whatever was typed: only queries of plain words and phrases
get a suggestion (a corrected range or wildcard would re-run the costly part of the query:
``[2024 to]x`` re-ran its range 12 times and took 11 s); candidates come from a bounded walk
of the term list; at most ``MAX_TRIES`` corrected queries are run, within ``SECONDS``.
"""

import itertools
import re
import time
from collections.abc import Callable

from whoosh.searching import Searcher
from whoosh.support.levenshtein import levenshtein as distance

from app.core.index.analysis import WORD, body_term, fold, is_stop_word
from app.core.index.query import near_terms
from app.core.index.schema import record_of

MAX_DISTANCE = 2
PER_WORD = 4
MAX_TRIES = 12
MAX_UNKNOWN = 3
MAX_WORD = 40
SURFACES = 3 * PER_WORD
SURFACE_ARTICLES = 3
SECONDS = 0.2


def _known(searcher: Searcher, word: str) -> bool:
    term = body_term(word)
    if term is None:
        return True
    reader = searcher.reader()
    return bool(
        reader.doc_frequency("body", term)
        or reader.doc_frequency("title", term)
        or reader.doc_frequency("author", fold(word))
    )


def _surface(searcher: Searcher, stem: str, typed: str) -> str | None:
    """The stem as a reader would write it, in the form nearest to what was typed, from
    the first ``SURFACE_ARTICLES`` articles that have it ("prices", not "price", for
    "pricess": the form decides the distance that ranks the candidates)."""
    postings = searcher.postings("body", stem)
    forms: set[str] = set()
    for _n in range(SURFACE_ARTICLES):
        if not postings.is_active():
            break
        text = record_of(searcher.stored_fields(postings.id())).text
        forms.update(fold(m.group()) for m in WORD.finditer(text) if body_term(m.group()) == stem)
        postings.next()
    return min(forms, key=lambda f: (distance(typed, f), len(f), f)) if forms else None


def _candidates(searcher: Searcher, word: str) -> list[str]:
    """The closest words to ``word``, by edit distance and then by how many articles hold
    them ("oil prices", not "oil princess", for "oill pricess": both forms are one edit
    away, and "prices" is in 3,645 articles against 7). Only the most frequent near terms
    are turned back into words, since each costs a few stored article reads."""
    reader = searcher.reader()
    folded = fold(word)
    stem = body_term(word) or folded
    near: list[tuple[int, str, str]] = []
    for field, text in (("body", stem), ("author", folded)):
        for btext in near_terms(reader, field, text, MAX_DISTANCE):
            found = btext.decode("utf-8")
            near.append((-reader.doc_frequency(field, found), field, found))
    scored: list[tuple[int, int, str]] = []
    for freq, field, found in sorted(near)[:SURFACES]:
        surface = _surface(searcher, found, folded) if field == "body" else found
        if surface and surface != folded:
            scored.append((distance(folded, surface), freq, surface))
    ranked = [s for _d, _f, s in sorted(scored)]
    return list(dict.fromkeys(ranked))[:PER_WORD]


def suggest(
    searcher: Searcher, text: str, words: list[str], finds: Callable[[str], bool]
) -> str | None:
    """A corrected query that ``finds`` something, or None. ``finds`` is called at most
    ``MAX_TRIES`` times and not after ``SECONDS``."""
    deadline = time.perf_counter() + SECONDS
    unknown = [w for w in dict.fromkeys(words) if not is_stop_word(w) and not _known(searcher, w)]
    if not unknown or len(unknown) > MAX_UNKNOWN or any(len(w) > MAX_WORD for w in unknown):
        return None
    options = [_candidates(searcher, w) for w in unknown]
    if not all(options):
        return None
    for choice in itertools.islice(itertools.product(*options), MAX_TRIES):
        if time.perf_counter() > deadline:
            break
        corrected = text
        for wrong, right in zip(unknown, choice, strict=True):
            corrected = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, corrected)
        if finds(corrected):
            return corrected
    return None
