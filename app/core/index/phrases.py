"""Phrases that keep the places of the stop words they contain.

Stop words are not indexed, but the words around them keep their real positions (see
``NormalizeFilter``), so ``"stock exchange"`` wants "exchange" one word after "stock" and no
longer finds "stock in exchange for", while ``"state of the union"`` wants "union" three
words after "state". Whoosh's phrase only knows consecutive words, so the parser's phrase
node records each word's offset from the first, and ``fits`` checks positions against them.
"""

from collections.abc import Sequence
from typing import Any

from whoosh import qparser
from whoosh.qparser.taggers import RegexTagger
from whoosh.query import NullQuery, Phrase, Query, Term


class GapPhrase(Phrase):  # type: ignore[misc]
    """A phrase whose words stand ``offsets`` words after the first (0, 1, 2 for three
    words in a row; 0, 3 for "state of the union")."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        slop: int = 1,
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
        offsets: Sequence[int] | None = None,
    ) -> None:
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.offsets = tuple(range(len(words))) if offsets is None else tuple(offsets)

    def __eq__(self, other: object) -> bool:
        return bool(super().__eq__(other)) and self.offsets == getattr(other, "offsets", None)

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.offsets))

    def normalize(self) -> Query:
        if not self.words:
            return NullQuery
        if len(self.words) == 1:
            return Term(self.fieldname, self.words[0], boost=self.boost)
        return GapPhrase(
            self.fieldname,
            list(self.words),
            slop=self.slop,
            boost=self.boost,
            char_ranges=self.char_ranges,
            offsets=self.offsets,
        )


def fits(positions: Sequence[Sequence[int]], offsets: Sequence[int], slop: int) -> bool:
    """Whether the words, with these sorted ``positions`` each, stand in order at their
    ``offsets`` from the first; ``slop`` > 1 lets each word stand up to slop - 1 further
    than its offset from the word before it, as Whoosh's slop does."""
    if slop <= 1:
        later = [set(p) for p in positions[1:]]
        rest = [o - offsets[0] for o in offsets[1:]]
        return any(all(p + o in s for o, s in zip(rest, later, strict=True)) for p in positions[0])

    def from_word(i: int, at: int) -> bool:
        if i == len(positions):
            return True
        low = at + offsets[i] - offsets[i - 1]
        return any(from_word(i + 1, q) for q in positions[i] if low <= q < low + slop)

    return any(from_word(1, p) for p in positions[0])


class _PhraseNode(qparser.PhrasePlugin.PhraseNode):  # type: ignore[misc]
    def query(self, parser: Any) -> Query:
        q = super().query(parser)
        field = parser.schema[q.fieldname] if parser.schema else None
        if isinstance(q, GapPhrase) and field is not None and field.analyzer:
            tokens = field.tokenize(self.text, mode="query", positions=True)
            places = [t.pos for t in tokens]
            if len(places) == len(q.words) and places:
                q.offsets = tuple(p - places[0] for p in places)
        return q


class _PhraseTagger(RegexTagger):  # type: ignore[misc]
    def create(self, parser: Any, match: Any) -> _PhraseNode:
        slop = match.group("slop")
        return _PhraseNode(match.group("text"), match.start("text"), int(slop) if slop else 1)


class GapPhrasePlugin(qparser.PhrasePlugin):  # type: ignore[misc]
    """Whoosh's phrase syntax, making ``GapPhrase`` queries."""

    def taggers(self, parser: Any) -> list[tuple[Any, int]]:
        return [(_PhraseTagger(self.expr), 0)]
