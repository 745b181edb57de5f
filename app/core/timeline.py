"""How many articles fall in each day, week, month or year: the volume of a story over time.

A researcher following a story wants to see when it was written about, as the news archives
(Media Cloud, GDELT) show it. The counts are for every match of a query (not the top results),
for the whole library, or for the highlights of a tag (by their article's date). Periods run
without gaps from the first dated match to the last, so a chart can draw them side by side;
undated articles are counted apart, because a bar at "no date" would sit nowhere on the axis.

Everything here is plain data; the window's chart and ``readmark timeline`` draw it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core.annotations import AnnotationStore
from app.core.errors import InvalidInput
from app.core.index import SearchIndex
from app.core.library import Library

PERIODS = ("day", "week", "month", "year")
MAX_BARS = 60
"""``auto`` takes the finest period that draws at most this many bars: a year of news is
52 weeks, eight months 35 weeks, twenty years 20 bars (240 months would be unreadable)."""
_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Bar:
    """One period: its first and last day and how many articles fall in it."""

    start: dt.date
    end: dt.date
    count: int
    label: str

    @property
    def query(self) -> str:
        """The clause that narrows a search to this period (what a drag over bars adds)."""
        return date_clause(self.start, self.end)

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
        }


@dataclass(frozen=True)
class Timeline:
    """Bars from the first dated article's period to the last one's, empty periods included."""

    period: str
    bars: list[Bar]
    undated: int

    @property
    def dated(self) -> int:
        return sum(b.count for b in self.bars)

    @property
    def total(self) -> int:
        return self.dated + self.undated

    def to_json(self) -> dict[str, object]:
        return {
            "period": self.period,
            "total": self.total,
            "undated": self.undated,
            "bars": [b.to_json() for b in self.bars],
        }


def date_clause(start: dt.date, end: dt.date) -> str:
    """The ``date:[a to b]`` query clause for a range of days, both ends included."""
    return f"date:[{start.isoformat()} to {end.isoformat()}]"


_RANGE_CLAUSE = re.compile(r"(?<!\S)date:\[[^\]]*\]?(?!\S)", re.IGNORECASE)


def with_date_range(query: str, clause: str | None) -> str:
    """``query`` with its ``date:[a to b]`` clauses replaced by ``clause`` (None takes them
    out): a drag over the chart narrows the range it narrowed before instead of ANDing a
    second one, and the rest of what the user typed stays as typed."""
    rest = " ".join(_RANGE_CLAUSE.sub(" ", query).split())
    return " ".join(part for part in (rest, clause) if part)


def _days_as_dates(days: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return (days - _EPOCH).astype("datetime64[D]")


def period_starts(days: npt.NDArray[np.int64], period: str) -> npt.NDArray[np.int64]:
    """The day ordinal on which each day's period begins (weeks begin on Monday, as ISO's)."""
    if period == "day":
        return days
    if period == "week":
        return days - (days - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
    if period in ("month", "year"):
        unit = "M" if period == "month" else "Y"
        first = _days_as_dates(days).astype(f"datetime64[{unit}]").astype("datetime64[D]")
        return first.astype(np.int64) + _EPOCH
    raise ValueError(f"unknown period {period!r}")


def _next_start(start: dt.date, period: str) -> dt.date:
    if period == "day":
        return start + dt.timedelta(days=1)
    if period == "week":
        return start + dt.timedelta(days=7)
    if period == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def _label(start: dt.date, period: str) -> str:
    if period == "week":
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "year":
        return str(start.year)
    return start.isoformat()


def choose_period(first: dt.date, last: dt.date) -> str:
    """The finest period that shows the span ``first``..``last`` in at most MAX_BARS bars."""
    for period in PERIODS[:-1]:
        edges = period_starts(np.array([first.toordinal(), last.toordinal()]), period)
        if (
            _bar_count(
                dt.date.fromordinal(int(edges[0])), dt.date.fromordinal(int(edges[1])), period
            )
            <= MAX_BARS
        ):
            return period
    return "year"


def _bar_count(low: dt.date, high: dt.date, period: str) -> int:
    if period == "day":
        return high.toordinal() - low.toordinal() + 1
    if period == "week":
        return (high.toordinal() - low.toordinal()) // 7 + 1
    return (high.year - low.year) * 12 + high.month - low.month + 1


def _periods(first: dt.date, last: dt.date, period: str) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of every period from the one holding ``first`` to ``last``'s."""
    edges = period_starts(np.array([first.toordinal(), last.toordinal()]), period)
    start, final = dt.date.fromordinal(int(edges[0])), int(edges[1])
    spans = []
    while start.toordinal() <= final:
        following = _next_start(start, period)
        spans.append((start, following - dt.timedelta(days=1)))
        start = following
    return spans


def _bars(spans: list[tuple[dt.date, dt.date]], counts: dict[int, int], period: str) -> list[Bar]:
    """``counts`` is keyed by each period's first day (its ordinal)."""
    return [Bar(a, b, counts.get(a.toordinal(), 0), _label(a, period)) for a, b in spans]


def _check(period: str) -> None:
    if period != "auto" and period not in PERIODS:
        raise InvalidInput(f"unknown period '{period}'; use {', '.join(PERIODS)} or auto")


def timeline_of_days(days: npt.NDArray[np.int64], period: str = "auto") -> Timeline:
    """Bars for articles whose dates are ``days`` (day ordinals; 0 or less is undated)."""
    _check(period)
    days = np.asarray(days, dtype=np.int64)
    dated = days[days > 0]
    undated = len(days) - len(dated)
    if not len(dated):
        return Timeline("day" if period == "auto" else period, [], undated)
    first, last = (dt.date.fromordinal(int(d)) for d in (dated.min(), dated.max()))
    if period == "auto":
        period = choose_period(first, last)
    starts, counts = np.unique(period_starts(dated, period), return_counts=True)
    found = dict(zip(starts.tolist(), counts.tolist(), strict=True))
    return Timeline(period, _bars(_periods(first, last, period), found, period), undated)


def timeline_of_dates(dates: Iterable[dt.date | None], period: str = "auto") -> Timeline:
    """Bars for articles with these dates (None is undated)."""
    days = np.fromiter((d.toordinal() if d else 0 for d in dates), dtype=np.int64)
    return timeline_of_days(days, period)


def library_timeline(library: Library, period: str = "auto") -> Timeline:
    """Every article of the library (what the chart shows while the query is empty); from a
    snapshot of its articles, as an import may add some on another thread meanwhile."""
    return timeline_of_dates(library.dates(), period)


def tag_timeline(
    store: AnnotationStore, library: Library, tag: str, period: str = "auto"
) -> Timeline:
    """The highlights and notes tagged ``tag`` or a tag below it (``defence`` takes
    ``defence/missile-defence``, as the tag library lists them and ``tag:`` searches), each
    at its article's date (an article no longer in the library counts as undated: its date
    is gone with it)."""

    def date_of(article_id: str) -> dt.date | None:
        return library.get(article_id).date if article_id in library else None

    tagged = store.under_tag(tag)
    return timeline_of_dates((date_of(a.article_id) for a in tagged), period)


def query_timeline(index: SearchIndex, query: str, period: str = "auto") -> Timeline:
    """Every match of ``query`` (not the top results), from the index's day column in one
    pass over the matches; InvalidInput when the query cannot run (an empty chart would say
    "never written about")."""
    _check(period)
    return timeline_of_days(index.match_days(query), period)
