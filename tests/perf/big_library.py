"""A large library made from an imported one: each new article recombines paragraphs of the
originals (3 to 8, drawn with a fixed seed), keeps an original's title (numbered), source
and tags, and gets a date spread over the 20 years before 2025. Written directly as library
files (an import of 250,000 files would take most of an hour and measure the importer).

``python -m tests.perf.big_library SOURCE TARGET COUNT`` writes one; the search benchmark
uses ``make_big_library``.
"""

import datetime as dt
import random
import sys
from pathlib import Path

from app.core.article import Article, serialize_article
from app.core.library import parse_library_file

FIRST_DAY = dt.date(2005, 1, 1).toordinal()
LAST_DAY = dt.date(2024, 12, 31).toordinal()


def make_big_library(source: Path, target: Path, count: int, seed: int = 13) -> int:
    """Write ``count`` articles into ``target``; returns the bytes written."""
    originals = []
    for path in sorted(source.glob("*.md")):
        originals.append(parse_library_file(path.read_text("utf-8"), path))
    paragraphs = [p for a in originals for p in a.body.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in range(count):
        model = originals[number % len(originals)]
        body = "\n\n".join(rng.choice(paragraphs).strip() for _ in range(rng.randint(3, 8)))
        article = Article(
            id=f"big-{number:06d}",
            title=f"{model.title} ({number})",
            body=body + "\n",
            source=model.source,
            tags=list(model.tags),
            date=dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)),
        )
        data = serialize_article(article).encode("utf-8")
        (target / f"{article.id}.md").write_bytes(data)
        written += len(data)
    return written


if __name__ == "__main__":
    make_big_library(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
