"""Test helper: an imported article keeps the words of its source, in order.

A word is a run of letters or digits; punctuation and Markdown markup are not words. The
article side is read from what the reader shows: the title, byline and date-marker fields
the importer lifted out of the text (``header``, in source order) followed by the plain text
the body renders to (``app.core.render``), so a word that Markdown would swallow (a leading
``1.``, ``<Company>``, ``*``) counts as lost.
"""

import re
from collections.abc import Sequence

from app.core.article import Article
from app.core.render import render

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def article_words(article: Article, header: Sequence[str]) -> list[str]:
    return words(" ".join(header)) + words(render(article.body).text)


def wording_problem(source_text: str, article: Article, header: Sequence[str]) -> str | None:
    """None when the words match; otherwise where they first differ, for the assertion."""
    expected = words(source_text)
    actual = article_words(article, header)
    if expected == actual:
        return None
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    return (
        f"{article.imported_from}: words differ at word {at} "
        f"(source {len(expected)} words, article {len(actual)}): "
        f"source {expected[max(0, at - 3) : at + 4]} vs article {actual[max(0, at - 3) : at + 4]}"
    )


def assert_wording_kept(source_text: str, article: Article, header: Sequence[str]) -> None:
    problem = wording_problem(source_text, article, header)
    assert problem is None, problem


def title_is_from_text(article: Article) -> bool:
    """An inferred title is a run of the body's own words (the user can edit it later)."""
    title, body = words(article.title), words(render(article.body).text)
    return any(body[i : i + len(title)] == title for i in range(len(body) - len(title) + 1))
