"""What changed between two versions of a story, word by word, as data for a side-by-side view.

Words keep their punctuation ("1.5" and "billion," are words) so a corrected figure shows
as one changed word; each part carries its character range in both texts, so the window can
mark the two columns without diffing again, and the CLI prints ``[-old-]{+new+}``.
"""

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
KINDS = {"equal": "same", "delete": "removed", "insert": "added", "replace": "changed"}


@dataclass(frozen=True)
class DiffPart:
    """A run of words: ``kind`` is same, removed, added or changed; ``old``/``new`` are the
    runs' texts (empty for an added / removed run) and the spans their ranges in each text."""

    kind: str
    old: str
    new: str
    old_span: tuple[int, int]
    new_span: tuple[int, int]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_span": list(self.old_span),
            "new_span": list(self.new_span),
        }


def _span(matches: list[re.Match[str]], first: int, last: int, at: int) -> tuple[int, int]:
    """The character range of words first..last-1, or an empty range where they would be."""
    if first < last:
        return matches[first].start(), matches[last - 1].end()
    return at, at


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The parts of ``old`` and ``new`` in order; joined, the old and new sides give back
    each text's words."""
    old_words = list(_WORD.finditer(old))
    new_words = list(_WORD.finditer(new))
    matcher = difflib.SequenceMatcher(
        None, [m.group() for m in old_words], [m.group() for m in new_words], autojunk=False
    )
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_at = old_words[i1].start() if i1 < len(old_words) else len(old)
        new_at = new_words[j1].start() if j1 < len(new_words) else len(new)
        old_span = _span(old_words, i1, i2, old_at)
        new_span = _span(new_words, j1, j2, new_at)
        parts.append(
            DiffPart(
                KINDS[tag],
                old[old_span[0] : old_span[1]],
                new[new_span[0] : new_span[1]],
                old_span,
                new_span,
            )
        )
    return parts


def marked(parts: list[DiffPart]) -> str:
    """The diff as one text with ``[-removed-]`` and ``{+added+}`` marks (``git diff
    --word-diff`` style), for a terminal or a plain-text note."""
    out: list[str] = []
    for part in parts:
        if part.kind == "same":
            out.append(part.old)
            continue
        if part.old:
            out.append(f"[-{part.old}-]")
        if part.new:
            out.append(f"{{+{part.new}+}}")
    return " ".join(out)
