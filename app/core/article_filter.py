"""Narrowing the article list by tag, source, date and search query: the filters of
``readmark list``, written once in the core so the window's list can use the same rules."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.index.dates import DATE_HELP, BadDate, period


@dataclass(frozen=True)
class ArticleFilter:
    """Every given condition must hold; None means "any". ``tags`` match an article's own
    tags or those of its highlights, ignoring case; ``source`` matches any part of the
    source's name, ignoring case; undated articles never pass a date bound."""

    tag: str | None = None
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    ids: frozenset[str] | None = None

    def keeps(self, article: Article, highlight_tags: Iterable[str] = ()) -> bool:
        if self.ids is not None and article.id not in self.ids:
            return False
        if self.source is not None and self.source.casefold() not in (
            (article.source or "").casefold()
        ):
            return False
        if self.tag is not None:
            wanted = self.tag.lstrip("#").casefold()
            if wanted not in {t.casefold() for t in [*article.tags, *highlight_tags]}:
                return False
        if self.since is not None or self.until is not None:
            if article.date is None:
                return False
            if self.since is not None and article.date < self.since:
                return False
            if self.until is not None and article.date > self.until:
                return False
        return True


def bound(text: str | None, *, last: bool, option: str) -> dt.date | None:
    """A ``--since``/``--until`` value: a year, month or day; ``--until 2024`` means the
    end of 2024, ``--since 2024`` its start."""
    if text is None:
        return None
    try:
        first_day, last_day = period(text)
    except BadDate:
        raise InvalidInput(
            f"{option} '{text}' is not a date; {DATE_HELP.replace('date:', '')}"
        ) from None
    return last_day if last else first_day
