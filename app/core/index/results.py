"""What a search returns: plain data the window, the CLI and the tests read alike."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchHit:
    """One matching article. ``positions`` are code-point ranges of every hit in
    ``render(article.body).text``; ``snippet_marks`` are ranges in ``snippet_text``."""

    id: str
    title: str
    author: str | None
    source: str | None
    date: dt.date | None
    score: float
    snippet_text: str
    snippet_html: str
    snippet_marks: list[tuple[int, int]]
    positions: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "score": round(self.score, 4),
            "snippet": self.snippet_text,
            "snippet_html": self.snippet_html,
            "positions": [list(p) for p in self.positions],
        }


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    error_hint: str | None = None
    notice: str | None = None
    elapsed_ms: float = 0.0
    # Reading the index failed mid-search: it is marked for a rebuild (see SearchIndex.sync).
    index_damaged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "offset": self.offset,
            "hits": [h.to_json() for h in self.hits],
            "facets": {k: [list(item) for item in v] for k, v in self.facets.items()},
            "suggestion": self.suggestion,
            "error_hint": self.error_hint,
            "notice": self.notice,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


@dataclass(frozen=True)
class IndexState:
    """``status`` is "ready", "busy" (another process is writing; searches see the last
    committed index), "missing" or "broken" (the next sync rebuilds it)."""

    status: str
    message: str
    documents: int = 0
