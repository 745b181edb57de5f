"""The library folder: one Markdown file per article, scanned into memory.

The files are the truth. Ids are unique in the library and never reused: every id ever
issued is appended to ``.readmark-ids`` in the library folder, so a deleted article's
annotations can never attach to a newcomer.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.article import (
    Article,
    FrontMatterError,
    parse_article,
    serialize_article,
    slugify,
    split_front_matter,
)
from app.core.atomic import create_atomic, create_many_atomic, write_atomic
from app.core.errors import NotFound, ReadmarkError
from app.core.library_cache import CachedArticle, LibraryCache
from app.core.text_decode import decode_bytes

ID_LOG = ".readmark-ids"


@dataclass(frozen=True)
class LibraryProblem:
    """A file in the library that could not be shown as an article, and why."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


class Library:
    """The articles of one library folder, keyed by id."""

    def __init__(
        self,
        root: Path,
        reserved_ids: Callable[[], set[str]] | None = None,
        cache_file: Path | None = None,
    ) -> None:
        self.root = root
        self._reserved_ids = reserved_ids or set
        self._cache = LibraryCache(cache_file, root) if cache_file else None
        self._articles: dict[str, Article] = {}
        self._by_hash: dict[str, str] = {}
        self.problems: list[LibraryProblem] = []
        self.refresh()

    def refresh(self) -> None:
        """Re-read every article file; duplicate ids are reported, the first path wins.

        Files unchanged since the last snapshot (same size and mtime) come from the cache.
        """
        cached = self._cache.load() if self._cache else {}
        entries: dict[str, CachedArticle] = {}
        articles: dict[str, Article] = {}
        by_hash: dict[str, str] = {}
        problems: list[LibraryProblem] = []
        for name, mtime_ns, size in self._scan():
            entry = cached.get(name)
            if entry is None or (entry.mtime_ns, entry.size) != (mtime_ns, size):
                try:
                    article = read_article_file(Path(name))
                except (OSError, ReadmarkError, FrontMatterError) as exc:
                    problems.append(LibraryProblem(Path(name), str(exc)))
                    continue
                entry = CachedArticle(mtime_ns, size, article.content_hash, article)
            entries[name] = entry
            article = entry.article
            first = articles.get(article.id)
            if first is not None and first.path is not None:
                problems.append(
                    LibraryProblem(
                        Path(name),
                        f"duplicate id '{article.id}' (also used by {first.path.name}); "
                        "give one of them another id to see both",
                    )
                )
                continue
            articles[article.id] = article
            by_hash.setdefault(entry.content_hash, article.id)
        self._articles = articles
        self._by_hash = by_hash
        self.problems = problems
        changed = entries.keys() != cached.keys() or any(
            entry is not cached[path] for path, entry in entries.items()
        )
        if self._cache and changed:
            self._cache.save(entries)

    def _scan(self) -> list[tuple[str, int, int]]:
        """Every ``*.md`` below the root with its mtime and size, hidden folders skipped.

        Linked folders are followed once each, so a link loop cannot hang the scan.
        """
        found: list[tuple[str, int, int]] = []
        folders, seen = [str(self.root)], set()
        while folders:
            folder = folders.pop()
            real = os.path.realpath(folder)
            if real in seen:
                continue
            seen.add(real)
            try:
                with os.scandir(folder) as listing:
                    for item in listing:
                        if item.name.startswith("."):
                            continue
                        if item.is_dir():
                            folders.append(item.path)
                        elif item.name.endswith(".md") and item.is_file():
                            stat = item.stat()
                            found.append((item.path, stat.st_mtime_ns, stat.st_size))
            except OSError:
                continue
        return sorted(found)

    def __len__(self) -> int:
        return len(self._articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles.values())

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def ids(self) -> list[str]:
        return list(self._articles)

    def get(self, article_id: str) -> Article:
        try:
            return self._articles[article_id]
        except KeyError:
            raise NotFound(f"no article with id '{article_id}' in {self.root}") from None

    def find_by_hash(self, content_hash: str) -> Article | None:
        found = self._by_hash.get(content_hash)
        return self._articles[found] if found else None

    def sorted_articles(self) -> list[Article]:
        """Newest first, then by title: the order a reader of news expects."""
        return sorted(
            self._articles.values(),
            key=lambda a: (-(a.date.toordinal() if a.date else 0), a.title.casefold()),
        )

    def issued_ids(self) -> set[str]:
        try:
            text = (self.root / ID_LOG).read_text(encoding="utf-8")
        except OSError:
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def used_ids(self) -> set[str]:
        """Every id that must not be issued again: present, ever issued, or with annotations."""
        return set(self._articles) | self.issued_ids() | self._reserved_ids()

    def new_id_from(self, title: str, used: set[str]) -> str:
        """Like ``new_id`` with the caller's own ``used_ids()`` set, for many ids in a row."""
        return unique_id(slugify(title), used)

    def new_id(self, title: str, taken: set[str] | None = None) -> str:
        """A fresh slug from the title that no article, past or present, has used."""
        return unique_id(slugify(title), self.used_ids() | (taken or set()))

    def record_ids(self, ids: list[str]) -> None:
        """Append newly issued ids to the id log (append-only, one id per line)."""
        if not ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ID_LOG, "a", encoding="utf-8") as log:
            log.write("".join(f"{i}\n" for i in ids))
            log.flush()
            os.fsync(log.fileno())

    def add(self, article: Article) -> Article:
        """Write a new article file (never over an existing one) and add it to the library."""
        self.root.mkdir(parents=True, exist_ok=True)
        text = serialize_article(article)
        name, n = article.id, 2
        while not create_atomic(self.root / f"{name}.md", text):
            name, n = f"{article.id}-{n}", n + 1
        article.path = self.root / f"{name}.md"
        self.record_ids([article.id])
        self._articles[article.id] = article
        self._by_hash[article.content_hash] = article.id
        return article

    def add_many(self, articles: list[Article]) -> list[Article]:
        """Write many new article files at once (an import), never over existing ones.

        The same guarantees as ``add`` for a batch: one sync and one id-log append for all of
        them instead of three flushes per file, which is what makes a 20,000-article import
        take seconds, not minutes.
        """
        if not articles:
            return []
        self.root.mkdir(parents=True, exist_ok=True)
        wanted = [(self.root / f"{a.id}.md", serialize_article(a)) for a in articles]
        paths = create_many_atomic(wanted)
        for article, path in zip(articles, paths, strict=True):
            article.path = path
            self._articles[article.id] = article
            self._by_hash[article.content_hash] = article.id
        self.record_ids([a.id for a in articles])
        return articles

    def save_metadata(self, article: Article) -> None:
        """Rewrite only the front matter of an article file, keeping the body on disk as is."""
        if article.path is None:
            raise NotFound(f"article '{article.id}' has no file")
        current = decode_bytes(article.path.read_bytes(), article.path)
        _raw, body = split_front_matter(current)
        article.body = body
        write_atomic(article.path, serialize_article(article))
        self._articles[article.id] = article

    def forget(self, article_id: str) -> None:
        with contextlib.suppress(KeyError):
            article = self._articles.pop(article_id)
            self._by_hash.pop(article.content_hash, None)


def unique_id(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... whichever is not in ``used``."""
    candidate, n = stem, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def read_article_file(path: Path) -> Article:
    return parse_article(decode_bytes(path.read_bytes(), path), path)
