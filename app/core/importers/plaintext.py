"""Plain-text news: the seeds, the BBC corpus and whatever a user saves from a page.

Messy text carries its metadata in its first lines, in no fixed order: a leading
``date 2024-07-06`` marker, a byline (a short line that reads as a person's name, above the
headline), the headline, a photo caption (a short unpunctuated line that dates the picture).
Whatever is recognised as metadata leaves the body; everything else stays, word for word.
When no headline line exists, the title is inferred from the lede.
"""

import datetime as dt
import re

from app.core.errors import ImportFailed
from app.core.importers.dates import TIME_PHRASE, find_date, shift_for_relative_day
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, clean_text, one_line, to_markdown

TITLE_MAX_CHARS = 80
_DATE_MARKER = re.compile(
    r"\A\s*(?:date|dated|published|posted)\s*[:\-]?\s*(\d{4}-\d{2}-\d{2})(?:\s+|\Z)", re.I
)
_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.)"
_BYLINE = re.compile(rf"^(?:[Bb]y\s+)?({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})$")
_LIST_MARK = re.compile(r"^[-*•–]\s+")
_SENTENCE_END = re.compile(r"[.!?:;,\"”’')\]]$")
# An outlet's name is one word with two capitals or more (BBC, ONEST, CoinDesk); the count
# is checked in Python, as the regular expression for it backtracked in quadratic time.
_REPORTING = re.compile(
    r"\b([A-Za-z0-9&]+)\s+"
    r"(?:has learned|has learnt|has been told|understands|has reported|"
    r"continues to (?:follow|report|cover)|will continue to (?:follow|report|cover))\b"
)
_CLAUSE = re.compile(r"\s*(?:[,;:(]|\s[-–—]\s)\s*")


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: several lines, none long, most of them near the wrap width."""
    if len(lines) < 3 or max(len(line) for line in lines) > 100:
        return False
    near_width = sum(1 for line in lines[:-1] if len(line) >= 50)
    return near_width >= (len(lines) - 1) * 0.6


def _continues(previous: str, line: str) -> bool:
    """A line that starts in lower case after one that did not end a sentence is the rest
    of that sentence, broken by the writer's editor, not a new paragraph."""
    return line[:1].islower() and not _SENTENCE_END.search(previous)


def _units(text: str) -> list[str]:
    """Paragraph units: each line of a block (a wrapped sentence re-joined), or a whole block
    when it is hard-wrapped."""
    units: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if not _is_wrapped(lines):
            for position, line in enumerate(lines):
                if position and _continues(units[-1], line):
                    units[-1] = f"{units[-1]} {line}"
                else:
                    units.append(line)
            continue
        current: list[str] = []
        for raw, line in zip((r for r in block.split("\n") if r.strip()), lines, strict=True):
            starts_new = bool(_LIST_MARK.match(line)) or raw[:1].isspace()
            if current and starts_new:
                units.append(" ".join(current))
                current = []
            current.append(line)
        units.append(" ".join(current))
    return units


def _is_headline(text: str) -> bool:
    words = text.split()
    ends_like_a_sentence = re.search(r"(?<!\.)\.$|[,;:]$", text)
    return 0 < len(words) <= 25 and len(text) <= 200 and not ends_like_a_sentence


def _is_caption(text: str) -> bool:
    """A photo caption names what is shown and when, without ending like a sentence."""
    return (
        len(text.split()) <= 40 and not _SENTENCE_END.search(text) and find_date(text) is not None
    )


def _is_subheading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 12
        and len(text) <= TITLE_MAX_CHARS
        and text[0].isupper()
        and not _SENTENCE_END.search(text)
        and not _LIST_MARK.match(text)
    )


def infer_title(lede: str) -> str:
    """A short headline from the lede's first sentence, cut at a word boundary.

    Leading time phrases ("On Friday, July 5, 2024,") are skipped, then the main clause is
    taken up to its first clause break, so the title names who did what.
    """
    sentence = re.split(r"(?<=[.!?])\s", one_line(lede), maxsplit=1)[0]
    clauses = [c for c in _CLAUSE.split(sentence) if c]
    while len(clauses) > 1 and TIME_PHRASE.match(clauses[0]):
        clauses.pop(0)
    candidate = clauses[0] if clauses and len(clauses[0].split()) >= 3 else sentence
    return shorten(candidate.rstrip(".!?;:,"))


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """At most ``limit`` characters, ending at a word boundary (never mid-word)."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:-–—")


def find_outlet(text: str) -> str | None:
    """The outlet that names itself in the text ("ONEST has learned ...")."""
    for match in _REPORTING.finditer(text):
        name = match.group(1)
        if name[0].isupper() and sum(1 for c in name if "A" <= c <= "Z") >= 2:
            return name
    return None


def parse_plain_text(text: str, name: str) -> Draft:
    """Infer metadata and Markdown blocks from plain text; raises ImportFailed if no words."""
    text = clean_text(text)
    if not text.strip():
        raise ImportFailed(name, "empty file: nothing to import")
    if not has_letters(text):
        raise ImportFailed(name, "no text: the file has no letters")
    date: dt.date | None = None
    marker = _DATE_MARKER.match(text)
    if marker:
        date = _iso_date(marker.group(1))
        if date is not None:
            text = text[marker.end() :]
    units = _units(text)
    author: str | None = None
    title: str | None = None
    index = 0
    if date is None and len(units) >= 3:
        byline = _BYLINE.match(units[0])
        if byline and _is_headline(units[1]):
            author, index = byline.group(1), 1
    if date is None and len(units) > index + 1 and _is_headline(units[index]):
        title, index = units[index], index + 1
    blocks: list[Block] = []
    if title is not None and len(units) > index + 1 and _is_caption(units[index]):
        caption = units[index]
        blocks.append(Block("caption", caption))
        index += 1
        caption_date = find_date(caption)
        if caption_date is not None:
            date = shift_for_relative_day(caption_date, units[index])
    body_units = units[index:]
    for position, unit in enumerate(body_units):
        item = _LIST_MARK.match(unit)
        if item:
            blocks.append(Block("item", unit[item.end() :]))
        elif 0 < position < len(body_units) - 1 and _is_subheading(unit):
            blocks.append(Block("subheading", unit))
        else:
            blocks.append(Block("paragraph", unit))
    if title is None:
        lede = next((u for u in body_units if has_letters(u)), "")
        title = infer_title(lede) or name
    return Draft(
        title=one_line(title),
        body=to_markdown(blocks),
        author=author,
        date=date,
        source=find_outlet(text),
        imported_from=name,
    )


def _iso_date(value: str) -> dt.date | None:
    """The marker's date; an impossible one (2024-02-30) leaves the line in the body."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse(data: str, name: str) -> list[Draft]:
    return [parse_plain_text(data, name)]
