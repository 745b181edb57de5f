"""From what the user typed to a bounded Whoosh query, and a hint when the typing was off.

User syntax never raises: control characters are dropped, an unclosed quote or parenthesis
is closed, an unknown field is searched as words, a bad date matches nothing; each repair
leaves a one-line hint saying how to write it. Prefix, wildcard and fuzzy terms are expanded
here, against the index, to at most ``MAX_EXPANSIONS`` terms (the most frequent ones), so a
query like ``a*`` can never take seconds. Ranges (``[2024 to]``) are expanded the same way:
an open range over a text field spans its whole vocabulary, and unbounded it took 10 s.
"""

import copy
import itertools
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.query import (
    And,
    Every,
    FuzzyTerm,
    MultiTerm,
    NullQuery,
    Or,
    PatternQuery,
    Phrase,
    Prefix,
    Query,
    Term,
)
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.support.levenshtein import levenshtein as distance

from app.core.index.analysis import WORD, fold, is_stop_word
from app.core.index.dates import DatePlugin
from app.core.index.phrases import GapPhrase, GapPhrasePlugin
from app.core.index.schema import TEXT_FIELDS, make_schema

MAX_QUERY_CHARS = 1000
MAX_EXPANSIONS = 48
MIN_EXPANSIONS = 8
TOTAL_EXPANSIONS = 96
EXPANSION_SCAN = 20_000
EXPANSION_LOOKUPS = 4_000
EXPANSION_POSTINGS = 60_000
EXPANSION_SECONDS = 0.3
MAX_FUZZY = 2
FIELD_NAMES = {"title", "author", "source", "tag", "tags", "note", "notes", "date", "body"}
FIELDS_HELP = "fields are title:, author:, source:, tag:, note: and date:"
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([^\W\d]\w*):(?=\S)")
_OPERATOR = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b")
_MINUS = r"(?<![^\s(])-(?=\S)"


@dataclass
class ParsedQuery:
    """A query ready to run (``None`` when nothing can be searched) and what was repaired."""

    query: Query | None
    hints: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    # Only words and phrases in the text fields, before any expansion: the queries a
    # spelling correction is offered for (see suggest.py).
    plain: bool = False

    @property
    def hint(self) -> str | None:
        return "; ".join(self.hints) if self.hints else None


class _Parser(qparser.QueryParser):  # type: ignore[misc]
    """Whoosh's parser, carrying the hints that plugins leave while parsing one query."""

    readmark_hints: list[str]


def make_parser() -> _Parser:
    parser = _Parser(None, make_schema(), phraseclass=GapPhrase)
    parser.remove_plugin_class(qparser.PhrasePlugin)
    parser.add_plugin(GapPhrasePlugin())
    parser.add_plugin(qparser.MultifieldPlugin(list(TEXT_FIELDS)))
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    parser.add_plugin(qparser.PlusMinusPlugin(minusexpr=_MINUS))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(DatePlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"tags": ["tag"], "notes": ["note"]}))
    return parser


def _clean(text: str, hints: list[str]) -> str:
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    if kept.strip() != text.strip():
        hints.append("control characters were ignored")
    kept = " ".join(kept.split())
    if len(kept) > MAX_QUERY_CHARS:
        kept = kept[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
        hints.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    return kept


def _balance(text: str, hints: list[str]) -> str:
    if text.count('"') % 2:
        text += '"'
        hints.append("a quote was not closed; the phrase runs to the end of the query")
    depth, kept = 0, []
    outside = True
    for char in text:
        if char == '"':
            outside = not outside
        elif outside and char == "(":
            depth += 1
        elif outside and char == ")":
            if depth == 0:
                hints.append("a ')' had no '(' and was ignored")
                continue
            depth -= 1
        kept.append(char)
    if depth:
        hints.append("a '(' was not closed; it is closed at the end of the query")
    return "".join(kept) + ")" * depth


def _unknown_fields(text: str, hints: list[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.lower() in FIELD_NAMES:
            return f"{name.lower()}:"
        hints.append(f"'{name}:' is not a field ({FIELDS_HELP}); searched what follows it")
        return ""

    parts = text.split('"')
    parts[::2] = [_FIELD_PREFIX.sub(replace, p) for p in parts[::2]]
    return '"'.join(parts)


def plain_words(text: str) -> list[str]:
    """The words a user typed, without field names, operators or syntax."""
    bare = _OPERATOR.sub(" ", _FIELD_PREFIX.sub(" ", re.sub(DatePlugin.expr, " ", text)))
    return WORD.findall(bare.replace("~", " ").replace("*", " "))


@dataclass
class _Budget:
    """One query's allowance for expansions: a deadline shared by all of its prefix,
    wildcard, fuzzy and range terms; a number of terms each may become in each field (fewer
    when the user typed many of them, since each term costs a matcher over its documents);
    and a number of candidate terms each may weigh in each field, since ranking them by
    document frequency costs a lookup each (20,000 candidates of ``[2024 to]`` took 2 s);
    and a number of postings all expansions together may bring, since scoring costs per
    posting (the 48 commonest words of ``[2024 to]`` matched every article, 0.8 s)."""

    deadline: float
    per_term: int
    lookups: int
    postings: int = EXPANSION_POSTINGS


def _label(q: MultiTerm) -> str:
    """How the user wrote a prefix, wildcard, fuzzy term or range, for hints."""
    text = getattr(q, "text", None)
    if isinstance(text, str):
        return text
    return f"[{getattr(q, 'start', None) or ''} to {getattr(q, 'end', None) or ''}]"


def _budget(q: Query) -> _Budget:
    leaves = [leaf for leaf in q.leaves() if isinstance(leaf, MultiTerm)]
    count = len({_label(leaf) for leaf in leaves})
    per_term = max(MIN_EXPANSIONS, min(MAX_EXPANSIONS, TOTAL_EXPANSIONS // max(1, count)))
    lookups = max(per_term, EXPANSION_LOOKUPS // max(1, len(leaves)))
    return _Budget(time.perf_counter() + EXPANSION_SECONDS, per_term, lookups)


def near_terms(reader: IndexReader, fieldname: str, word: str, maxdist: int) -> Iterator[bytes]:
    """Terms within ``maxdist`` edits (at most ``MAX_FUZZY``) that share the first letter,
    from the first ``EXPANSION_SCAN`` terms with that letter. Whoosh's automaton over the
    whole term list took 0.5 s for ``a~2`` on 12,000 articles; the first letter and the
    length filter leave a few thousand candidates for an edit distance with an early exit."""
    maxdist = min(maxdist, MAX_FUZZY)
    letters = set(word)
    for btext in itertools.islice(reader.expand_prefix(fieldname, word[:1]), EXPANSION_SCAN):
        term = btext.decode("utf-8")
        # Each edit changes the set of letters by at most two: a C-level set difference
        # turns most candidates away before the pure-Python edit distance.
        if (
            abs(len(term) - len(word)) <= maxdist
            and len(letters.symmetric_difference(term)) <= 2 * maxdist
            and distance(term, word, maxdist) <= maxdist
        ):
            yield btext


def _pattern_terms(reader: IndexReader, q: PatternQuery) -> Iterator[bytes]:
    """The terms a prefix or wildcard matches among the first ``EXPANSION_SCAN`` terms that
    share its literal start: Whoosh's own walk reads the whole vocabulary for ``*a*``."""
    if isinstance(q, Prefix):
        yield from itertools.islice(reader.expand_prefix(q.fieldname, q.text), EXPANSION_SCAN)
        return
    start = q._find_prefix(q.text)
    walked = itertools.islice(reader.expand_prefix(q.fieldname, start), EXPANSION_SCAN)
    pattern = re.compile(q._get_pattern())
    for btext in walked:
        if pattern.match(btext.decode("utf-8")):
            yield btext


def _expand(reader: IndexReader, q: MultiTerm, hints: list[str], budget: _Budget) -> Query:
    """Replace one prefix, wildcard, fuzzy term or range by its most frequent expansions."""
    fieldname = q.fieldname
    if fieldname not in reader.schema or not reader.schema[fieldname].scorable:
        return NullQuery
    source: Iterator[bytes]
    if isinstance(q, FuzzyTerm):
        source = near_terms(reader, fieldname, fold(q.text), q.maxdist)
    elif isinstance(q, PatternQuery):
        source = _pattern_terms(reader, type(q)(fieldname, fold(q.text)))
    else:  # a range: every term its walk reads is one it yields, so the cap below bounds it
        source = iter(q._btexts(reader))
    ranked: list[tuple[int, bytes]] = []
    capped = False
    for count, btext in enumerate(itertools.islice(source, EXPANSION_SCAN)):
        if count >= budget.lookups or time.perf_counter() > budget.deadline:
            capped = True
            break
        ranked.append((-reader.doc_frequency(fieldname, btext), btext))
    ranked.sort()
    terms: list[bytes] = []
    for negative, btext in ranked[: budget.per_term]:
        if terms and -negative > budget.postings:
            break
        terms.append(btext)
        budget.postings += negative
    if capped and not terms:
        note = f"'{_label(q)}' took too long to expand; give it more letters"
    elif capped or len(terms) < len(ranked):
        note = f"'{_label(q)}' matches too many words; searched the {len(terms)} most common"
    else:
        note = ""
    if note and note not in hints:
        hints.append(note)
    if not terms:
        return NullQuery
    fieldobj = reader.schema[fieldname]
    expanded = Or([Term(fieldname, fieldobj.from_bytes(t), boost=q.boost) for t in terms])
    # Whoosh's binary tree of unions costs a Python call per level per document; the array
    # matcher sums scores block by block and was 2.7x faster for bank* on the corpus.
    expanded.matcher_type = Or.ARRAY_MATCHER
    return expanded


def _absent(reader: IndexReader, q: Query) -> bool:
    """A term or phrase whose words the field never holds: it can match nothing."""
    if isinstance(q, Term):
        return q.fieldname in reader.schema and not reader.doc_frequency(q.fieldname, q.text)
    if isinstance(q, Phrase):
        return any(not reader.doc_frequency(q.fieldname, w) for w in q.words)
    return q is NullQuery


def bound_expansions(
    reader: IndexReader, q: Query, hints: list[str], budget: _Budget | None = None
) -> Query:
    """Expand prefix, wildcard, fuzzy and range terms (bounded) and drop the alternatives of an OR
    that cannot match: a word searched in six fields mostly exists in one or two, and each
    empty phrase branch still cost Whoosh a matcher per document."""
    budget = budget or _budget(q)
    if isinstance(q, MultiTerm):
        return _expand(reader, q, hints, budget)
    if q.is_leaf():
        return q
    q = q.apply(lambda child: bound_expansions(reader, child, hints, budget))
    if isinstance(q, (And, Or)):  # "said year said year ...": each copy cost a matcher
        q.subqueries = list(dict.fromkeys(q.subqueries))
    if isinstance(q, Or) and len(q.subqueries) > 1:
        kept = [child for child in q.subqueries if not _absent(reader, child)]
        q.subqueries = kept or q.subqueries[:1]
        if len(q.subqueries) == 1:  # the OR goes, its boost stays ('"a b"^2' kept no 2)
            child = q.subqueries[0]
            if q.boost != 1.0:
                child = copy.copy(child)
                child.boost *= q.boost
            return child
    return q


def parse_query(parser: _Parser, searcher: Searcher, text: str) -> ParsedQuery:
    hints: list[str] = []
    cleaned = _clean(text, hints)
    if not cleaned:
        return ParsedQuery(None, hints or ["type a word to search"])
    if cleaned.strip("*? ") == "":
        hints.append("'*' alone lists every article; put letters before * to match a prefix")
        return ParsedQuery(Every(), hints)
    words = plain_words(cleaned)
    expands = any(c in cleaned for c in "*?~")
    if words and not expands and all(is_stop_word(w) for w in words) and "date:" not in cleaned:
        shown = ", ".join(sorted({w.lower() for w in words})[:5])
        hints.append(f"only common words ({shown}); they are not indexed, add a rarer word")
        return ParsedQuery(None, hints, words)
    repaired = _unknown_fields(_balance(cleaned, hints), hints)
    parser.readmark_hints = hints
    try:
        parsed = parser.parse(repaired)
    except Exception:  # Whoosh's parser has no error type of its own; fall back to words
        hints.append("the query could not be read as syntax; searched its words")
        parsed = parser.parse(" ".join(words)) if words else NullQuery
    plain = all(
        isinstance(leaf, (Term, Phrase)) and leaf.fieldname in TEXT_FIELDS
        for leaf in parsed.leaves()
    )
    bounded = bound_expansions(searcher.reader(), parsed, hints)
    return ParsedQuery(None if bounded is NullQuery else bounded, hints, words, plain)
