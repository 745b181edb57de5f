"""What a format importer produces: an article before the library gives it an id."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Single-article files larger than this are not news articles (and would stall the reader
# and the index); they are refused with a message instead of being read into memory.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


@dataclass
class Draft:
    """Metadata and Markdown body inferred from one source; ``warnings`` go to the report."""

    title: str
    body: str
    author: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    imported_from: str | None = None
    wanted_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
