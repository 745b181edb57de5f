"""Where the query's words are in an article's plain text, and the snippet around the best.

Positions are code points of ``render(body).text`` (the index stores exactly that text), so
the reader can mark every hit. Words are found with the analyzer's own word pattern and a
cached per-word normalisation instead of the whole analyzer chain, which keeps a page of
twenty snippets to a few milliseconds.
"""

import html
import re
from dataclasses import dataclass, field

from whoosh.query import AndNot, Not, Phrase, Query, Term

from app.core.index.analysis import WORD, body_term

SNIPPET_CHARS = 220
LEAD_CHARS = 60
HIT_FIELDS = ("body", "title", "notes")


@dataclass
class QueryTerms:
    """The body terms and phrases of a query that a reader should see marked."""

    terms: set[str] = field(default_factory=set)
    # Each phrase's words and how many words after the first each stands (GapPhrase).
    phrases: list[tuple[tuple[str, ...], tuple[int, ...]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def query_terms(q: Query) -> QueryTerms:
    """Positive terms only: what a NOT excludes is not a hit."""
    found = QueryTerms()

    def walk(node: Query) -> None:
        if isinstance(node, Not):
            return
        if isinstance(node, AndNot):
            walk(node.a)
        elif isinstance(node, Term):
            if node.fieldname in HIT_FIELDS:
                found.terms.add(str(node.text))
        elif isinstance(node, Phrase):
            words = tuple(str(w) for w in node.words)
            offsets = getattr(node, "offsets", tuple(range(len(words))))
            if node.fieldname in HIT_FIELDS and (words, offsets) not in found.phrases:
                found.phrases.append((words, offsets))
        else:
            for child in node.children():
                walk(child)

    walk(q)
    return found


def _forms(text: str, wanted: set[str]) -> re.Pattern[str] | None:
    """A pattern for the written forms in ``text`` of the ``wanted`` terms, matching whole
    tokens of WORD only: the distinct words are normalised (cached) instead of every one,
    and the scan runs in the regex engine (a Python step per word was 65% of a search)."""
    forms = {w for w in set(WORD.findall(text)) if body_term(w) in wanted}
    if not forms:
        return None
    choices = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w\.)(?:{choices})(?!\w)(?!\.\w)")


def hit_spans(text: str, wanted: QueryTerms) -> list[tuple[int, int]]:
    """Every (start, end) of a query word or phrase in ``text``, in order, not overlapping."""
    if not wanted:
        return []
    spans: list[tuple[int, int]] = []
    if wanted.terms:
        pattern = _forms(text, wanted.terms)
        if pattern is not None:
            spans.extend(m.span() for m in pattern.finditer(text))
    if wanted.phrases:
        spans.extend(_phrase_spans(text, wanted.phrases))
    return _merge(sorted(spans))


def _phrase_spans(
    text: str, phrases: list[tuple[tuple[str, ...], tuple[int, ...]]]
) -> list[tuple[int, int]]:
    """Each phrase's words at their offsets from the first (stop words keep their places)."""
    tokens = [
        (term, m.start(), m.end(), number)
        for number, m in enumerate(WORD.finditer(text))
        if (term := body_term(m.group()))
    ]
    at = {number: (term, start, end) for term, start, end, number in tokens}
    spans = []
    for words, offsets in phrases:
        for term, start, _end, number in tokens:
            if term != words[0]:
                continue
            found = [at.get(number + o - offsets[0]) for o in offsets]
            last = found[-1]
            if last is not None and all(
                f is not None and f[0] == w for f, w in zip(found, words, strict=True)
            ):
                spans.append((start, last[2]))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Snippet:
    text: str
    marks: list[tuple[int, int]]

    @property
    def html(self) -> str:
        parts, cursor = [], 0
        for start, end in self.marks:
            parts.append(html.escape(self.text[cursor:start], quote=False))
            parts.append(f"<mark>{html.escape(self.text[start:end], quote=False)}</mark>")
            cursor = end
        parts.append(html.escape(self.text[cursor:], quote=False))
        return "".join(parts)


def _best_window(text: str, spans: list[tuple[int, int]]) -> int:
    """Start of the window that holds the most distinct hit words."""
    best_start, best_score, right = 0, -1, 0
    for left in range(len(spans)):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] - spans[left][0] <= SNIPPET_CHARS:
            right += 1
        words = {text[s:e].lower() for s, e in spans[left : right + 1]}
        score = len(words) * 10 + (right - left)
        if score > best_score:
            best_score, best_start = score, spans[left][0]
    return best_start


def make_snippet(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """About SNIPPET_CHARS of text around the densest hits, cut at word boundaries."""
    if not spans:
        start = 0
    else:
        first = _best_window(text, spans)
        start = max(0, first - LEAD_CHARS)
        if start:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and first - space < LEAD_CHARS * 2 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    marks = [
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    ]
    return Snippet(prefix + body + suffix, marks)
