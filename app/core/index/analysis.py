"""How text becomes index terms, shared by indexing, querying, snippets and suggestions.

One word pattern and one normalisation (lower case, accents folded, stop words dropped,
Porter stems) so that a hit found by Whoosh can be found again in the article's plain text
by a fast regex scan instead of re-running the analyzer chain per hit.
"""

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Analyzer, CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Runs of word characters joined by single dots ("u.s", "1.5"). Written as \w+(?:\.?\w+)*
# it matched the same words, but the optional dot made the engine try an empty group after
# every word: a quarter slower over the four million words of a full build.
WORD_PATTERN = r"\w+(?:\.\w+)*"
WORD = re.compile(WORD_PATTERN)
STOP_MIN_SIZE = 2


@lru_cache(maxsize=200_000)
def normal_term(word: str) -> str | None:
    """The index term of one word, or None for a stop word (no regex, no token objects)."""
    folded = word.lower()
    if not folded.isascii():  # accent_map maps no ASCII character
        folded = folded.translate(accent_map)
    if len(folded) < STOP_MIN_SIZE or folded in STOP_WORDS:
        return None
    return str(stem(folded))


class NormalizeFilter(Filter):  # type: ignore[misc]
    """Lower case, accent folding, stop words and Porter stems in one cached step.

    The same as Whoosh's LowercaseFilter | CharsetFilter | StopFilter | StemFilter chain,
    but one generator and one dictionary look-up per token instead of four: analysis is a
    fifth of a full build. Unlike StopFilter's default, the words after a stop word keep
    their real positions: renumbered, "stock in exchange" was the phrase "stock exchange".
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            term = normal_term(t.text)
            if term is not None:
                t.text = term
                t.stopped = False
                yield t
            elif not t.removestops:
                t.text = fold(t.text)
                t.stopped = True
                yield t


def text_analyzer() -> Analyzer:
    """Body, title and notes: stemmed, so "summits" finds "summit"."""
    return RegexTokenizer(WORD_PATTERN) | NormalizeFilter()


def name_analyzer() -> Analyzer:
    """Authors and sources: names are not stemmed and keep short words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def tag_analyzer() -> Analyzer:
    """A tag is one term (tags never hold spaces or commas), matched without case or accents."""
    return RegexTokenizer(r"[^,\s]+") | LowercaseFilter() | CharsetFilter(accent_map)


_TEXT = text_analyzer()


@lru_cache(maxsize=200_000)
def body_term(word: str) -> str | None:
    """The index term of one word of running text, or None for a stop word."""
    for token in _TEXT(word):
        return str(token.text)
    return None


def fold(text: str) -> str:
    """Lower case without accents: what the user typed, compared as the index compares it."""
    return str(text.lower().translate(accent_map))


def is_stop_word(word: str) -> bool:
    folded = fold(word)
    return folded in STOP_WORDS or len(folded) < STOP_MIN_SIZE
