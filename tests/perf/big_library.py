"""A large library made from an imported one, for the scale benchmarks (issues 13 and 17).

Each new article recombines paragraphs of the originals (3 to 8, drawn with a fixed seed)
and keeps an original's title (numbered), source and tags. Its date follows how a news
archive fills up, so a timeline, a date sort or a date facet meets the shapes it meets on a
real library: 20 years before 2025, more articles each year (the last year twice the first),
weekends at a third of a weekday, and UNDATED_SHARE without a date (a saved page, a BBC
story). Written directly as library files: an import of 250,000 files would measure the
importer, not the library.

``python -m tests.perf.big_library SOURCE TARGET COUNT`` writes one from a library that
``readmark import`` wrote; the search and follow benchmarks use ``make_big_library``.
"""

import datetime as dt
import random
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.core.article import Article, serialize_article
from app.core.library import parse_library_file

FIRST_DAY = dt.date(2005, 1, 1).toordinal()
LAST_DAY = dt.date(2024, 12, 31).toordinal()
GROWTH = 2.0
"""The last year's daily volume over the first year's."""
WEEKEND = 1 / 3
"""A Saturday's or Sunday's volume over a weekday's."""
UNDATED_SHARE = 0.02


def day_weights() -> npt.NDArray[np.float64]:
    """The chance of each day FIRST_DAY..LAST_DAY (summing to 1)."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    growth = 1 + (GROWTH - 1) * (days - FIRST_DAY) / (LAST_DAY - FIRST_DAY)
    weekend = (days - 1) % 7 >= 5  # ordinal 1 is a Monday
    weights = growth * np.where(weekend, WEEKEND, 1.0)
    normed: npt.NDArray[np.float64] = weights / weights.sum()
    return normed


def draw_dates(count: int, seed: int) -> list[dt.date | None]:
    """``count`` dates by ``day_weights``, UNDATED_SHARE of them None."""
    rng = np.random.default_rng(seed)
    days = rng.choice(np.arange(FIRST_DAY, LAST_DAY + 1), size=count, p=day_weights())
    undated = rng.random(count) < UNDATED_SHARE
    return [
        None if skip else dt.date.fromordinal(int(d)) for d, skip in zip(days, undated, strict=True)
    ]


def make_big_library(source: Path, target: Path, count: int, seed: int = 13) -> int:
    """Write ``count`` articles into ``target``; returns the bytes written."""
    originals = []
    for path in sorted(source.glob("*.md")):
        originals.append(parse_library_file(path.read_text("utf-8"), path))
    paragraphs = [p for a in originals for p in a.body.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    dates = draw_dates(count, seed)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for number, date in enumerate(dates):
        model = originals[number % len(originals)]
        body = "\n\n".join(rng.choice(paragraphs).strip() for _ in range(rng.randint(3, 8)))
        article = Article(
            id=f"big-{number:06d}",
            title=f"{model.title} ({number})",
            body=body + "\n",
            source=model.source,
            tags=list(model.tags),
            date=date,
        )
        data = serialize_article(article).encode("utf-8")
        (target / f"{article.id}.md").write_bytes(data)
        written += len(data)
    return written


if __name__ == "__main__":
    started = time.perf_counter()
    size = make_big_library(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
    seconds = time.perf_counter() - started
    print(f"{int(sys.argv[3]):,} articles, {size / 1e6:.0f} MB in {seconds:.0f} s")
