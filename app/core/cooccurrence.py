"""Which tags go together: on the same passage (overlapping highlights) and in the same
article; and how a tag's passages spread over an article attribute (source, year).

These are the tables a qualitative researcher reads to see how codes relate. Each cell keeps
the passages behind its count, so a table can list them when a cell is chosen.
"""

import csv
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.annotations.store import AnnotationStore, Placed
from app.core.article import Article
from app.core.codebook import key
from app.core.errors import InvalidInput

ATTRIBUTES = ("source", "year")
NONE_VALUE = "(none)"


@dataclass(frozen=True)
class Passage:
    """Highlights that overlap in one article (one id when a highlight stands alone)."""

    article_id: str
    annotation_ids: tuple[str, ...]


@dataclass
class Table:
    """Counts by (row, column); ``passages`` holds what each count counted."""

    rows: list[str]
    columns: list[str]
    passages: dict[tuple[str, str], list[Passage]] = field(default_factory=dict)

    def count(self, row: str, column: str) -> int:
        return len(self.passages.get((row, column), []))

    def to_csv(self, corner: str = "tag") -> str:
        """RFC 4180 with CRLF, like the annotation CSV export."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([corner, *self.columns])
        for row in self.rows:
            writer.writerow([row, *(self.count(row, c) for c in self.columns)])
        return out.getvalue()


def _spellings(store: AnnotationStore) -> dict[str, str]:
    return {key(t.name): t.name for t in store.tags()}


def _symmetric(pairs: dict[tuple[str, str], set[Passage]], names: dict[str, str]) -> Table:
    tags = sorted({t for pair in pairs for t in pair}, key=key)
    shown = [names.get(t, t) for t in tags]
    table = Table(shown, shown)
    for (a, b), found in pairs.items():
        ordered = sorted(found, key=lambda p: (p.article_id, p.annotation_ids))
        table.passages[(names.get(a, a), names.get(b, b))] = ordered
        table.passages[(names.get(b, b), names.get(a, a))] = ordered
    return table


def _tag_keys(placed: Placed) -> set[str]:
    return {key(t) for t in placed.annotation.tags}


def _overlapping(placed: list[Placed]) -> Iterable[tuple[Placed, Placed]]:
    """Every highlight with itself and every pair whose current ranges overlap."""
    ranged = [
        p
        for p in placed
        if p.anchor is not None and p.anchor.start is not None and p.anchor.end is not None
    ]
    ranged.sort(key=lambda p: (p.anchor.start or 0) if p.anchor else 0)
    for i, first in enumerate(ranged):
        yield first, first
        for second in ranged[i + 1 :]:
            if first.anchor is None or second.anchor is None:
                continue
            if (second.anchor.start or 0) >= (first.anchor.end or 0):
                break
            yield first, second


def passage_cooccurrence(store: AnnotationStore) -> Table:
    """Tag x tag: how many passages carry both (one highlight with both tags, or two
    overlapping highlights with one each). The diagonal is left out: it is the tag count."""
    pairs: dict[tuple[str, str], set[Passage]] = {}
    for article_id in store.article_ids():
        for first, second in _overlapping(store.placed(article_id)):
            ids = tuple(sorted({first.annotation.id, second.annotation.id}))
            passage = Passage(article_id, ids)
            for a, b in itertools.product(_tag_keys(first), _tag_keys(second)):
                if a != b:
                    pairs.setdefault((min(a, b), max(a, b)), set()).add(passage)
    return _symmetric(pairs, _spellings(store))


def article_cooccurrence(store: AnnotationStore) -> Table:
    """Tag x tag: how many articles carry both, on any of their annotations."""
    pairs: dict[tuple[str, str], set[Passage]] = {}
    for article_id in store.article_ids():
        annotations = store.for_article(article_id)
        tags = sorted({key(t) for a in annotations for t in a.tags})
        passage = Passage(article_id, tuple(sorted(a.id for a in annotations if a.tags)))
        for a, b in itertools.combinations(tags, 2):
            pairs.setdefault((a, b), set()).add(passage)
    return _symmetric(pairs, _spellings(store))


def attribute_value(article: Article | None, attribute: str) -> str:
    """The column an article falls in: its source, or its year; "(none)" when unknown."""
    if attribute == "source":
        return (article.source or NONE_VALUE) if article else NONE_VALUE
    if attribute == "year":
        return str(article.date.year) if article and article.date else NONE_VALUE
    raise InvalidInput(f"unknown article attribute '{attribute}'; use {' or '.join(ATTRIBUTES)}")


def by_attribute(store: AnnotationStore, attribute: str) -> Table:
    """Tag x source (or year): how many annotations with the tag sit in such articles."""
    attribute_value(None, attribute)  # an unknown attribute is refused before any work
    names = _spellings(store)
    cells: dict[tuple[str, str], list[Passage]] = {}
    for article_id in store.article_ids():
        article = store.library.get(article_id) if article_id in store.library else None
        value = attribute_value(article, attribute)
        for annotation in store.for_article(article_id):
            for tag in {key(t) for t in annotation.tags}:
                cell = (names.get(tag, tag), value)
                cells.setdefault(cell, []).append(Passage(article_id, (annotation.id,)))
    rows = sorted({r for r, _c in cells}, key=key)
    columns = sorted({c for _r, c in cells}, key=lambda c: (c == NONE_VALUE, c.casefold()))
    return Table(rows, columns, cells)
