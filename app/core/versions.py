"""Versions of one wire story: clusters of near-identical articles.

Agencies republish a story with small edits (a corrected figure, an added paragraph, a new
headline), and Reuters-21578 holds many such corrected or updated items. Exact copies are
refused at import; these are the near copies. Articles whose MinHash signatures agree in one
of BANDS bands become candidates (locality-sensitive hashing: no pair of texts is compared
unless they are likely alike), a candidate pair whose estimated word-shingle similarity
reaches THRESHOLD is two versions, and versions of versions form one cluster.

The signatures live in the data folder's cache (``app.core.minhash``); each call compares
the library's content hashes with the cached ones, so an import or a sync only costs the
signatures of the articles it added or changed.
"""

from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.core.article import Article
from app.core.library import Library
from app.core.minhash import EMPTY, NUM_PERM, SignatureCache, Signatures
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


def _band_keys(rows: Signatures) -> npt.NDArray[np.uint64]:
    """(articles, BANDS): one number per band of each signature."""
    keys = np.zeros((len(rows), BANDS), dtype=np.uint64)
    wide = rows.astype(np.uint64).reshape(len(rows), BANDS, ROWS)
    with np.errstate(over="ignore"):
        for row in range(ROWS):
            keys = keys * _BAND_MIX + wide[:, :, row]
    return keys


def similarity(a: Signatures, b: Signatures) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of signatures (rows of ``a`` against rows of ``b``)."""
    shared: npt.NDArray[np.float64] = np.mean(a == b, axis=-1)
    return shared


def close_pairs(rows: Signatures) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs of rows that share a band and whose similarity reaches THRESHOLD.

    Within a band's bucket each row is compared with the next WINDOW rows only: a bucket
    of a thousand templated items (dividend notices) stays linear, and versions of one
    story, which share many bands, still meet in one of them."""
    usable = np.flatnonzero(~np.all(rows == EMPTY, axis=1))  # texts too short to compare
    keys = _band_keys(rows[usable])
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        for step in range(1, WINDOW + 1):
            same = np.flatnonzero(ordered[step:] == ordered[:-step])
            if not len(same):
                break
            firsts.append(order[same])
            seconds.append(order[same + step])
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pairs = np.stack([np.concatenate(firsts), np.concatenate(seconds)])
    pairs = np.unique(np.sort(pairs, axis=0), axis=1)
    a, b = usable[pairs[0]], usable[pairs[1]]
    close = similarity(rows[a], rows[b]) >= THRESHOLD
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
    return np.array([_find(parent, row) for row in range(count)], dtype=np.int64)


def _find(parent: npt.NDArray[np.int64], item: int) -> int:
    root = item
    while parent[root] != root:
        root = int(parent[root])
    while parent[item] != root:
        parent[item], item = root, int(parent[item])
    return root


class Versions:
    """The version clusters of a library, from its articles' cached signatures."""

    def __init__(self, library: Library, cache_dir: Path) -> None:
        self.library = library
        self.cache = SignatureCache(cache_dir)
        self.ids: list[str] = []
        self.rows: Signatures = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self._rows_by_id: dict[str, int] = {}
        self.refresh()

    def refresh(self) -> None:
        """Signatures for the library as it is now: new or edited articles are signed,
        those no longer there are dropped, and the cache is saved when anything changed."""
        hashes_by_id = self.library.content_hashes()  # no article file is read for these
        hashes = list(hashes_by_id.values())
        by_hash = dict(zip(hashes, hashes_by_id, strict=True))
        if self.cache.update(by_hash.keys(), lambda h: text_of(self.library.get(by_hash[h]))):
            self.cache.save()
        self.ids = list(hashes_by_id)
        self._rows_by_id = {article_id: row for row, article_id in enumerate(self.ids)}
        self.rows = self.cache.rows[[self.cache.keys[h] for h in hashes]]

    def _labels(self) -> npt.NDArray[np.int64]:
        return components(len(self.ids), *close_pairs(self.rows))

    def clusters(self) -> list[list[str]]:
        """Every cluster of two or more versions, largest first (ids newest first)."""
        groups: dict[int, list[str]] = {}
        for label, article_id in zip(self._labels().tolist(), self.ids, strict=True):
            groups.setdefault(label, []).append(article_id)
        found = [self._newest_first(g) for g in groups.values() if len(g) > 1]
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
        row = self._rows_by_id[article_id]
        labels = self._labels()
        members = np.flatnonzero(labels == labels[row])
        if len(members) < 2:
            return []
        scores = similarity(self.rows[members], self.rows[row])
        found = {self.ids[m]: float(s) for m, s in zip(members.tolist(), scores, strict=True)}
        return [Version.of(self.library.get(i), found[i]) for i in self._newest_first(list(found))]


def article_diff(old: Article, new: Article) -> dict[str, list[DiffPart]]:
    """Headline and text (as the reader shows it) of two versions, word by word."""
    return {
        "title": word_diff(old.title, new.title),
        "body": word_diff(render(old.body).text, render(new.body).text),
    }
