"""The second anchoring benchmark (issue 12): highlights whose words are gone.

Highlights are picked as in the durability benchmark (5 per article, 2,000 in all), and each
is taken away on its own copy of the article: its whole paragraph deleted (2 of the 5) or
every word of it replaced by another word of the same length (3 of the 5; the text around
keeps its shape and offsets). Then light noise (1% random
edits, as in the durability benchmark) goes over the whole article. The words are gone, so
the only right answer is an orphan: any placement is a highlight on other words. Target: at
most 1% placed anywhere.
"""

import random
import re
from dataclasses import dataclass, field

from app.core.anchoring import anchor, describe
from tests.perf.bench_anchoring import PER_ARTICLE, edit, pick_range

NOISE = 0.01
WORD = re.compile(r"\w+")


@dataclass
class Gone:
    """How many highlights of each kind were placed anyway, out of how many."""

    placed: dict[str, int] = field(default_factory=lambda: {"deleted": 0, "replaced": 0})
    total: dict[str, int] = field(default_factory=lambda: {"deleted": 0, "replaced": 0})

    def share(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.total)
        total = sum(self.total[k] for k in kinds)
        return 100.0 * sum(self.placed[k] for k in kinds) / total if total else 0.0


def vocabulary(texts: list[str]) -> dict[int, list[str]]:
    """The corpus's lower-case words by length, each length's list sorted (seeded runs)."""
    by_length: dict[int, set[str]] = {}
    for text in texts:
        for word in WORD.findall(text.lower()):
            by_length.setdefault(len(word), set()).add(word)
    return {n: sorted(words) for n, words in by_length.items()}


def replace_words(
    text: str, start: int, end: int, words: dict[int, list[str]], rng: random.Random
) -> str:
    """``text`` with every word of ``[start, end)`` replaced by another of the same length
    (capitalised like the old one); spaces and punctuation stay."""

    def other(match: re.Match[str]) -> str:
        old = match.group()
        choices = [w for w in words.get(len(old), []) if w != old.lower()] or ["x" * len(old)]
        new = rng.choice(choices)
        return new.capitalize() if old[:1].isupper() else new

    return text[:start] + WORD.sub(other, text[start:end]) + text[end:]


def delete_paragraph(text: str, start: int) -> str:
    """``text`` without the paragraph (line) holding ``start``."""
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[:begin] + ("" if end == -1 else text[end + 1 :])


def words_gone(texts: list[str], rng: random.Random) -> Gone:
    tally = Gone()
    words = vocabulary(texts)
    for text in texts:
        for i in range(PER_ARTICLE):
            start, end = pick_range(text, rng)
            kind = "deleted" if i % 2 else "replaced"
            if kind == "deleted":
                gone = delete_paragraph(text, start)
            else:
                gone = replace_words(text, start, end, words, rng)
            if not gone.strip():
                continue  # a one-paragraph article has nothing left to place anything on
            changed = edit(gone, NOISE, rng)[0]
            tally.total[kind] += 1
            tally.placed[kind] += not anchor(changed, describe(text, start, end)).is_orphan
    return tally
