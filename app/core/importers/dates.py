"""Dates written the ways news text writes them, and what "yesterday" means next to one."""

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = (
    # No word boundary after the day: "2019-01-03T07:00:02Z" (meta tags, <time datetime>,
    # JSON-LD) has a T there, which is a word character.
    re.compile(r"\b(?P<year>\d{4})-(?P<num>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|this morning)\b", re.I)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
TIME_PHRASE = re.compile(
    rf"^\s*(?:on\s+|last\s+|this\s+|earlier\s+|late\s+)?(?:{_WEEKDAY}|{_MONTH}\s*\d{{0,2}}"
    r"|\d{1,2}\s+\w+|\d{4}|yesterday|today|tonight|(?:this|last|next)\s+\w+)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*$",
    re.I,
)


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text`` (ISO, "June 18 2024", "18 June 2024")."""
    best: tuple[int, dt.date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["num"]) if parts.get("num") else MONTHS[parts["month"].lower()]
            try:
                found = dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), found)
            break
    return best[1] if best else None


def shift_for_relative_day(reference: dt.date, lede: str) -> dt.date:
    """The day a story was written, from the day of the event it reports.

    A photo caption dates the event; when the lede then says the event happened
    "yesterday", the story itself is from the next day.
    """
    first_sentence = re.split(r"(?<=[.!?])\s", lede, maxsplit=1)[0]
    match = _RELATIVE.search(first_sentence)
    if match and match.group(1).lower() == "yesterday":
        return reference + dt.timedelta(days=1)
    return reference
