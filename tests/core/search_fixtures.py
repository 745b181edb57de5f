"""A small library for the search tests: the two seed articles as the importers should turn
them into Markdown, plus a few articles that exercise accents, tags and dates.

Built with ``Library.add`` (the real file format); the seeded index is built once per test
session and copied for each test, since a build costs far more than a copy.
"""

import contextlib
import datetime as dt
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library
from tests.conftest import SEEDS, require_shared

NATO_SUMMIT = "nato-prepares-for-75th-summit"
URGENT_TASK = "stoltenberg-supporting-ukraine-is-nato-s-most-urgent-task"


def _seed_body(name: str, skip_lines: int) -> str:
    text = (require_shared(SEEDS) / name).read_text(encoding="utf-8")
    lines = text.strip().splitlines()[skip_lines:]
    return "\n\n".join(line.strip() for line in lines if line.strip()) + "\n"


def seed_articles() -> list[Article]:
    nato = Article(
        id=NATO_SUMMIT,
        title="NATO Prepares for 75th Summit: Enhancing Global Security Amidst Emerging Threats",
        body=_seed_body("000_81b53dd98f06b5e6.txt", 2),
        author="Olga Nesterova",
        date=dt.date(2024, 6, 19),
        source="ONEST",
        imported_from="000_81b53dd98f06b5e6.txt",
    )
    urgent_body = _seed_body("003_2d3196d12ea3c1c4.txt", 0)
    urgent_body = re.sub(r"\A\s*date 2024-07-06\s*", "", urgent_body)
    urgent = Article(
        id=URGENT_TASK,
        title="Stoltenberg: Supporting Ukraine Is NATO's Most Urgent Task",
        body=urgent_body,
        date=dt.date(2024, 7, 5),
        source="ONEST",
        tags=["summit-preview"],
        imported_from="003_2d3196d12ea3c1c4.txt",
    )
    return [nato, urgent]


def extra_articles() -> list[Article]:
    return [
        Article(
            id="cafe-culture-in-zurich",
            title="Café culture in Zürich",
            body="The *café* owners of Zürich say naïve tourists love crème brûlée.\n",
            author="Renée Müller",
            date=dt.date(2023, 11, 2),
            source="Local Desk",
            tags=["Cities", "food"],
        ),
        Article(
            id="bank-rates-rise",
            title="Banks raise rates",
            body="Bankers said banking margins improved as the central bank raised rates.\n\n"
            "Analysts expect bankruptcies to fall.\n",
            author="Reuters Staff",
            date=dt.date(1987, 3, 2),
            source="Reuters",
        ),
    ]


def make_library(folder: Path) -> Library:
    library = Library(folder)
    for article in [*seed_articles(), *extra_articles()]:
        library.add(article)
    return library


def platypus_library(folder: Path, count: int) -> Library:
    """``count`` one-line articles a0, a1...: each holds its own word (``word7``) and all
    hold ``platypus``, so a search counts what an index holds."""
    library = Library(folder)
    for n in range(count):
        library.add(Article(id=f"a{n}", title=f"Story {n}", body=f"Word{n} and platypus.\n"))
    return library


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def bbc_library(folder: Path, limit: int | None = None) -> int:
    """BBC stories as library files (headline as title), written directly: a test corpus,
    not an import, so it skips the importers' inference and the per-file fsync."""
    from app.core.article import serialize_article, slugify
    from tests.conftest import CORPUS

    folder.mkdir(parents=True, exist_ok=True)
    files = sorted((require_shared(CORPUS) / "bbc").glob("*/*.txt"))[:limit]
    for path in files:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        title, _sep, body = raw.strip().partition("\n")
        article_id = f"bbc-{path.parent.name}-{path.stem}-{slugify(title, 40)}"
        article = Article(id=article_id, title=title.strip(), body=body.strip() + "\n")
        article.source = "BBC"
        article.tags = [path.parent.name]
        (folder / f"{article_id}.md").write_text(serialize_article(article), encoding="utf-8")
    return len(files)


class TimedReads(SearchIndex):
    """Records, by thread, when each query's work starts and ends: the block its searcher
    is lent for (what the old index lock covered), to see whether two queries overlap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spans: dict[int, tuple[float, float]] = {}

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Any]:
        with super()._reading() as reading:
            started = time.perf_counter()
            try:
                yield reading
            finally:
                self.spans[threading.get_ident()] = (started, time.perf_counter())
