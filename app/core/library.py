"""The library folder: one Markdown file per article; their metadata is held in memory.

The files are the truth. Ids are unique in the library and never reused: every id ever
issued is appended to ``.readmark-ids`` in the library folder, so a deleted article's
annotations can never attach to a newcomer. Every id follows the rule of ``app.core.ids``,
so an article file is always ``<root>/<id>.md`` for a new article, never a path elsewhere;
a hand-placed file whose front-matter id breaks the rule is a problem naming the file.
"""

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable, Iterator
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
from app.core.ids import check_id, id_problem, shown, unique_id
from app.core.library_cache import LibraryCache
from app.core.library_lock import library_lock
from app.core.library_scan import Scan, scan_library
from app.core.library_table import ArticleTable
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
    """The articles of one library folder, keyed by id.

    Only their metadata is held (``ArticleTable``: 250,000 articles in about 130 MB); an
    ``Article`` handed out reads its body from its file when the body is first used.
    """

    def __init__(
        self,
        root: Path,
        reserved_ids: Callable[[], set[str]] | None = None,
        cache_file: Path | None = None,
        verify: bool = True,
    ) -> None:
        """``verify=False`` takes the snapshot as it is, without looking at the files, when
        there is one: a window shows 250,000 articles in half a second and calls
        ``refresh`` on a worker (a scan of 250,000 files alone takes 1-1.5 s). ``verified``
        says which it is; ``catch_up`` (what every writer calls) refreshes an unverified
        library first."""
        self.root = root
        self._reserved_ids = reserved_ids or set
        self._cache = LibraryCache(cache_file, root) if cache_file else None
        self._table = ArticleTable()
        self._unsaved = False  # rows added or rewritten since the snapshot was saved
        self.problems: list[LibraryProblem] = []
        self._log_seen: tuple[int, int, int] | None = None
        self.verified = False
        if verify or not self._take_snapshot():
            self.refresh()

    def _take_snapshot(self) -> bool:
        """The snapshot as the library, files unread; False when there is none."""
        table = self._cache.load() if self._cache else ArticleTable()
        if not len(table):
            return False
        table.live = self._live_rows(table, self.problems)
        self._table = table
        return True

    def refresh(self, files: Scan | None = None) -> bool:
        """Re-read every article file; duplicate ids are reported, the first path wins.
        ``files`` is a scan of the library just made (the window's sync job scans once for
        the library and the index).

        Files unchanged since the last look (same size and mtime) keep their row, from
        memory or from the snapshot; only the others are read and parsed. Returns whether
        any article came, went or changed: a window that showed the snapshot redraws its
        250,000-row list only then.
        """
        self._log_seen = self._log_stamp()
        with _no_cycle_collection():
            base = self._table if len(self._table) or not self._cache else self._cache.load()
            kept = len(base)
            files = files if files is not None else scan_library(self.root)
            problems: list[LibraryProblem] = []
            if _unchanged(files, base):
                table, changed = base, False
            else:
                rows = self._rows_for(files, base, problems)
                table, changed = base.gather(rows), rows != list(range(kept))
            table.live = self._live_rows(table, problems)
            self._table = table  # one swap: a reader on another thread sees old or new
        self.problems = problems
        self.verified = True
        if self._cache and (changed or self._unsaved):
            self._cache.save(table)
            self._unsaved = False
        return changed

    def _rows_for(
        self, files: Scan, base: ArticleTable, problems: list[LibraryProblem]
    ) -> list[int]:
        """The row of ``base`` for each readable file, in scan order; files that are new or
        changed are parsed and appended to ``base`` first."""
        where = {rel: row for row, rel in enumerate(base.rels)}
        mtimes, sizes = base.mtimes, base.sizes
        rows: list[int] = []
        for rel, mtime_ns, size in files:
            row = where.get(rel)
            if row is None or mtimes[row] != mtime_ns or sizes[row] != size:
                path = Path(self.root, rel)
                try:
                    article = read_article_file(path)
                except (OSError, ReadmarkError, FrontMatterError) as exc:
                    problems.append(LibraryProblem(path, str(exc)))
                    continue
                row = base.append(rel, mtime_ns, size, article)
            rows.append(row)
        return rows

    def _live_rows(self, table: ArticleTable, problems: list[LibraryProblem]) -> dict[str, int]:
        """Each id's row; a second file with the same id is a problem naming both files."""
        ids = table.ids
        rows = dict(zip(ids, range(len(ids)), strict=True))
        if len(rows) == len(ids):
            return rows
        rows, rels = {}, table.rels
        for row, article_id in enumerate(ids):
            first = rows.setdefault(article_id, row)
            if first != row:
                problems.append(
                    LibraryProblem(
                        Path(self.root, rels[row]),
                        f"duplicate id '{article_id}' (also used by "
                        f"{Path(rels[first]).name}); give one of them another id to see both",
                    )
                )
        return rows

    def __len__(self) -> int:
        return len(self._table.live)

    def __iter__(self) -> Iterator[Article]:
        table, root = self._table, self.root
        return (table.article(row, root) for row in _rows_now(table))

    def articles(self) -> list[Article]:
        """Every article, in the library's order: ``list(library)`` made about twice as fast
        (250,000 in 0.5 s instead of 0.9-1.1), as the objects are made with the cycle
        collector paused."""
        table, root = self._table, self.root
        with _no_cycle_collection():
            return [table.article(row, root) for row in _rows_now(table)]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._table.live

    def ids(self) -> list[str]:
        return list(self._table.live)

    def get(self, article_id: str) -> Article:
        """The article; its body is read from its file when first used (NotFound if the
        file has gone since)."""
        table = self._table
        try:
            row = table.live[article_id]
        except KeyError:
            problem = id_problem(article_id)
            why = f" ({problem}, so it cannot be an article's id)" if problem else ""
            raise NotFound(f"no article with id {shown(article_id)}{why} in {self.root}") from None
        return table.article(row, self.root)

    def ids_at(self, paths: Iterable[Path]) -> dict[Path, str]:
        """The id stored in each of ``paths`` that is one of the library's files, in one
        pass over the files however many paths are asked (a sync tool deleting 500 files
        asked about each one of 250,000 files, one pass per path)."""
        table = self._table
        roots = tuple(dict.fromkeys((self.root, self.root.resolve())))
        wanted: dict[str, list[Path]] = {}
        for path in paths:
            for root in roots:
                try:
                    wanted.setdefault(path.relative_to(root).as_posix(), []).append(path)
                    break
                except ValueError:
                    continue
        found: dict[Path, str] = {}
        if not wanted:
            return found
        for row, rel in enumerate(table.rels):
            if rel in wanted and table.live.get(table.ids[row]) == row:
                found.update(dict.fromkeys(wanted[rel], table.ids[row]))
        return found

    def dates(self) -> list[dt.date | None]:
        """Every article's date (None for undated), without making the articles."""
        table = self._table
        return [table.date_of(row) for row in _rows_now(table)]

    def content_hashes(self) -> dict[str, str]:
        """Each article's content hash by id, without reading any file."""
        table = self._table
        return {article_id: table.hash_of(row) for article_id, row in list(table.live.items())}

    def find_by_hash(self, content_hash: str) -> Article | None:
        table = self._table
        try:
            found = table.row_with_hash(bytes.fromhex(content_hash))
        except ValueError:  # not a hash at all
            return None
        return table.article(found, self.root) if found is not None else None

    def sorted_articles(self) -> list[Article]:
        """Newest first, then by title: the order a reader of news expects."""
        table = self._table
        rows = _rows_now(table)
        titles = [table.titles[r].casefold() for r in rows]
        days = [-table.dates[r] for r in rows]
        order = sorted(range(len(rows)), key=titles.__getitem__)
        order.sort(key=days.__getitem__)  # stable: titles stay in order within a day
        with _no_cycle_collection():  # made in row order, which is the order in memory
            made = [table.article(row, self.root) for row in rows]
        return [made[i] for i in order]

    def issued_ids(self) -> set[str]:
        try:
            text = (self.root / ID_LOG).read_text(encoding="utf-8")
        except OSError:
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def used_ids(self) -> set[str]:
        """Every id that must not be issued again: present, ever issued, or with annotations."""
        return set(self._table.live) | self.issued_ids() | self._reserved_ids()

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
        if not self.verified or self._log_seen is None or self._log_stamp() != self._log_seen:
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
        self._keep(article, article.path)
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
            self._keep(article, path)
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
        self._keep(article, article.path)

    def _keep(self, article: Article, path: Path) -> None:
        """Record the row of an article just written to ``path`` (its size and mtime as
        written, so the next start need not read it again)."""
        info = os.stat(path)
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:  # a file outside the folder: ``root / rel`` is still its path
            rel = str(path)
        table = self._table
        row = table.live.get(article.id)
        if row is not None and table.rels[row] == rel:
            table.put(row, info.st_mtime_ns, info.st_size, article)
        else:
            table.keep(article.id, table.append(rel, info.st_mtime_ns, info.st_size, article))
        self._unsaved = True

    def forget(self, article_id: str) -> None:
        self._table.drop(article_id)


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


def _rows_now(table: ArticleTable) -> list[int]:
    """The rows of the articles now, taken at once: an import on another thread may add
    some while the caller goes through them."""
    return list(table.live.values())


def _unchanged(files: Scan, table: ArticleTable) -> bool:
    """Whether the scan found exactly the table's files with their sizes and mtimes (compared
    column by column, so a start with nothing changed does no work per article)."""
    return files.rels == table.rels and files.mtimes == table.mtimes and files.sizes == table.sizes


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a refresh makes a few hundred thousand objects
    that hold no cycles (they are freed by reference counting as ever): each of its full
    passes walks every object alive, which made opening 250,000 articles 40% slower."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
