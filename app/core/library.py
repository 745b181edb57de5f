"""The library folder: one Markdown file per article, scanned into memory.

The files are the truth. Ids are unique in the library and never reused: every id ever
issued is appended to ``.readmark-ids`` in the library folder, so a deleted article's
annotations can never attach to a newcomer. Every id follows the rule of ``app.core.ids``,
so an article file is always ``<root>/<id>.md`` for a new article, never a path elsewhere;
a hand-placed file whose front-matter id breaks the rule is a problem naming the file.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
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
from app.core.ids import check_id, id_problem, is_valid_id, shown, unique_id
from app.core.library_cache import CachedArticle, LibraryCache
from app.core.library_lock import library_lock
from app.core.library_scan import scan_library
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
        self._log_seen: tuple[int, int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read every article file; duplicate ids are reported, the first path wins.

        Files unchanged since the last snapshot (same size and mtime) come from the cache.
        """
        self._log_seen = self._log_stamp()
        cached = self._cache.load() if self._cache else {}
        entries: dict[str, CachedArticle] = {}
        articles: dict[str, Article] = {}
        by_hash: dict[str, str] = {}
        problems: list[LibraryProblem] = []
        for rel, mtime_ns, size in scan_library(self.root):
            name = os.path.join(self.root, rel)
            entry = cached.get(name)
            if (
                entry is None
                or (entry.mtime_ns, entry.size) != (mtime_ns, size)
                or not is_valid_id(entry.article.id)  # cached before ids had a rule
            ):
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
            problem = id_problem(article_id)
            why = f" ({problem}, so it cannot be an article's id)" if problem else ""
            raise NotFound(f"no article with id {shown(article_id)}{why} in {self.root}") from None

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

    def writing(
        self,
        cancel: Callable[[], bool] | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> AbstractContextManager[bool]:
        """The library's write lock (``library_lock``), held while new ids are chosen and
        written; re-read the library (``refresh``) once it is held."""
        return library_lock(self.root, cancel, waiting)

    def catch_up(self) -> None:
        """``refresh`` if another process issued ids since this one last read the library.

        Every writer of new articles appends to the id log under the write lock, so an
        unchanged log (same inode, size and mtime) means there is nothing new to see, and a
        large library need not be read twice when an import starts.
        """
        if self._log_seen is None or self._log_stamp() != self._log_seen:
            self.refresh()

    def _log_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = os.stat(self.root / ID_LOG)
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    def record_ids(self, ids: list[str]) -> None:
        """Append newly issued ids to the id log (append-only, one id per line)."""
        if not ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        ours = self._log_seen is not None and self._log_stamp() == self._log_seen
        with open(self.root / ID_LOG, "a", encoding="utf-8") as log:
            log.write("".join(f"{i}\n" for i in ids))
            log.flush()
            os.fsync(log.fileno())
        if ours:  # nobody else wrote since we read: this process still sees it all
            self._log_seen = self._log_stamp()

    def add(self, article: Article) -> Article:
        """Write a new article file (never over an existing one) and add it to the library."""
        check_id(article.id)
        text = serialize_article(article)
        with self.writing():
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
        take seconds, not minutes. The caller holds ``writing()`` and chose the ids under it.
        """
        if not articles:
            return []
        for article in articles:
            check_id(article.id)
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
        check_id(article.id)
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


def read_article_file(path: Path) -> Article:
    return parse_library_file(decode_bytes(path.read_bytes(), path), path)


def parse_library_file(text: str, path: Path) -> Article:
    """An article file of the library, as the Library and the search index both read it.

    A front-matter id that breaks the id rule (``../x``, ``a/b``, a newline, 300 letters)
    makes the file a problem that names it and says what to change, the same as broken
    YAML: the file is left as it is, and is not shown under an id that could name another
    path, nor under its file name (which would give its annotations to the wrong id once
    the user fixes the id line).
    """
    article = parse_article(text, path)
    problem = id_problem(article.id)
    if problem is not None:
        raise FrontMatterError(
            f"its id {shown(article.id)} cannot be used ({problem}); "
            "change the id: line of its front matter"
        )
    return article
