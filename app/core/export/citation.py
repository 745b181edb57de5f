"""Citations of articles: a readable line for notes, and CSL-JSON for Zotero and pandoc."""

import contextlib
import datetime as dt
import re
from typing import Any

from app.core.annotations.model import article_urn
from app.core.article import Article

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|&|\band\b|,\s*(?=\S+\s+\S))\s*")
_ORGANISATION_WORDS = {"news", "agency", "press", "staff", "reuters", "bbc", "desk", "editors"}


def source_uri(article_id: str, article: Article | None) -> str:
    """Where an annotation points outside Readmark: the article's URL when known."""
    if article is not None and article.url:
        return article.url
    return article_urn(article_id)


def _names(author: str) -> list[dict[str, str]]:
    """CSL name objects; a byline that does not look like "Given Family" stays literal."""
    names: list[dict[str, str]] = []
    for part in (p.strip() for p in _AUTHOR_SPLIT.split(author)):
        if not part:
            continue
        words = part.split()
        is_person = 2 <= len(words) <= 4 and not any(
            w.casefold().strip(".") in _ORGANISATION_WORDS for w in words
        )
        if is_person:
            names.append({"family": words[-1], "given": " ".join(words[:-1])})
        else:
            names.append({"literal": part})
    return names


def csl_item(article_id: str, article: Article | None) -> dict[str, Any]:
    """One CSL-JSON item (type article-newspaper) for an article; the id is the Readmark id,
    so a citation key stays the same across exports."""
    if article is None:
        return {"id": article_id, "type": "article-newspaper", "title": article_id}
    item: dict[str, Any] = {"id": article_id, "type": "article-newspaper", "title": article.title}
    if article.author:
        item["author"] = _names(article.author)
    if article.source:
        item["container-title"] = article.source
    if article.date:
        item["issued"] = {"date-parts": [[article.date.year, article.date.month, article.date.day]]}
    if article.url:
        item["URL"] = article.url
        accessed = accessed_date(article)
        if accessed is not None:
            item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


def accessed_date(article: Article) -> dt.date | None:
    """When the web page was read: an ``accessed`` field in its front matter, else the day
    its file was saved in the library (an import is when the page was captured)."""
    given = article.extra.get("accessed")
    if isinstance(given, dt.date):
        return given
    if isinstance(given, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(given.strip()[:10])
    if article.path is None:
        return None
    try:
        return dt.datetime.fromtimestamp(article.path.stat().st_mtime, dt.UTC).date()
    except OSError:
        return None


def citation_line(article_id: str, article: Article | None) -> str:
    """Author, "Title", *Source*, date, <URL>: the line under each article's heading."""
    if article is None:
        return f"Article `{article_id}` is no longer in the library."
    parts = []
    if article.author:
        parts.append(article.author)
    parts.append(f"“{article.title}”")
    if article.source:
        parts.append(f"*{article.source}*")
    elif article.path is not None:
        parts.append(f"*{article.path.name}*")  # where it came from is at least this file
    if article.date:
        parts.append(article.date.isoformat())
    line = ", ".join(parts) + "."
    if article.url:
        line += f" <{article.url}>"
    return line


def article_links(article: Article) -> str:
    """Links back to the article from notes pasted elsewhere (Obsidian, a word processor):
    its file in the library, which any Markdown tool opens, and its web address if known."""
    links = []
    if article.path is not None:
        links.append(f"[{article.path.name}]({article.path.resolve().as_uri()})")
    if article.url:
        links.append(f"[web]({article.url})")
    return "Article: " + " · ".join(links) if links else f"Article id: `{article.id}`"
