"""What an operation changed, as a value every view can read for itself."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.core.errors import ReadmarkError

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Which parts of the user's data one operation touched.

    ``annotated`` are articles whose annotations changed (sidebar, reader highlights, tag
    counts); ``annotations`` the annotation ids to bring on screen; ``articles`` articles
    whose file changed (details, import, trash); ``article_set`` is True when articles came
    or went (the list's rows); ``codebook`` and ``saved_searches`` their files; ``index``
    says the search index needs a sync to see the change (annotation writes update the
    index themselves, so they leave it False); ``indexed`` are articles whose search
    documents the index has just changed (the window's annotation updates, which land after
    the save: results may differ now).
    """

    annotated: frozenset[str] = frozenset()
    annotations: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    article_set: bool = False
    codebook: bool = False
    saved_searches: bool = False
    index: bool = False
    indexed: frozenset[str] = frozenset()

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            annotated=self.annotated | other.annotated,
            annotations=self.annotations | other.annotations,
            articles=self.articles | other.articles,
            article_set=self.article_set or other.article_set,
            codebook=self.codebook or other.codebook,
            saved_searches=self.saved_searches or other.saved_searches,
            index=self.index or other.index,
            indexed=self.indexed | other.indexed,
        )

    def __bool__(self) -> bool:
        return bool(
            self.annotated
            or self.annotations
            or self.articles
            or self.article_set
            or self.codebook
            or self.saved_searches
            or self.index
            or self.indexed
        )


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation's result: what it made or found, what it changed, and the problems met
    on the way that did not stop it (a damaged file set aside), each one sentence for the
    CLI's stderr or the window's message bar."""

    value: T
    changes: Changes = field(default_factory=Changes)
    problems: tuple[ReadmarkError, ...] = ()


def annotation_changes(article_id: str, *annotation_ids: str) -> Changes:
    """The changes of an edit to annotations of one article."""
    return Changes(annotated=frozenset({article_id}), annotations=frozenset(annotation_ids))
