"""Markdown files, with or without YAML front matter.

The body is already Markdown and is kept as written. Metadata comes from the front matter;
what it lacks is inferred from the text (a leading ``# heading`` is the title). Broken YAML
is reported, the body still imported, and the unreadable block kept verbatim in the
article's front matter (``unparsed_front_matter``) so nothing the user wrote is lost.
"""

import re
from typing import Any

from app.core.article import FrontMatterError, article_from_fields, parse_front_matter
from app.core.errors import ImportFailed
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import clean_text
from app.core.importers.plaintext import infer_title, shorten

_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*\n+")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


def has_front_matter(text: str) -> bool:
    return bool(_FRONT.match(clean_text(text[:65536]).lstrip("\ufeff")))


def looks_like_markdown(text: str) -> bool:
    """Front matter at the top, or a ``# heading`` first: Markdown rather than plain text."""
    head = clean_text(text[:65536]).lstrip("\ufeff")
    return bool(_FRONT.match(head) or _HEADING.match(head))


def parse_markdown(text: str, name: str) -> Draft:
    text = clean_text(text).lstrip("\ufeff")
    warnings: list[str] = []
    meta: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    body = text
    match = _FRONT.match(text)
    if match:
        body = text[match.end() :]
        try:
            meta = parse_front_matter(match.group(1))
        except FrontMatterError as exc:
            warnings.append(f"{exc}; metadata inferred from the text")
            extra["unparsed_front_matter"] = match.group(1)
    if not body.strip() and not meta.get("title"):
        raise ImportFailed(name, "empty file: nothing to import")
    if not has_letters(body) and not meta.get("title"):
        raise ImportFailed(name, "no text: the file has no letters")
    fields = article_from_fields(meta, body, fallback_id="")
    title = fields.title if meta.get("title") is not None else ""
    heading = _HEADING.match(body)
    if heading and (not title or heading.group(1).strip() == title):
        # the heading is the title: shown once, above the body, not twice
        title, body = heading.group(1).strip(), body[heading.end() :]
    if not title:
        title = infer_title(next((p for p in body.split("\n") if has_letters(p)), "")) or name
    if meta.get("date") is not None and fields.date is None:
        warnings.append(f"date '{meta['date']}' is not a date; left empty")
    return Draft(
        title=shorten(title, 300),
        body=body.strip("\n") + "\n",
        author=fields.author,
        date=fields.date,
        source=fields.source,
        url=fields.url,
        tags=fields.tags,
        imported_from=name,
        wanted_id=fields.id or None,
        extra={**fields.extra, **extra},
        warnings=warnings,
    )


def parse(data: str, name: str) -> list[Draft]:
    return [parse_markdown(data, name)]
