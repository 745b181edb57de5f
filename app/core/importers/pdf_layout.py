"""Lines of PDF text, with their places on the page, to the paragraphs a reader sees.

A PDF holds positioned runs of glyphs, not paragraphs. pdfium gives the runs in the order
the page draws them, which for browsers, word processors and TeX is reading order, column
after column; lines are split where pdfium splits them. From there:

- running headers and footers (the same words, numbers aside, in the top or bottom margin of
  most pages) and page numbers are dropped, as are a browser's print stamp (date and time
  above, address and "2/5" below), which is kept aside as the page's address;
- a paragraph ends where the gap to the next line is wider than the page's usual line gap, the
  font size changes, the next line is indented, or a line stops short of the column's edge
  although the next line's first word would have fitted there;
- a paragraph runs on across a column or page break when its last line does not end a
  sentence; a word hyphenated at a line end is joined again (``_dehyphenate`` says when the
  hyphen stays).
"""

import bisect
import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

MARGIN_SHARE = 0.09  # the top and bottom 9% of a page hold running heads and folios
FIXED_SHARE = 0.8  # past this share of the longer lines fixed, the pages are copies
FIXED_WORDS = 4  # shorter lines (a speaker's name, a label) may recur in the text itself
WRAP_NEIGHBOURS = 2  # the lines before and after a line that show text wrapping round a box
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.I,
)
_PRINT_STAMP = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b", re.I)
_ADDRESS = re.compile(r"^((?:https?|file)://\S+)(?:\s+\d{1,4}\s*/\s*\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")
_HYPHEN_END = re.compile(r"[^\W\d_][-\ufffe]$")


@dataclass
class Line:
    """One line of text; coordinates in points, y growing upwards as in PDF."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    page: int
    linked: float = 0.0  # the share of the line's width covered by link annotations


@dataclass
class Paragraph:
    text: str
    size: float
    linked: float = 0.0  # characters of the text that sit under a link
    left: float = 0.0  # the horizontal stretch of its lines on its first page
    right: float = 0.0
    page: int = 0

    @property
    def link_density(self) -> float:
        """The share of the paragraph under links: menus and teasers are links, prose is not."""
        return min(1.0, self.linked / len(self.text)) if self.text else 0.0


def _shape(text: str) -> str:
    """A line with its numbers blanked, so "Page 3" and "Page 4" repeat as one header."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _fixed_key(line: Line) -> tuple[str, int, int]:
    return _shape(line.text), round(line.left), round(line.top)


def strip_margins(pages: list[list[Line]], heights: list[float]) -> tuple[list[Line], list[str]]:
    """The lines of all pages without running heads, footers and page numbers, and the
    addresses found in a browser's print footer."""

    def in_margin(line: Line) -> bool:
        height = heights[line.page]
        return line.bottom > height * (1 - MARGIN_SHARE) or line.top < height * MARGIN_SHARE

    counts = Counter(
        _shape(line.text)
        for page in pages
        for line in {_shape(x.text): x for x in page if in_margin(x)}.values()
    )
    repeated = {shape for shape, n in counts.items() if n >= 2 and n >= len(pages) * 0.4}
    # A box fixed on the screen (a cookie banner, a sticky bar) is printed on every page at
    # the same place, wherever that is; the text's own lines do not stand at the same
    # height page after page (an interview's repeated questions move with the answers).
    fixed = Counter(
        key for page in pages for key in {_fixed_key(x) for x in page}
        if len(key[0].split()) >= FIXED_WORDS
    )  # fmt: skip
    boxes = {key for key, n in fixed.items() if n >= 3 and n >= len(pages) * 0.5}
    if sum(fixed[key] for key in boxes) > FIXED_SHARE * sum(fixed.values()):
        boxes = set()  # the pages are copies of one page (or one form): nothing is a banner
    kept: list[Line] = []
    addresses: list[str] = []
    for page in pages:
        for line in page:
            text = " ".join(line.text.split())
            if _fixed_key(line) in boxes:
                continue
            if in_margin(line):
                address = _ADDRESS.match(text)
                if address:
                    addresses.append(address.group(1))
                    continue
                if _shape(text) in repeated or _PAGE_NUMBER.match(text) or _PRINT_STAMP.match(text):
                    continue
            kept.append(line)
    return kept, addresses


def _ends_paragraph(before: Line, after: Line, gap: float, right_edge: float) -> bool:
    """Whether ``after`` starts a new paragraph, both lines being in one column of one page."""
    size = max(before.size, 1.0)
    if abs(before.size - after.size) > 0.15 * size:
        return True
    spacing = before.bottom - after.top
    if spacing > gap + 0.45 * size:
        return True
    if after.left - before.left > 0.8 * size and after.right <= right_edge + size:
        return True
    # The next line's first word would have fitted: the line was ended on purpose.
    first_word = after.text.split()[0] if after.text.split() else ""
    room = right_edge - before.right
    return room > (len(first_word) + 2) * 0.55 * size


def _same_column(before: Line, after: Line) -> bool:
    """Consecutive lines of one column: the next is below and overlaps horizontally."""
    if before.page != after.page or after.top > before.bottom + 2:
        return False
    return after.left < before.right and after.right > before.left


# A hyphen at a line end that may belong to the word (a compound) or only to the break.
_PENDING = "\ufffe"
_PENDING_WORD = re.compile(rf"(\w+){_PENDING}(\w+)")


def _join(text: str, line: str) -> str:
    if text.endswith(("\xad", "\x02", "\u2010")):  # a break-only hyphen (soft, generated)
        return text[:-1] + line
    if _HYPHEN_END.search(text) and line[:1].islower():
        return text[:-1] + _PENDING + line
    return f"{text} {line}"


def _dehyphenate(found: list[Paragraph], keep: bool) -> None:
    """Settle each hyphen met at a line end: a browser never hyphenates words with "-", so
    in its prints the hyphen is the word's (``keep``); in typeset text the word joined
    whole is meant, unless the document writes it with a hyphen elsewhere."""
    if not any(_PENDING in p.text for p in found):
        return
    words = {w.lower() for p in found for w in re.findall(r"[\w-]+", p.text)}

    def settle(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        hyphenated = f"{left}-{right}"
        if keep or (hyphenated.lower() in words and (left + right).lower() not in words):
            return hyphenated
        return left + right

    for paragraph in found:
        paragraph.text = _PENDING_WORD.sub(settle, paragraph.text).replace(_PENDING, "-")


def _shares_stretch(other: Line, line: Line) -> bool:
    """Whether two lines share some of their horizontal stretch (one column)."""
    return other.left <= line.right and other.right >= line.left


def _column_edges(group: list[Line]) -> dict[int, float]:
    """For each line of one size on one page (by ``id``), the furthest right reached by the
    lines sharing its horizontal stretch. Sorted by left edge, the lines starting left of a
    line's right end are a prefix, and the furthest of them reaches past its left end exactly
    when one of them shares its stretch: n log n, not n squared, for a dense page."""
    ordered = sorted(group, key=lambda o: o.left)
    lefts = [o.left for o in ordered]
    furthest = list(itertools.accumulate((o.right for o in ordered), max))
    edges: dict[int, float] = {}
    for line in group:
        count = bisect.bisect_right(lefts, line.right)
        reach = furthest[count - 1] if count else line.right
        edges[id(line)] = reach if reach >= line.left else line.right
    return edges


def _box_edges(page: list[Line]) -> dict[int, float]:
    """For each line of a page (by ``id``), the left end of the nearest text level with it
    and to its right (a floated box beside the column), or infinity."""
    ordered = sorted(page, key=lambda o: o.top)
    tops = [o.top for o in ordered]
    tallest = max((o.top - o.bottom for o in page), default=0.0)
    edges: dict[int, float] = {}
    for line in page:
        low = bisect.bisect_right(tops, line.bottom)
        high = bisect.bisect_left(tops, line.top + tallest + 1)
        edges[id(line)] = min(
            (o.left for o in ordered[low:high] if o.left > line.right and o.bottom < line.top),
            default=math.inf,
        )
    return edges


def _right_edges(lines: list[Line]) -> list[float]:
    """Each line's column edge: the furthest right reached by the lines of its size on its
    page that share its horizontal stretch (a wide headline does not widen a column, the
    next column does not widen this one, a short list item still sees its column's edge).

    Where text wraps round a floated box (a sidebar, a picture, a pull quote) its lines end
    short of that edge for a while: a box's own text, level with a line and to its right,
    is that line's edge, and so is the reach of the lines just around it when they reach at
    least half as far as the column (a box without text; a menu of short lines does not
    narrow its column) and the line does not end a sentence."""
    groups: dict[tuple[int, int], list[Line]] = {}
    pages: dict[int, list[Line]] = {}
    for line in lines:
        groups.setdefault((line.page, round(line.size)), []).append(line)
        pages.setdefault(line.page, []).append(line)
    columns = {k: v for group in groups.values() for k, v in _column_edges(group).items()}
    boxes = {k: v for page in pages.values() for k, v in _box_edges(page).items()}
    edges: list[float] = []
    for index, line in enumerate(lines):
        edge = min(columns[id(line)], boxes[id(line)])
        near = lines[max(0, index - WRAP_NEIGHBOURS) : index + WRAP_NEIGHBOURS + 1]
        reach = max(
            (o.right for o in near
             if o.page == line.page and round(o.size) == round(line.size)
             and _shares_stretch(o, line)),
            default=line.right,
        )  # fmt: skip
        wraps = reach - line.left >= 0.5 * (edge - line.left)
        # A line that ends a sentence keeps its column's edge: a deck or a paragraph's last
        # line above a short byline is not a wrapped line.
        ended = bool(_SENTENCE_END.search(line.text.rstrip()))
        edges.append(min(edge, reach) if wraps and not ended else edge)
    return edges


def paragraphs(lines: list[Line], browser_print: bool = False) -> list[Paragraph]:
    """Lines rejoined into paragraphs (see the module's docstring for the rules)."""
    spacings = [a.bottom - b.top for a, b in itertools.pairwise(lines) if _same_column(a, b)]
    gap = statistics.median(s for s in spacings if s > -5) if spacings else 0.0
    edges = _right_edges(lines)
    found: list[Paragraph] = []
    previous: Line | None = None
    previous_edge = 0.0
    for index, line in enumerate(lines):
        text = " ".join(line.text.replace("\x02", "\u2010").split())
        if not text:
            continue
        if previous is None:
            starts = True
        elif _same_column(previous, line):
            starts = _ends_paragraph(previous, line, gap, previous_edge)
        else:
            ended = bool(_SENTENCE_END.search(found[-1].text)) if found else True
            starts = ended or abs(previous.size - line.size) > 0.15 * max(line.size, 1.0)
        if starts:
            found.append(Paragraph(text, line.size, 0.0, line.left, line.right, line.page))
        else:
            found[-1].text = _join(found[-1].text, text)
            if line.page == found[-1].page:
                found[-1].left = min(found[-1].left, line.left)
                found[-1].right = max(found[-1].right, line.right)
        found[-1].linked += line.linked * len(text)
        previous, previous_edge = line, edges[index]
    _dehyphenate(found, keep=browser_print)
    return found
