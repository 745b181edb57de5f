"""The one mapping between Qt document positions and core positions.

Core positions count Unicode code points of ``render(article.body).text`` (DESIGN.md,
"Rendering and positions"). The reader's ``QTextDocument`` counts UTF-16 units, ends every
block with a separator, lays table cells out as blocks of their own, adds object characters
for images and shows header blocks (title, byline) above the body. This module aligns the two
texts once per shown document, so every consumer (highlights, search hits, selections,
scrolling) converts through the same tables and they can never disagree.
"""

from bisect import bisect_left
from collections.abc import Iterator
from difflib import SequenceMatcher

from PySide6.QtGui import QTextBlock, QTextDocument

# Characters that stand for "a break or a space" on either side: the core writes "\n"
# between blocks and for <br>, Qt writes U+2029 between blocks and U+2028 for <br>, and a
# table row that is one core line is one Qt block per cell.
_SPACES = frozenset(" \t\n\r\u2028\u2029\u00a0")
_BREAKS_AS_NEWLINE = str.maketrans({"\u2029": "\n", "\u2028": "\n"})
# Qt's stand-in character for an inline object (an image): it has no counterpart in the core text.
_OBJECT = "\ufffc"


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 units, the unit Qt positions count."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _blocks_from(document: QTextDocument, position: int) -> Iterator[QTextBlock]:
    block = document.findBlock(position)
    while block.isValid():
        yield block
        block = block.next()


def _qt_characters(document: QTextDocument, start: int) -> tuple[str, list[int], int]:
    """The body's characters as code points, the Qt position of each, and the end position.

    Every block contributes its text and then one separator, written as U+2029, the way
    ``QTextCursor.selectedText()`` reports it.
    """
    chars: list[str] = []
    positions: list[int] = []
    end = start
    for block in _blocks_from(document, start):
        offset = block.position()
        text = block.text()
        chars.append(text)
        if text.isascii() or utf16_length(text) == len(text):
            positions.extend(range(offset, offset + len(text)))  # one unit per character
            offset += len(text)
        else:
            for ch in text:
                positions.append(offset)
                offset += 2 if ord(ch) > 0xFFFF else 1
        chars.append("\u2029")
        positions.append(offset)
        end = offset
    return "".join(chars), positions, end


def _normal(ch: str) -> str:
    return " " if ch in _SPACES else ch


class PositionMap:
    """Converts positions between one shown document and the core text it displays.

    ``body_start`` is the Qt position where the article body begins; everything before it is
    the reader's header and maps to core position 0.
    """

    def __init__(self, document: QTextDocument, body_start: int, core_text: str) -> None:
        self.body_start = body_start
        self.core_text = core_text
        qt_text, qt_positions, qt_end = _qt_characters(document, body_start)
        self.qt_end = qt_end
        core_to_qt, pairs = self._align(core_text, qt_text, qt_positions, qt_end)
        self._core_to_qt = core_to_qt
        # Sorted Qt positions of the aligned characters and the core index each belongs to;
        # any Qt position between two of them maps to the later core index (bisect).
        self._qt_keys = [q for q, _ in pairs]
        self._core_values = [c for _, c in pairs]

    @staticmethod
    def _align(
        core: str, qt: str, qt_positions: list[int], qt_end: int
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """Pair every core character with a Qt character.

        The fast walk treats any run of breaks and spaces as equal on both sides and skips
        Qt's object characters; if the texts ever differ in a visible character it falls
        back to a diff, so a surprise in Qt's layout degrades one spot, not the article.
        """
        n, m = len(core), len(qt)
        if m == n + 1 and qt.translate(_BREAKS_AS_NEWLINE)[:n] == core:
            # The usual case: the same characters, Qt's separators where the core has "\n".
            return [*qt_positions[:n], qt_end], list(zip(qt_positions[:n], range(n), strict=True))
        core_to_qt = [qt_end] * (n + 1)
        pairs: list[tuple[int, int]] = []
        i = j = 0
        while i < n and j < m:
            c, q = core[i], qt[j]
            if c == q or (c in _SPACES and q in _SPACES):
                core_to_qt[i] = qt_positions[j]
                pairs.append((qt_positions[j], i))
                i += 1
                j += 1
            elif q in _SPACES or q == _OBJECT:
                j += 1
            elif c in _SPACES:
                core_to_qt[i] = qt_positions[j]
                i += 1
            else:
                PositionMap._diff_rest(core, qt, qt_positions, i, j, core_to_qt, pairs)
                return core_to_qt, pairs
        while i < n:
            core_to_qt[i] = qt_end
            i += 1
        return core_to_qt, pairs

    @staticmethod
    def _diff_rest(
        core: str,
        qt: str,
        qt_positions: list[int],
        i0: int,
        j0: int,
        core_to_qt: list[int],
        pairs: list[tuple[int, int]],
    ) -> None:
        core_rest = "".join(_normal(ch) for ch in core[i0:])
        qt_rest = "".join(_normal(ch) for ch in qt[j0:])
        matcher = SequenceMatcher(None, core_rest, qt_rest, autojunk=False)
        matched: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                matched[i0 + block.a + k] = j0 + block.b + k
        next_qt = core_to_qt[len(core)]
        for i in range(len(core) - 1, i0 - 1, -1):
            j = matched.get(i)
            if j is not None:
                next_qt = qt_positions[j]
            core_to_qt[i] = next_qt
        for i in range(i0, len(core)):
            j = matched.get(i)
            if j is not None:
                pairs.append((qt_positions[j], i))

    def to_qt(self, core_pos: int) -> int:
        """The Qt position in front of core character ``core_pos`` (clamped to the text)."""
        core_pos = max(0, min(core_pos, len(self.core_text)))
        if core_pos == len(self.core_text) and core_pos > 0:
            last = core_pos - 1
            return min(self.qt_end, self._core_to_qt[last] + utf16_length(self.core_text[last]))
        return self._core_to_qt[core_pos]

    def to_core(self, qt_pos: int) -> int:
        """The core position of a Qt cursor position; the header maps to 0."""
        if qt_pos <= self.body_start:
            return 0
        k = bisect_left(self._qt_keys, qt_pos)
        if k < len(self._qt_keys):
            return self._core_values[k]
        return len(self.core_text)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def range_to_core(self, qt_start: int, qt_end: int) -> tuple[int, int]:
        """The core range of a Qt selection (either direction), in order."""
        start, end = sorted((self.to_core(qt_start), self.to_core(qt_end)))
        return start, end

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """A core range without the breaks and spaces a drag selection picks up at its ends."""
        text = self.core_text
        while start < end and text[start] in _SPACES:
            start += 1
        while end > start and text[end - 1] in _SPACES:
            end -= 1
        return start, end
