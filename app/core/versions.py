"""Versions of one wire story: clusters of near-identical articles.

Agencies republish a story with small edits (a corrected figure, an added paragraph, a new
headline), and Reuters-21578 holds many such corrected or updated items. Exact copies are
refused at import; these are the near copies. Articles whose MinHash signatures agree in one
of BANDS bands become candidates (locality-sensitive hashing: no pair of texts is compared
unless they are likely alike), a candidate pair whose estimated word-shingle similarity
reaches THRESHOLD is two versions, and versions of versions form one cluster.

The signatures live in the data folder's cache (``app.core.minhash``); each call compares
the library's content hashes with the cached ones, so an import or a sync only costs the
signatures of the articles it added or changed. The matrix is read a band at a time and
the bands' buckets are sorted arrays, not dicts of lists, so 250,000 articles cluster in
a few tens of MB.
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.core.article import Article
from app.core.library import Library
from app.core.minhash import (
    EMPTY,
    NUM_PERM,
    Digests,
    SignatureCache,
    Signatures,
    SignatureTable,
    digests_of,
)
from app.core.neighbours import Neighbour
from app.core.render import render
from app.core.word_diff import DiffPart, word_diff

BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.7
"""Estimated Jaccard similarity of 4-word shingles from which two articles are versions of
each other: a corrected Reuters item keeps 80-99% of its shingles; two different stories on
one template (dividend notices of two companies) share under 50% (docs/benchmarks.md)."""
WINDOW = 32
_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)


class Version(Neighbour):
    """One article of a cluster; ``score`` is its similarity to the article asked about."""

    SCORE_NAME = "similarity"

    @property
    def similarity(self) -> float:
        return self.score


def text_of(article: Article) -> str:
    """What is compared: headline and body, as a changed headline is a change of version."""
    return f"{article.title}\n{article.body}"


Words = Callable[[int, int], Signatures]
"""Words ``first`` to ``stop`` of every signature compared: (stop - first, articles)."""


def _band_key(block: Signatures) -> npt.NDArray[np.uint64]:
    """One number per article for a band's ROWS words."""
    key = np.zeros(block.shape[1], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for word in block:
            key = key * _BAND_MIX + word.astype(np.uint64)
    return key


def similarity(a: Signatures, b: Signatures) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of signatures (rows of ``a`` against rows of ``b``)."""
    shared: npt.NDArray[np.float64] = np.mean(a == b, axis=-1)
    return shared


def close_pairs(rows: Signatures) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs of rows of a (signatures, NUM_PERM) matrix that are versions of each other."""
    return close_pairs_in(lambda first, stop: rows[:, first:stop].T, len(rows))


def close_pairs_in(words: Words, count: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs of the ``count`` signatures ``words`` reads that share a band and whose
    similarity reaches THRESHOLD, read a band at a time (4 MB at 250,000 articles, where
    the whole matrix and its band keys took 230 MB more).

    Within a band's bucket each row is compared with the next WINDOW rows only: a bucket
    of a thousand templated items (dividend notices) stays linear, and versions of one
    story, which share many bands, still meet in one of them."""
    empty = np.ones(count, dtype=bool)  # texts too short to compare
    for band in range(BANDS):
        empty &= np.all(words(band * ROWS, (band + 1) * ROWS) == EMPTY, axis=0)
    usable = np.flatnonzero(~empty)
    found: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        keys = _band_key(words(band * ROWS, (band + 1) * ROWS)[:, usable])
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        for step in range(1, WINDOW + 1):
            same = np.flatnonzero(ordered[step:] == ordered[:-step])
            if not len(same):
                break
            first, second = order[same], order[same + step]
            found.append(np.minimum(first, second) * count + np.maximum(first, second))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pairs = np.unique(np.concatenate(found))  # one number a pair: no (2, pairs) sort
    a, b = usable[pairs // count], usable[pairs % count]
    shared = np.zeros(len(pairs), dtype=np.int64)
    for band in range(BANDS):
        block = words(band * ROWS, (band + 1) * ROWS)
        shared += np.sum(block[:, a] == block[:, b], axis=0)
    close = shared / NUM_PERM >= THRESHOLD
    return a[close], b[close]


def components(
    count: int, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The cluster label (its smallest row) of each of ``count`` rows joined by pairs."""
    parent = np.arange(count, dtype=np.int64)
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = _find(parent, x), _find(parent, y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    while True:  # every row to its root at once: a root is the smallest row of its tree
        up = parent[parent]
        if np.array_equal(up, parent):
            return parent
        parent = up


def _find(parent: npt.NDArray[np.int64], item: int) -> int:
    root = item
    while parent[root] != root:
        root = int(parent[root])
    while parent[item] != root:
        parent[item], item = root, int(parent[item])
    return root


class Versions:
    """The version clusters of a library, from its articles' cached signatures.

    What it keeps between refreshes is small (the ids, their content digests, the labels):
    a window asks again after every sync, and the clusters are computed again only when
    an article's text changed, was added or went."""

    def __init__(self, library: Library, cache_dir: Path) -> None:
        self.library = library
        self.cache = SignatureCache(cache_dir)
        self.ids: list[str] = []
        self._digests: Digests = np.zeros(0, dtype="S20")
        self.labels = np.zeros(0, dtype=np.int64)  # by ``ids``: the smallest row of the cluster
        self.refresh()

    def refresh(self) -> bool:
        """Follow the library as it is now; True when its texts changed since the last
        call. Nothing is read or signed when nothing changed; otherwise new or edited
        articles are signed, those no longer there dropped from the cache, and the
        clusters computed again."""
        hashes_by_id = self.library.content_hashes()  # no article file is read for these
        ids = sorted(hashes_by_id)  # a re-read library lists its articles in another order
        digests = digests_of([hashes_by_id[i] for i in ids])
        if ids == self.ids and np.array_equal(digests, self._digests):
            return False
        with self._table(ids, digests) as table:
            columns = table.columns_of(digests)

            def words(first: int, stop: int) -> Signatures:
                return table.numbers(first, stop)[:, columns]

            self.labels = components(len(ids), *close_pairs_in(words, len(ids)))
        self.ids, self._digests = ids, digests
        return True

    def _table(self, ids: list[str], digests: Digests) -> SignatureTable:
        return self.cache.open(digests, lambda i: text_of(self.library.get(ids[i])))

    def clusters(self) -> list[list[str]]:
        """Every cluster of two or more versions, largest first (ids newest first)."""
        labels = self.labels
        shared = np.flatnonzero(np.bincount(labels, minlength=len(labels))[labels] > 1)
        groups: dict[int, list[str]] = {}
        for row, label in zip(shared.tolist(), labels[shared].tolist(), strict=True):
            groups.setdefault(label, []).append(self.ids[row])
        found = [self._newest_first(g) for g in groups.values()]
        return sorted(found, key=lambda g: (-len(g), g[0]))

    def _newest_first(self, ids: list[str]) -> list[str]:
        def order(article_id: str) -> tuple[int, str]:
            date = self.library.get(article_id).date
            return (-(date.toordinal() if date else 0), article_id)

        return sorted(ids, key=order)

    def versions_of(self, article_id: str) -> list[Version]:
        """The cluster of ``article_id`` newest first (itself included, similarity 1), or []
        when it has no other version; NotFound when the library has no such article."""
        self.library.get(article_id)
        row = self.ids.index(article_id)
        members = np.flatnonzero(self.labels == self.labels[row])
        if len(members) < 2:
            return []
        with self._table(self.ids, self._digests) as table:
            rows = table.signatures(table.columns_of(self._digests[members]))
        scores = similarity(rows, rows[members.tolist().index(row)])
        found = {self.ids[m]: float(s) for m, s in zip(members.tolist(), scores, strict=True)}
        return [Version.of(self.library.get(i), found[i]) for i in self._newest_first(list(found))]


def article_diff(old: Article, new: Article) -> dict[str, list[DiffPart]]:
    """Headline and text (as the reader shows it) of two versions, word by word."""
    return {
        "title": word_diff(old.title, new.title),
        "body": word_diff(render(old.body).text, render(new.body).text),
    }
