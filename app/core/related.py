"""Articles related to one: those that share its key terms, as Recoll's "similar documents".

The article's most frequent words (stop words and numbers left out) are asked of the index
as one OR query: BM25 already weighs each shared word by how rare it is in the library, so a
shared "sorghum" counts far more than a shared "market", which is what tf-idf key terms give,
through the index's public search and nothing else. The article itself is not related to
itself and is left out.
"""

import re
from collections import Counter

from app.core.index import SearchIndex
from app.core.index.analysis import is_stop_word
from app.core.library import Library
from app.core.neighbours import Neighbour
from app.core.strict_search import strict_search

KEY_TERMS = 16
MIN_LENGTH = 3
_WORD = re.compile(r"[^\W\d_]+")
_OPERATORS = {"and", "or", "not", "to"}
_EXTRA_STOP = {"said", "says", "would", "could", "also", "mln", "dlrs", "pct", "cts"}
"""Words of every news item (and Reuters' units) that would only cost matching time."""


class Related(Neighbour):
    """A related article; ``score`` is its BM25 score for the key terms (higher is closer)."""


def key_terms(title: str, body: str, count: int = KEY_TERMS) -> list[str]:
    """The article's most frequent content words, headline words counted twice."""
    words = Counter[str]()
    for text, weight in ((title, 2), (body, 1)):
        for word in _WORD.findall(text.casefold()):
            if len(word) >= MIN_LENGTH and not is_stop_word(word) and word not in _EXTRA_STOP:
                words[word] += weight
    ranked = sorted(words.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    return [w for w, _n in ranked if w not in _OPERATORS][:count]


def related(
    index: SearchIndex, library: Library, article_id: str, limit: int = 10
) -> list[Related]:
    """Up to ``limit`` articles most like ``article_id``, best first; NotFound when there is
    no such article, [] when it has no words to compare."""
    article = library.get(article_id)
    terms = key_terms(article.title, article.body)
    if not terms:
        return []
    results = strict_search(index, " OR ".join(terms), limit=limit + 1)
    found = [
        Related(h.id, h.title, h.date, h.source, h.score)
        for h in results.hits
        if h.id != article_id
    ]
    return found[:limit]
