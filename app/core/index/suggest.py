""" "Did you mean": spelling corrections built from the index's own terms.

Body terms are stems ("aegi"), which are no words to show, so each candidate stem is turned
back into a word as it is written in an article that contains it. A correction is offered
only if the corrected query finds something: "agis ashore" becomes "aegis ashore" because
the two words occur together, not merely because "aegis" is close to "agis".
"""

import itertools
import re
from collections.abc import Callable

from whoosh.searching import Searcher
from whoosh.support.levenshtein import levenshtein as distance

from app.core.index.analysis import WORD, body_term, fold, is_stop_word
from app.core.index.schema import record_of

MAX_DISTANCE = 2
PER_WORD = 4
MAX_TRIES = 12
MAX_WORD = 40


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


def _surface(searcher: Searcher, stem: str) -> str | None:
    """The stem as a reader would write it, taken from the first article that has it."""
    postings = searcher.postings("body", stem)
    if not postings.is_active():
        return None
    text = record_of(searcher.stored_fields(postings.id())).text
    for match in WORD.finditer(text):
        if body_term(match.group()) == stem:
            return fold(match.group())
    return None


def _candidates(searcher: Searcher, word: str) -> list[str]:
    reader = searcher.reader()
    folded = fold(word)
    stem = body_term(word) or folded
    scored: list[tuple[int, int, str]] = []
    for field, text in (("body", stem), ("author", folded)):
        for found in reader.terms_within(field, text, MAX_DISTANCE, prefix=1):
            surface = _surface(searcher, found) if field == "body" else found
            if surface and surface != folded:
                freq = reader.doc_frequency(field, found)
                scored.append((distance(folded, surface), -freq, surface))
    ranked = [s for _d, _f, s in sorted(scored)]
    return list(dict.fromkeys(ranked))[:PER_WORD]


def suggest(
    searcher: Searcher, text: str, words: list[str], finds: Callable[[str], bool]
) -> str | None:
    """A corrected query that ``finds`` something, or None."""
    unknown = [w for w in dict.fromkeys(words) if not is_stop_word(w) and not _known(searcher, w)]
    if not unknown or len(unknown) > 3 or any(len(w) > MAX_WORD for w in unknown):
        return None
    options = [_candidates(searcher, w) for w in unknown]
    if not all(options):
        return None
    for tries, choice in enumerate(itertools.product(*options)):
        if tries >= MAX_TRIES:
            break
        corrected = text
        for wrong, right in zip(unknown, choice, strict=True):
            corrected = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, corrected)
        if finds(corrected):
            return corrected
    return None
