"""The library list's sort keys and filter values as numpy columns, made once per snapshot.

At 250,000 articles, sorting and filtering ``Article`` objects in Python (a key tuple per
article, ``_accepts`` per article) held the GUI thread 3.5 s at every start, and counting
the filter boxes' tags, sources and years article by article 2.7 s more. Here each article
gives its date ordinal, a rank of its title and a rank of its source once (the titles are
sorted a single time, in C), and every order or filter after that is a numpy ``lexsort``
or a comparison of arrays: milliseconds, whichever column is clicked.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from app.core.article import Article

TITLE, SOURCE, DATE = range(3)
_UNIX_DAY_ONE = 719163  # date(1970, 1, 1).toordinal(): numpy counts days from there

Ints = npt.NDArray[np.int64]


def _ranks(keys: Sequence[str]) -> Ints:
    """Each key's place among the distinct keys sorted: equal keys share a rank, so rows
    with equal titles keep their order as a stable sort would."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    changes = (keys[a] != keys[b] for a, b in pairwise(order))
    new = np.fromiter(changes, bool, max(0, len(keys) - 1))
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.concatenate(([0], np.cumsum(new)))[: len(keys)]
    return ranks


@dataclass(frozen=True)
class Facets:
    """What the filter boxes offer: each tag (its first spelling met, by folded tag) with
    its article count, each source with its count, and the years with any article."""

    tags: list[tuple[str, int]]  # most articles first
    sources: list[tuple[str, int]]  # most articles first
    years: list[int]  # newest first


class ListColumns:
    """One snapshot's articles as arrays: what ordering and filtering the list reads."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.places = {a.id: n for n, a in enumerate(articles)}  # id -> its place here
        count = len(articles)
        self.ordinals = np.fromiter(
            ((a.date.toordinal() if a.date else 0) for a in articles), np.int64, count
        )
        self.sources: list[str | None] = [a.source or None for a in articles]
        folded = {s: s.casefold() for s in self.sources if s}  # a library has few sources
        by_source = {f: n for n, f in enumerate(sorted(set(folded.values())))}
        source_rank = {s: by_source[f] for s, f in folded.items()}
        self.source_ranks = np.fromiter(
            (source_rank.get(s, -1) if s else -1 for s in self.sources), np.int64, count
        )
        self.title_ranks = _ranks([a.title.casefold() for a in articles])
        days = np.where(self.ordinals > 0, self.ordinals - _UNIX_DAY_ONE, 0)
        self.years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        self._tag_sets: Counter[tuple[str, ...]] = Counter(tuple(a.tags) for a in articles)

    def __len__(self) -> int:
        return len(self.articles)

    def has_values(self, column: int) -> bool:
        """Whether any article has something in this column (the title always)."""
        if column == DATE:
            return bool(self.ordinals.any())
        if column == SOURCE:
            return bool((self.source_ranks >= 0).any())
        return True

    def accepted(self, tag: str | None, source: str | None, year: int | None) -> Ints:
        """The positions of the articles with this folded tag, source and year (None: any)."""
        keep = np.ones(len(self), dtype=bool)
        if source is not None:
            keep &= np.fromiter((s == source for s in self.sources), bool, len(self))
        if year is not None:
            keep &= (self.ordinals > 0) & (self.years == year)
        if tag is not None:
            tagged = {ts for ts in self._tag_sets if any(t.casefold() == tag for t in ts)}
            keep &= np.fromiter((tuple(a.tags) in tagged for a in self.articles), bool, len(self))
        return np.flatnonzero(keep).astype(np.int64)

    def order(self, positions: Ints, column: int, descending: bool) -> Ints:
        """``positions`` sorted by the column (dates chronologically, text without case,
        ties by title), those without a value (no date, no source) last and by title
        whichever way the column runs. Descending is the ascending order reversed with
        equal rows kept in their given order, as ``list.sort(reverse=True)`` does."""
        titles = self.title_ranks[positions]
        if column == TITLE:
            primary = np.zeros(len(positions), dtype=np.int64)
            valued = np.ones(len(positions), dtype=bool)
        else:
            primary = (self.ordinals if column == DATE else self.source_ranks)[positions]
            valued = primary > 0 if column == DATE else primary >= 0
        have, missing = positions[valued], positions[~valued]
        if descending:
            place = np.arange(len(have), dtype=np.int64)
            ranked = np.lexsort((-place, titles[valued], primary[valued]))[::-1]
        else:
            ranked = np.lexsort((titles[valued], primary[valued]))
        last = missing[np.argsort(titles[~valued], kind="stable")]
        return np.concatenate((have[ranked], last))

    def facets(self) -> Facets:
        """The filter boxes' contents, from the shared tag tuples (a library has far fewer
        distinct tag sets than articles) and the columns."""
        spelling: dict[str, str] = {}
        tags: Counter[str] = Counter()
        for tag_set, count in self._tag_sets.items():  # in the order first met
            for tag in tag_set:
                spelling.setdefault(tag.casefold(), tag)
            for tag in dict.fromkeys(t.casefold() for t in tag_set):
                tags[tag] += count
        sources = Counter(s for s in self.sources if s)
        dated = self.years[self.ordinals > 0]
        return Facets(
            tags=[(spelling[t], n) for t, n in tags.most_common()],
            sources=sources.most_common(),
            years=sorted({int(y) for y in np.unique(dated)}, reverse=True),
        )
