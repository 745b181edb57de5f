"""The scale benchmarks' generated library: real library files, paragraphs of the source
recombined, and dates shaped like a news archive's (growth, quiet weekends, a few undated)."""

import datetime as dt
from pathlib import Path

from app.core.article import Article
from app.core.library import Library
from tests.perf.big_library import FIRST_DAY, LAST_DAY, UNDATED_SHARE, make_big_library

COUNT = 2000


def test_generated_articles_are_library_files_with_archive_shaped_dates(tmp_path: Path) -> None:
    source = Library(tmp_path / "source")
    paragraphs = {f"Paragraph {n} about the wheat harvest in region {n}." for n in range(40)}
    ordered = sorted(paragraphs)
    for n in range(8):
        body = "\n\n".join(ordered[n * 5 : n * 5 + 5]) + "\n"
        source.add(Article(id=f"src-{n}", title=f"Story {n}", body=body, tags=["grain"]))
    written = make_big_library(tmp_path / "source", tmp_path / "big", COUNT)
    big = Library(tmp_path / "big")
    assert len(big) == COUNT and not big.problems
    assert written == sum(p.stat().st_size for p in (tmp_path / "big").glob("*.md"))
    articles = list(big)
    for article in articles[:200]:
        parts = article.body.strip().split("\n\n")
        assert 3 <= len(parts) <= 8 and set(parts) <= paragraphs
        assert article.tags == ["grain"] and article.title.startswith("Story ")
    dates = [a.date for a in articles if a.date is not None]
    undated = COUNT - len(dates)
    assert 0.5 * UNDATED_SHARE * COUNT <= undated <= 2 * UNDATED_SHARE * COUNT
    assert all(FIRST_DAY <= d.toordinal() <= LAST_DAY for d in dates)
    weekend = sum(d.weekday() >= 5 for d in dates) / len(dates)
    assert 0.09 <= weekend <= 0.16  # 2/7 of the days at a third of a weekday's volume: 0.118
    first = sum(d.year <= 2009 for d in dates)
    last = sum(d.year >= 2020 for d in dates)
    assert 1.4 <= last / first <= 2.2  # growing to twice the first year's volume: 1.73
    for name in ("one", "two"):  # a fixed seed: the same library every time
        make_big_library(tmp_path / "source", tmp_path / name, 50)
    one, two = (sorted((tmp_path / n).glob("*.md")) for n in ("one", "two"))
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_day_of_the_range_bounds_is_a_date() -> None:
    assert dt.date.fromordinal(FIRST_DAY) == dt.date(2005, 1, 1)
    assert dt.date.fromordinal(LAST_DAY) == dt.date(2024, 12, 31)
