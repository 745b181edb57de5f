"""Editing an article's details (title, author, date, source, URL, tags): one rule for what
each field accepts, shared by the window's details dialog and ``readmark edit``.

The details live in the article's front matter, one line each, so a value may not hold a
line break or a control character (it would change the YAML's shape), nor text that UTF-8
cannot store. The body is never touched: ``Library.save_metadata`` rewrites only the front
matter, and the index picks the change up at its next sync.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.library import Library
from app.core.valid_text import check_text

FIELDS = ("title", "author", "date", "source", "url", "tags")
MAX_FIELD_CHARS = 1000
URL_SCHEMES = ("http", "https")


def split_tags(text: str) -> list[str]:
    """Article tags typed as one line: comma-separated, spaces trimmed, duplicates (ignoring
    case) dropped, the first spelling and the order kept."""
    return unique_tags(text.split(","))


def unique_tags(tags: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for raw in tags:
        tag = _line(raw.strip(), "a tag")
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept


def _line(value: str, field: str) -> str:
    check_text(value, field)
    if len(value) > MAX_FIELD_CHARS:
        raise InvalidInput(f"{field} is longer than {MAX_FIELD_CHARS} characters")
    if not value.isprintable():
        raise InvalidInput(f"{field} holds a line break or a control character")
    return value


def _optional(value: str, field: str) -> str | None:
    return _line(value.strip(), field) or None


def parse_date(value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"the date '{text[:40]}' is not a date like 2024-07-05") from None


def parse_url(value: str) -> str | None:
    """Only web addresses: the reader offers to open this in a browser, so a ``file:`` or
    ``javascript:`` address must never get there."""
    text = _optional(value, "the URL")
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        raise InvalidInput(f"the URL '{text[:80]}' is not a web address (http:// or https://)")
    return text


def with_details(article: Article, changes: Mapping[str, str | list[str]]) -> Article:
    """A copy of ``article`` with the given fields changed. Text fields take a string (empty
    clears an optional one); ``tags`` a list or one comma-separated string. Raises
    ``InvalidInput`` naming the first field that cannot be saved."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"unknown article field(s): {', '.join(unknown)}")
    updates: dict[str, object] = {}
    for name, value in changes.items():
        if name == "tags":
            updates["tags"] = split_tags(value) if isinstance(value, str) else unique_tags(value)
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"the {name} must be text")
        if name == "title":
            title = _optional(value, "the title")
            if title is None:
                raise InvalidInput("the title cannot be empty")
            updates["title"] = title
        elif name == "date":
            updates["date"] = parse_date(value)
        elif name == "url":
            updates["url"] = parse_url(value)
        else:
            updates[name] = _optional(value, f"the {name}")
    return dataclasses.replace(article, **updates)  # type: ignore[arg-type]


def edit_details(
    library: Library, article_id: str, changes: Mapping[str, str | list[str]]
) -> tuple[Article, Article]:
    """Validate and save new details for an article; returns (before, after), the pair an
    undo needs."""
    before = library.get(article_id)
    after = with_details(before, changes)
    library.save_metadata(after)
    return before, after
