"""Saved searches: a query (with its sort and filter clauses) kept under a name, and how many
of its matches were added since the user last opened it.

One small JSON file in the data folder (``saved-searches.json``), written atomically under a
lock, read through the bounded JSON reader; a file that cannot be read is set aside (every
byte kept) and reported, never overwritten.

"Added since last opened" must stay cheap at 250,000 articles, so no list of matches is
kept. The library's id log (``.readmark-ids``) lists every id in the order it was issued;
opening a search records how long the log was (``seen_log``), and a match is new when its id
stands at or after that line. Articles placed in the library by hand (or synced in from a
machine whose log did not come along) are not in the log: the matches among them are kept
as 32-bit digests of their ids, usually none at all.
"""

import base64
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np

from app.core.annotations.files import locked, set_aside
from app.core.atomic import write_atomic
from app.core.errors import CorruptFile, InvalidInput, NotFound, writing_in
from app.core.index import SearchIndex
from app.core.index.search_index import SORTS
from app.core.json_input import BadJson, read_json
from app.core.library import ID_LOG, Library
from app.core.strict_search import strict_search
from app.core.valid_text import check_text

FILE_NAME = "saved-searches.json"
FORMAT = "readmark-saved-searches"
VERSION = 1
MAX_BYTES = 16 * 1024 * 1024
MAX_NAME = 200
T = TypeVar("T")


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    sort: str = "relevance"
    filters: tuple[str, ...] = ()
    seen_log: int = 0
    seen_unlogged: frozenset[int] = field(default_factory=frozenset)

    @property
    def full_query(self) -> str:
        """The query with its filter clauses (facet chips, a date range) ANDed to it."""
        if not self.filters:
            return self.query
        base = f"({self.query})" if self.query.strip() else ""
        return " ".join([base, *self.filters]).strip()

    def to_json(self) -> dict[str, object]:
        packed = np.array(sorted(self.seen_unlogged), dtype="<u4").tobytes()
        return {
            "name": self.name,
            "query": self.query,
            "sort": self.sort,
            "filters": list(self.filters),
            "seen_log": self.seen_log,
            "seen_unlogged": base64.b64encode(packed).decode("ascii"),
        }


@dataclass(frozen=True)
class SearchStatus:
    """A saved search with its hit count now and how many of them are new to the user."""

    search: SavedSearch
    total: int
    new: int

    def to_json(self) -> dict[str, object]:
        entry = self.search.to_json()
        del entry["seen_log"], entry["seen_unlogged"]
        return {**entry, "total": self.total, "new": self.new}


def digest(article_id: str) -> int:
    return zlib.crc32(article_id.encode("utf-8"))


def log_positions(library: Library) -> dict[str, int]:
    """Each id of the library's id log with the line it was first issued on."""
    try:
        text = (library.root / ID_LOG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    positions: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()):
        positions.setdefault(line.strip(), number)
    return positions


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput("a saved search needs a name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a saved search's name has at most {MAX_NAME} characters")
    check_text(name, "the saved search's name")
    return name


class SavedSearches:
    """``<data>/saved-searches.json``: read on each call (it is small), changed under a lock."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self.problems: list[CorruptFile] = []

    def all(self) -> list[SavedSearch]:
        return self._read()

    def get(self, name: str) -> SavedSearch:
        return self._read()[self._position(self._read(), name)]

    @staticmethod
    def _position(searches: list[SavedSearch], name: str) -> int:
        wanted = " ".join(name.split()).casefold()
        for number, search in enumerate(searches):
            if search.name.casefold() == wanted:
                return number
        known = ", ".join(s.name for s in searches) or "none yet"
        raise NotFound(f"no saved search named '{name}' (saved: {known})")

    def save(
        self, name: str, query: str, *, sort: str = "relevance", filters: tuple[str, ...] = ()
    ) -> SavedSearch:
        """Save a new search at the end, or change the query of the one with this name (it
        keeps its place and what the user has seen)."""
        name = _name(name)
        if sort not in SORTS:
            raise InvalidInput(f"unknown sort '{sort}'; use {' or '.join(SORTS)}")
        if not (query.strip() or filters):
            raise InvalidInput("a saved search needs a query")
        check_text(query, "the saved search's query")
        for clause in filters:
            check_text(clause, "a filter of the saved search")

        def change(searches: list[SavedSearch]) -> SavedSearch:
            try:
                at = self._position(searches, name)
            except NotFound:
                searches.append(SavedSearch(name, query, sort, tuple(filters)))
                return searches[-1]
            searches[at] = replace(searches[at], query=query, sort=sort, filters=tuple(filters))
            return searches[at]

        return self._change(change)

    def rename(self, old: str, new: str) -> SavedSearch:
        new = _name(new)

        def change(searches: list[SavedSearch]) -> SavedSearch:
            at = self._position(searches, old)
            taken = [s for s in searches if s.name.casefold() == new.casefold()]
            if taken and taken[0] is not searches[at]:
                raise InvalidInput(f"a saved search named '{taken[0].name}' exists already")
            searches[at] = replace(searches[at], name=new)
            return searches[at]

        return self._change(change)

    def delete(self, name: str) -> SavedSearch:
        return self._change(lambda searches: searches.pop(self._position(searches, name)))

    def move(self, name: str, position: int) -> list[SavedSearch]:
        """Put a search at ``position`` (1 is the top; past the end is the end)."""
        if position < 1:
            raise InvalidInput("positions start at 1")

        def change(searches: list[SavedSearch]) -> list[SavedSearch]:
            moving = searches.pop(self._position(searches, name))
            searches.insert(position - 1, moving)
            return list(searches)

        return self._change(change)

    def restore(self, search: SavedSearch, position: int) -> SavedSearch:
        """Put ``search`` back at ``position`` (1 is the top) exactly as it was, what the user
        had seen included, replacing one of the same name: how undo takes back a delete, a
        rename or a changed query without making every match new again."""

        def change(searches: list[SavedSearch]) -> SavedSearch:
            wanted = search.name.casefold()
            searches[:] = [s for s in searches if s.name.casefold() != wanted]
            searches.insert(max(0, position - 1), search)
            return search

        return self._change(change)

    def status(self, search: SavedSearch, index: SearchIndex, library: Library) -> SearchStatus:
        """Its hit count and new matches now. Every match is looked at only when the library
        has articles the user may not have seen in it (added since, or outside the id log);
        otherwise nothing can be new and one count is enough."""
        positions = log_positions(library)
        unseen = [
            i
            for i in library.ids()
            if (
                positions[i] >= search.seen_log
                if i in positions
                else digest(i) not in search.seen_unlogged
            )
        ]
        if not unseen:
            return SearchStatus(search, strict_search(index, search.full_query).total, 0)
        found = index.match_ids(search.full_query)
        return SearchStatus(search, len(found), len(found.intersection(unseen)))

    def statuses(self, index: SearchIndex, library: Library) -> list[SearchStatus]:
        return [self.status(s, index, library) for s in self._read()]

    def mark_seen(self, name: str, index: SearchIndex, library: Library) -> SavedSearch:
        """The user opened it: every match it has now is no longer new."""
        search = self.get(name)
        positions = log_positions(library)
        outside = {i for i in library.ids() if i not in positions}
        found = index.match_ids(search.full_query) if outside else set()
        unlogged = frozenset(digest(i) for i in found & outside)
        log_length = max(positions.values(), default=-1) + 1

        def change(searches: list[SavedSearch]) -> SavedSearch:
            at = self._position(searches, name)
            searches[at] = replace(searches[at], seen_log=log_length, seen_unlogged=unlogged)
            return searches[at]

        return self._change(change)

    # Storage

    def _read(self) -> list[SavedSearch]:
        try:
            return parse(read_json(self.path, max_bytes=MAX_BYTES))
        except FileNotFoundError:
            return []
        except (BadJson, ValueError) as exc:
            try:
                self.problems.append(set_aside(self.path, f"not a saved-searches file ({exc})"))
            except OSError:  # it cannot be moved either: report it, and still never write it
                self.problems.append(CorruptFile(self.path, f"not a saved-searches file ({exc})"))
                raise self.problems[-1] from None
            return []

    def _change(self, change: Callable[[list[SavedSearch]], T]) -> T:
        with writing_in(self.path.parent), locked(self.path):
            searches = self._read()
            result = change(searches)
            write_atomic(self.path, render(searches))
        return result


def render(searches: list[SavedSearch]) -> str:
    document = {"format": FORMAT, "version": VERSION, "searches": [s.to_json() for s in searches]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _text(entry: dict[str, object], key: str, number: int, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"search #{number}: field '{key}' is not text")
    return value


def parse(data: object) -> list[SavedSearch]:
    """The searches of a saved-searches document; ValueError naming the field if it is not."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"field 'format' is not '{FORMAT}'")
    raw = data.get("searches")
    if not isinstance(raw, list):
        raise ValueError("field 'searches' is not a list")
    searches: list[SavedSearch] = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"search #{number} is not an object")
        filters = entry.get("filters", [])
        if not isinstance(filters, list) or not all(isinstance(f, str) for f in filters):
            raise ValueError(f"search #{number}: field 'filters' is not a list of texts")
        seen_log = entry.get("seen_log", 0)
        if not isinstance(seen_log, int) or isinstance(seen_log, bool) or seen_log < 0:
            raise ValueError(f"search #{number}: field 'seen_log' is not a line number")
        try:
            packed = base64.b64decode(_text(entry, "seen_unlogged", number, ""), validate=True)
        except ValueError:
            raise ValueError(f"search #{number}: field 'seen_unlogged' is not base64") from None
        if len(packed) % 4:
            raise ValueError(f"search #{number}: field 'seen_unlogged' is cut short")
        sort = _text(entry, "sort", number, "relevance")
        if sort not in SORTS:
            raise ValueError(f"search #{number}: field 'sort' is not {' or '.join(SORTS)}")
        try:
            name = _name(_text(entry, "name", number))
        except InvalidInput as exc:
            raise ValueError(f"search #{number}: {exc}") from None
        if any(s.name.casefold() == name.casefold() for s in searches):
            raise ValueError(f"search #{number}: the name '{name}' is used twice")
        searches.append(
            SavedSearch(
                name,
                _text(entry, "query", number),
                sort,
                tuple(filters),
                seen_log,
                frozenset(np.frombuffer(packed, dtype="<u4").tolist()),
            )
        )
    return searches
