"""An article listed beside the one being read: a related article or another version.

Both lists show the same things (title, date, source and how close it is) and the window
opens one with a click, so one type serves both; only the name of the closeness differs.
"""

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Self

from app.core.article import Article


@dataclass(frozen=True)
class Neighbour:
    id: str
    title: str
    date: dt.date | None
    source: str | None
    score: float
    SCORE_NAME: ClassVar[str] = "score"

    @classmethod
    def of(cls, article: Article, score: float) -> Self:
        return cls(article.id, article.title, article.date, article.source, score)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            self.SCORE_NAME: round(self.score, 4),
        }
