"""Timelines: periods and bars as data, for the library, a tag and a query (real index)."""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.library import Library
from app.core.timeline import (
    MAX_BARS,
    choose_period,
    library_timeline,
    period_starts,
    query_timeline,
    tag_timeline,
    timeline_of_dates,
)
from app.core.workspace import Workspace

days_strategy = st.lists(
    st.one_of(st.none(), st.dates(dt.date(1985, 1, 1), dt.date(1992, 12, 31))), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(days_strategy, st.sampled_from(["day", "week", "month", "year", "auto"]))
def test_every_dated_article_is_in_the_one_bar_that_holds_its_day(
    dates: list[dt.date | None], period: str
) -> None:
    timeline = timeline_of_dates(dates, period)
    assert timeline.undated == sum(d is None for d in dates)
    assert timeline.total == len(dates)
    for date in (d for d in dates if d is not None):
        holding = [b for b in timeline.bars if b.start <= date <= b.end]
        assert len(holding) == 1
    for before, after in zip(timeline.bars, timeline.bars[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)  # no gaps, no overlaps
    for bar in timeline.bars:
        assert bar.count == sum(1 for d in dates if d is not None and bar.start <= d <= bar.end)


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1, 1, 8), dt.date(9999, 12, 1)))
def test_weeks_start_on_monday_and_months_on_the_first(day: dt.date) -> None:
    ordinal = np.array([day.toordinal()])
    monday = dt.date.fromordinal(int(period_starts(ordinal, "week")[0]))
    assert monday.weekday() == 0 and 0 <= (day - monday).days < 7
    assert dt.date.fromordinal(int(period_starts(ordinal, "month")[0])) == day.replace(day=1)
    assert dt.date.fromordinal(int(period_starts(ordinal, "year")[0])) == dt.date(day.year, 1, 1)


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1)), st.integers(0, 20_000))
def test_auto_takes_the_finest_period_that_fits_in_sixty_bars(first: dt.date, span: int) -> None:
    last = first + dt.timedelta(days=span)
    timeline = timeline_of_dates([first, last], "auto")
    assert len(timeline.bars) <= MAX_BARS or timeline.period == "year"
    finer = {"week": "day", "month": "week", "year": "month"}.get(timeline.period)
    if finer:
        assert len(timeline_of_dates([first, last], finer).bars) > MAX_BARS
    assert choose_period(first, last) == timeline.period


def test_labels_and_the_query_clause_a_drag_adds() -> None:
    dates = [dt.date(1987, 3, 2), dt.date(1987, 3, 4), dt.date(1987, 3, 31)]
    weeks = timeline_of_dates(dates, "week")
    assert [b.label for b in weeks.bars] == [
        "1987-W10",
        "1987-W11",
        "1987-W12",
        "1987-W13",
        "1987-W14",
    ]
    assert [b.count for b in weeks.bars] == [2, 0, 0, 0, 1]
    assert weeks.bars[0].query == "date:[1987-03-02 to 1987-03-08]"
    months = timeline_of_dates([*dates, None], "month")
    assert [(b.label, b.count) for b in months.bars] == [("1987-03", 3)]
    assert months.undated == 1
    assert months.to_json()["bars"] == [
        {"label": "1987-03", "start": "1987-03-01", "end": "1987-03-31", "count": 3}
    ]
    assert timeline_of_dates([None, None]).bars == []
    with pytest.raises(InvalidInput, match="unknown period 'fortnight'"):
        timeline_of_dates(dates, "fortnight")


def _article(n: int, date: dt.date | None, body: str) -> Article:
    return Article(id=f"story-{n}", title=f"Story {n}", body=body, date=date, source="Wire")


@pytest.fixture
def workspace(library_dir: Path, data_dir: Path) -> Workspace:
    library = Library(library_dir)
    bodies = ["The summit opened in Vilnius.", "Markets fell on summit news.", "Rain all day."]
    for n in range(30):
        date = dt.date(2024, 1, 1) + dt.timedelta(days=9 * n) if n % 10 else None
        library.add(_article(n, date, bodies[n % 3] + "\n"))
    ws = Workspace(library_dir, data_dir)
    ws.index.sync()
    return ws


def test_query_timeline_counts_every_match_as_the_library_dates_say(workspace: Workspace) -> None:
    expected = timeline_of_dates(a.date for a in workspace.library if "summit" in a.body.casefold())
    found = query_timeline(workspace.index, "summit")
    assert found == expected
    assert found.total == 20 and found.undated == 2 and found.period == "week"
    by_month = query_timeline(workspace.index, "summit", "month")
    assert by_month == timeline_of_dates(
        (a.date for a in workspace.library if "summit" in a.body.casefold()), "month"
    )
    years = query_timeline(workspace.index, "summit", "year")
    assert [(b.label, b.count) for b in years.bars] == [("2024", 18)]


def test_query_timeline_of_nothing_and_of_a_broken_query(workspace: Workspace) -> None:
    nothing = query_timeline(workspace.index, "zeppelin")
    assert nothing.bars == [] and nothing.total == 0
    with pytest.raises(InvalidInput, match="date:"):
        query_timeline(workspace.index, "date:[2024-13 to]")


def test_library_and_tag_timelines(workspace: Workspace) -> None:
    whole = library_timeline(workspace.library, "month")
    assert whole.total == 30 and whole.undated == 3
    store = workspace.annotations
    store.create("story-1", 4, 10, tags=["summit"])
    store.create("story-4", 4, 10, tags=["Summit", "markets"])
    store.create("story-10", 0, 3, tags=["summit"])  # an undated article
    store.create("story-2", 0, 3, tags=["rain"])
    tagged = tag_timeline(store, workspace.library, "SUMMIT", "month")
    assert tagged.total == 3 and tagged.undated == 1
    assert [(b.label, b.count) for b in tagged.bars if b.count] == [("2024-01", 1), ("2024-02", 1)]


def test_a_tags_timeline_holds_the_tags_below_it_as_the_tag_library_lists_them(
    workspace: Workspace,
) -> None:
    store = workspace.annotations
    store.create("story-1", 4, 10, tags=["defence"])
    store.create("story-4", 4, 10, tags=["Defence/Missile-Defence"])
    store.create("story-2", 0, 3, tags=["defenceless"])  # a longer word, not a level below
    branch = tag_timeline(store, workspace.library, "#defence", "month")
    assert branch.total == 2 and branch.undated == 0
    leaf = tag_timeline(store, workspace.library, "defence/missile-defence", "month")
    assert leaf.total == 1
