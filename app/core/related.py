"""Articles related to one: those that share its key terms, as Recoll's "similar documents".

The article's key terms are its distinctive words, as tf-idf (and Lucene's MoreLikeThis)
picks them: how often the article uses a word (headline words twice) times how rare the word
is in the library's texts (the index's document frequencies). They are asked of the index as
one OR query, and BM25 ranks the articles that share them. Ranking the words by frequency
alone let "has", "their" and "they" (not on the index's short stop list) crowd out the
article's names and topics; by tf-idf, 12 words instead of 16, the related lists of 80
tagged corpus articles share a topic tag with it as often (0.850 against 0.853) and cost a
third less CPU, since a rare word has a short posting list to read (docs/benchmarks.md,
"Follow a story"). The article itself is not related to itself and is left out.

The words are asked of the headline and the text only (CONTENT_FIELDS): a related article is
one about the same things, not one whose source, author, tags or the user's notes happen to
hold a key word; and each field asked is one more query branch to parse.
"""

import math
import re
from collections import Counter
from collections.abc import Mapping

from app.core.index import SearchIndex
from app.core.index.analysis import is_stop_word
from app.core.library import Library
from app.core.neighbours import Neighbour
from app.core.strict_search import strict_search

KEY_TERMS = 12
CONTENT_FIELDS = ("title", "body")
MIN_LENGTH = 3
MAX_SHARE = 0.5
"""A word in more than this share of the library's texts says nothing about the story."""
_WORD = re.compile(r"[^\W\d_]+")
_OPERATORS = {"and", "or", "not", "to"}
_EXTRA_STOP = {"said", "says", "would", "could", "also", "mln", "dlrs", "pct", "cts"}
"""Words of every news item (and Reuters' units): their long posting lists would only cost
matching time in a short article with few other words."""


class Related(Neighbour):
    """A related article; ``score`` is its BM25 score for the key terms (higher is closer)."""


def word_counts(title: str, body: str) -> Counter[str]:
    """The article's content words (no stop words or numbers), headline words counted twice."""
    words = Counter[str]()
    for text, weight in ((title, 2), (body, 1)):
        for word in _WORD.findall(text.casefold()):
            if len(word) >= MIN_LENGTH and not is_stop_word(word) and word not in _EXTRA_STOP:
                words[word] += weight
    for operator in _OPERATORS:
        words.pop(operator, None)
    return words


def distinctive(
    words: Counter[str],
    count: int = KEY_TERMS,
    frequencies: Mapping[str, int] | None = None,
    articles: int = 0,
) -> list[str]:
    """The ``count`` most distinctive of ``words`` (word -> uses): uses times idf,
    log(1 + articles / texts holding the word), from ``frequencies`` of a library of
    ``articles``; without them, the most used words."""
    known = frequencies or {}

    def weight(item: tuple[str, int]) -> float:
        word, uses = item
        if not articles:
            return float(uses)
        return uses * math.log(1 + articles / max(1, known.get(word, 0)))

    kept = [
        (w, n) for w, n in words.items() if known.get(w, 0) <= MAX_SHARE * articles or not articles
    ]
    ranked = sorted(kept, key=lambda item: (-weight(item), -len(item[0]), item[0]))
    return [w for w, _n in ranked][:count]


def related(
    index: SearchIndex, library: Library, article_id: str, limit: int = 10
) -> list[Related]:
    """Up to ``limit`` articles most like ``article_id``, best first; NotFound when there is
    no such article, [] when it has no words to compare."""
    article = library.get(article_id)
    words = word_counts(article.title, article.body)
    articles, frequencies = index.text_frequencies(list(words))
    terms = distinctive(words, KEY_TERMS, frequencies, articles)
    if not terms:
        return []
    either = " OR ".join(terms)
    query = " OR ".join(f"{field}:({either})" for field in CONTENT_FIELDS)
    results = strict_search(index, query, limit=limit + 1)
    found = [
        Related(h.id, h.title, h.date, h.source, h.score)
        for h in results.hits
        if h.id != article_id
    ]
    return found[:limit]
