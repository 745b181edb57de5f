"""An article of the library whose body stays in its file until someone reads it.

Listing, sorting, filtering and counting a library need its articles' fields, never their
text; holding 250,000 bodies cost most of a 714 MB start. ``StoredArticle`` is an ``Article``
made from the library's metadata row: ``body``, ``extra``, ``path`` and ``tags`` are left
unset and made on first access (``__getattr__`` runs only for an unset slot), so code written for
``Article`` works unchanged and pays one file read only where it really uses the text.
"""

import copy
from dataclasses import fields
from pathlib import Path
from typing import Any

from app.core.article import Article, split_front_matter
from app.core.errors import NotFound
from app.core.text_decode import decode_bytes

_FIELDS = tuple(f.name for f in fields(Article))
_BODY_SLOT: Any = Article.__dict__["body"]  # reads the slot without calling __getattr__


class StoredArticle(Article):
    """An ``Article`` of the library, its body read from its file when first used.

    The body read is the file's text at that moment; the fields are those of the library's
    last scan. Setting ``body`` works as on any ``Article``.
    """

    __slots__ = ("_extra", "_hash", "_rel", "_root", "_tags")
    _root: Path
    _rel: str
    _hash: str
    _extra: dict[str, Any] | None
    _tags: tuple[str, ...]

    @classmethod
    def of(
        cls, root: Path, rel: str, content_hash: str, extra: dict[str, Any] | None,
        article_id: str, title: str, author: str | None, date: Any, source: str | None,
        url: str | None, tags: tuple[str, ...], imported_from: str | None,
    ) -> "StoredArticle":  # fmt: skip
        article = cls.__new__(cls)
        article._root, article._rel, article._hash, article._extra = root, rel, content_hash, extra
        article.id, article.title, article.author, article.date = article_id, title, author, date
        article.source, article.url, article._tags = source, url, tags
        article.imported_from = imported_from
        return article

    def __getattr__(self, name: str) -> Any:
        """Called only for a slot not set yet: the lazy ones are made and kept."""
        if name == "path":
            path = self.path = self._root / self._rel
            return path
        if name == "tags":  # a list of its own (callers may change it), made when used
            tags = self.tags = list(self._tags)
            return tags
        if name == "extra":
            extra = self.extra = copy.deepcopy(self._extra) if self._extra else {}
            return extra
        if name == "body":
            body = self.body = read_body(self._root / self._rel, self.id)
            return body
        raise AttributeError(name)

    @property
    def content_hash(self) -> str:
        """The hash the library recorded, until the body is read or set (then its own)."""
        try:
            _BODY_SLOT.__get__(self, Article)
        except AttributeError:
            return self._hash
        return super().content_hash

    def __eq__(self, other: object) -> bool:
        """Equal to any ``Article`` with the same fields (a dataclass compares classes)."""
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, like Article


def read_body(path: Path, article_id: str) -> str:
    """The body of an article file as it is now; NotFound naming the file when it is gone or
    unreadable (deleted or moved since the library was scanned)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound(
            f"the file of article '{article_id}' cannot be read ({path}: "
            f"{exc.strerror or exc}); refresh the library"
        ) from None
    return split_front_matter(decode_bytes(data, path))[1]
