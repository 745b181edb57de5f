""" "Did you mean": spelling corrections from the index's own words, the nearest first and,
among equally near ones, the one more articles hold.

Body terms are stems ("price" for "prices", "aegi" for "aegis"), so nearness is measured on
words as articles write them. Candidates come two ways: the stems of every string one edit
from what was typed (a letter deleted, inserted, changed, or two swapped), and the stems and
names within two edits in the symmetric-delete table (``spelling_table.py``). A stem is then
judged by the forms a sample of its articles write: "overment" stems to "over", but no
article writes it, so "over" is five edits from "goverment" and "govern" ("government")
one. Candidates are measured best bound first, so only a few stems' articles are read, and
what was read is kept with the table.

A correction is offered only if the corrected query finds something: "agis ashore" becomes
"aegis ashore" because the two words occur together. It is shown with each word as the
articles found write it ("aegis", not the stem "aegi"). Every part is bounded, whatever was
typed: only queries of plain words and phrases get a suggestion (a corrected range or
wildcard would re-run the costly part of the query); at most ``MAX_UNKNOWN`` words of at
most ``MAX_WORD`` characters are corrected, ``CHECKED_PER_WORD`` stems read for each; at
most ``MAX_TRIES`` corrected queries are run, those after the first within ``SECONDS`` (the
first is bounded by the counts alone, so it does not come and go with the machine's load).
"""

import heapq
import itertools
import re
import string
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein as distance

from app.core.index.analysis import WORD, body_term, fold, is_stop_word, normal_term
from app.core.index.postings import read_postings
from app.core.index.schema import record_of
from app.core.index.spelling_table import SpellingTables, stem_frequency

PER_WORD = 4
MAX_TRIES = 12
MAX_UNKNOWN = 3
MAX_WORD = 40
ONE_EDIT_WORD = 20  # longer words are looked up in the table only, where it is not made
SHORT_WORD = 4  # up to this length one edit only: two edits make "oill" into "bull"
# What one edit may put in a word besides its own letters (text is folded: accents gone).
LETTERS = string.ascii_lowercase + string.digits
CHECKED_PER_WORD = 12  # stems whose written forms are read, per word
SAMPLE_ARTICLES = 5
SURFACE_ARTICLES = 3
SECONDS = 0.2

Finds = Callable[[str], Sequence[int]]


@dataclass(frozen=True, order=True)
class Option:
    """One correction of one word: ``searched`` stems or folds to ``term``."""

    distance: int
    rarity: int  # minus the number of articles holding it, so commoner sorts first
    searched: str
    term: str
    stemmed: bool


def _known(searcher: Searcher, word: str) -> bool:
    term = body_term(word)
    if term is None:
        return True
    reader = searcher.reader()
    return bool(
        reader.doc_frequency("body", term)
        or reader.doc_frequency("title", term)
        or reader.doc_frequency("author", fold(word))
    )


def _one_edit(word: str, letters: Sequence[str]) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(word)
    return edits


def _sample(searcher: Searcher, stem: str) -> list[int]:
    """``SAMPLE_ARTICLES`` articles holding ``stem``, spread over all that do (the first few
    may all write "price" where most write "prices")."""
    btext = stem.encode("utf-8")
    leaves = searcher.reader().leaf_readers()
    for fieldname in ("body", "title"):
        parts = [read_postings(r, fieldname, btext).ids + offset for r, offset in leaves]
        found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if len(found):
            spread = np.linspace(0, len(found) - 1, SAMPLE_ARTICLES).round().astype(np.int64)
            return [int(d) for d in found[np.unique(spread)]]
    return []


def _forms(searcher: Searcher, docnums: Sequence[int], stems: set[str]) -> dict[str, set[str]]:
    """The written forms (folded) of ``stems`` in the title and text of these articles. A
    stem differs from its words only in its last letter, so the words are found where the
    rest of it occurs (``str.find``; the word pattern over a whole text cost 0.27 ms)."""
    heads = {s[:-1] if len(s) > 2 else s for s in stems}
    forms: dict[str, set[str]] = {}
    for docnum in docnums:
        record = record_of(searcher.stored_fields(int(docnum)))
        text = fold(f"{record.title}\n{record.text}")
        for head in heads:
            at = text.find(head)
            while at >= 0:
                word = WORD.match(text, at)
                if word and (at == 0 or not _in_word(text[at - 1])):
                    stem = normal_term(word.group())
                    if stem in stems:
                        forms.setdefault(stem, set()).add(word.group())
                at = text.find(head, at + 1)
    return forms


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _written(searcher: Searcher, tables: SpellingTables, stem: str) -> set[str]:
    """Forms of ``stem`` written in a sample of the articles holding it (kept per generation)."""
    known = tables.written.get(stem)
    if known is None:
        sample = _sample(searcher, stem)
        known = tables.written[stem] = _forms(searcher, sample, {stem}).get(stem, set())
    return known


def _one_edit_stems(searcher: Searcher, tables: SpellingTables, folded: str) -> dict[str, int]:
    """The stems of the strings one edit from ``folded`` that the index holds, with their
    article counts: from the table when it is made, else from the index (20 ms for a long
    word, where making the table costs 0.2-0.7 s: a one-off CLI search never makes it)."""
    table = tables.built(searcher)
    reader = searcher.reader()
    found: dict[str, int] = {}
    if len(folded) > ONE_EDIT_WORD and table is None:  # 3,000 look-ups: the table is cheaper
        return found
    for stem in {normal_term(e) for e in _one_edit(folded, LETTERS + "".join(set(folded)))}:
        if stem is None or stem in found:
            continue
        if table is not None:
            row = table.stem_rows.get(stem)
            count = table.frequencies[row] if row is not None else 0
        else:
            count = stem_frequency(reader, stem)
        if count:
            found[stem] = count
    return found


@dataclass
class _Budget:
    """The time a suggestion may take beyond its first try, which is bounded by counts
    alone: on a loaded machine the first try of a cold process took 0.27 s of wall time,
    and a deadline made the same query's suggestion come and go."""

    until: float

    def left(self) -> bool:
        return time.perf_counter() < self.until


class _Corrections:
    """The corrections of one unknown word, nearest first and commoner first among equally
    near ones, found as they are asked for. Stems one edit away come first, read without
    the spelling table; the table (stems two edits away, names) is made only when they run
    out. A stem is measured by its nearest written form when it comes up, so a first
    correction that works costs one stem's articles."""

    def __init__(self, searcher: Searcher, tables: SpellingTables, word: str, budget: _Budget):
        self.searcher, self.tables, self.budget = searcher, tables, budget
        self.folded = fold(word)
        self.stem = body_term(word) or self.folded
        self.most = 1 if len(self.folded) <= SHORT_WORD else 2
        near = _one_edit_stems(searcher, tables, self.folded)
        self.heap = [(1, -count, stem, True, False) for stem, count in near.items()]
        heapq.heapify(self.heap)
        self.seen = {(True, stem) for stem in near}
        self.widened = False
        self.found: list[Option] = []
        self.checked = 0

    def get(self, rank: int) -> Option | None:
        while len(self.found) <= rank and (self.heap or not self.widened):
            self._next()
        return self.found[rank] if rank < len(self.found) else None

    def _widen(self) -> None:
        """Add the table's stems and names within reach (a stem two edits or more away as
        written: one whose written form is one edit away is among the first)."""
        self.widened = True
        started = time.perf_counter()
        table = self.tables.table(self.searcher)
        self.budget.until += time.perf_counter() - started  # making it is bounded apart
        for text in dict.fromkeys((self.folded, self.stem)):
            for d, row in table.near(text, self.most):
                stemmed, term = row < table.stem_count, table.terms[row]
                if (stemmed, term) in self.seen or (not stemmed and term == self.folded):
                    continue
                self.seen.add((stemmed, term))
                bound = max(2, d) if stemmed else max(1, d)  # a name's distance is exact
                count = table.frequencies[row]
                heapq.heappush(self.heap, (bound, -count, term, stemmed, not stemmed))

    def _next(self) -> None:
        if not self.widened and (not self.heap or self.heap[0][0] >= 2):
            self._widen()
            return
        bound, rarity, term, stemmed, measured = heapq.heappop(self.heap)
        folded = self.folded
        if not stemmed:  # a name: compared and searched as written
            self.found.append(Option(bound, rarity, term, term, False))
        elif measured:
            forms = _written(self.searcher, self.tables, term)
            form = min(forms, key=lambda f: (distance(folded, f), f))
            self.found.append(Option(bound, rarity, form, term, True))
        elif self.checked < CHECKED_PER_WORD and (not self.found or self.budget.left()):
            self.checked += 1
            forms = _written(self.searcher, self.tables, term)
            nearest = min((distance(folded, f, self.most) for f in forms), default=self.most + 1)
            if nearest <= self.most:
                heapq.heappush(self.heap, (max(bound, nearest), rarity, term, True, True))
        else:
            self.heap.clear()
            self.widened = True


def _choices(count: int) -> list[tuple[int, ...]]:
    """Which correction of each word to try, best first: every word's first, then one word
    its second, and so on (the product's order tries every correction of the last word
    with the first word's first before the first word's second)."""
    ranks = itertools.product(range(PER_WORD), repeat=count)
    return sorted(ranks, key=lambda r: (sum(r), max(r), r))[:MAX_TRIES]


def _replace(text: str, changes: Sequence[tuple[str, str]]) -> str:
    for wrong, right in changes:
        text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text)
    return text


def _shown(searcher: Searcher, text: str, choice: dict[str, Option], hits: Sequence[int]) -> str:
    """The corrected query with each word as the articles it finds write it, nearest to what
    was typed ("prices" rather than "price" for "pricess")."""
    wanted = {o.term for o in choice.values() if o.stemmed}
    forms = _forms(searcher, hits[:SURFACE_ARTICLES], wanted) if wanted else {}
    changes = []
    for typed, option in choice.items():
        written = forms.get(option.term) if option.stemmed else None
        folded = fold(typed)
        shown = min(written, key=lambda f: (distance(folded, f), f)) if written else None
        changes.append((typed, shown or option.searched))
    return _replace(text, changes)


def suggest(
    searcher: Searcher, tables: SpellingTables, text: str, words: list[str], finds: Finds
) -> str | None:
    """A corrected query that finds something, or None. ``finds`` (the first matching
    document numbers of a query) is called at most ``MAX_TRIES`` times, and after the
    first only within ``SECONDS``."""
    unknown = [w for w in dict.fromkeys(words) if not is_stop_word(w) and not _known(searcher, w)]
    if not unknown or len(unknown) > MAX_UNKNOWN or any(len(w) > MAX_WORD for w in unknown):
        return None
    budget = _Budget(time.perf_counter() + SECONDS)
    corrections = [_Corrections(searcher, tables, w, budget) for w in unknown]
    for tries, ranks in enumerate(_choices(len(unknown))):
        if tries and not budget.left():
            break
        choice = [c.get(r) for c, r in zip(corrections, ranks, strict=True)]
        if None in choice:
            continue
        chosen = {w: o for w, o in zip(unknown, choice, strict=True) if o is not None}
        hits = finds(_replace(text, [(w, o.searched) for w, o in chosen.items()]))
        if len(hits):
            return _shown(searcher, text, chosen, hits)
    return None
