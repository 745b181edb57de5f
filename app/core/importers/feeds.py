"""RSS 0.9x-2.0, RSS 1.0, Atom (read by feedparser) and JSON Feed files: one article per item.

An item's full text is taken where the feed carries it (``content:encoded``, Atom
``content``, JSON Feed ``content_html``/``content_text``); an item with only a summary is
imported as that summary, marked ``content: summary`` in the front matter and named in the
report, so nobody mistakes it for the article. HTML goes through the web-page importer, which
drops scripts, images (tracking pixels included) and embedded media.

Nothing is fetched: feedparser is given the bytes as a stream (a string could be taken for a
URL or a file name), relative links are not resolved, and a feed that declares XML entities
is refused before parsing (an external entity could read a local file, nested ones expand
without bound: the "billion laughs"). Each item keeps its guid (its id, else its link) in
the front matter, and a later import of the same feed skips the items whose guid the library
already holds, so only new items are added.
"""

import datetime as dt
import html
import io
import json
import re
import time
from typing import Any

from app.core.errors import ImportFailed
from app.core.importers.doc_blocks import property_date
from app.core.importers.draft import Draft, has_letters
from app.core.importers.html_page import parse_html
from app.core.importers.markdown_blocks import Block, one_line, to_markdown
from app.core.importers.plaintext import infer_title, shorten
from app.core.importers.records import Result, read_records

GUID = "guid"  # the front-matter key the runner matches a re-imported item on
SUMMARY_WARNING = "the feed carries only a summary of this item, not its full text"
_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)\b")
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!--|<!DOCTYPE|<rss|<feed|<rdf)", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_CLOSED = re.compile(rb"</(?:rss|feed|rdf:RDF|RDF)>\s*(?:<!--.*?-->\s*)*\Z", re.S)
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_TAG = re.compile(r"<[^<>]*>")
# RSS 2.0 writes an author as "email (Name)"; the name is the author.
_RSS_AUTHOR = re.compile(r"^[^\s@()]+@[^\s()]+\s*\((.+)\)$")


def looks_like_feed(head: bytes) -> bool:
    """An XML file whose root is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``, or a JSON Feed."""
    start = head[:4096]
    if start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _JSON_FEED.search(start) is not None
    return _XML_START.match(start) is not None and _ROOT.search(start) is not None


def _plain(value: str, kind: str) -> str:
    """A title or name as text: markup removed when the feed says it is HTML."""
    if "html" in kind:
        value = html.unescape(_TAG.sub(" ", value))
    return one_line(value)


def _body(value: str, kind: str, where: str) -> str:
    """HTML through the web-page importer; plain text as paragraphs."""
    if "html" in kind:
        if not has_letters(_TAG.sub("", value)):
            return ""
        return parse_html(f"<html><body>{value}</body></html>", where).body
    return to_markdown(Block("paragraph", p) for p in re.split(r"\n\s*\n", value))


def _item_draft(
    where: str,
    feed_title: str,
    *,
    title: str,
    content: tuple[str, str] | None,
    summary: tuple[str, str] | None,
    **fields: Any,
) -> Draft:
    """One item, from whichever fields its format has: full content first, else summary."""
    body = ""
    warnings: list[str] = []
    extra: dict[str, str] = {}
    if content is not None:
        body = _body(content[0], content[1], where)
    if not has_letters(body) and summary is not None:
        body = _body(summary[0], summary[1], where)
        if has_letters(body):
            extra["content"] = "summary"
            warnings.append(SUMMARY_WARNING)
    if not has_letters(title) and not has_letters(body):
        raise ImportFailed(where, "an item with no title and no text")
    guid = fields.pop("guid") or fields.get("url")
    if guid:
        extra[GUID] = guid
    return Draft(
        title=shorten(title, 300) if has_letters(title) else infer_title(body) or where,
        body=body,
        source=feed_title or None,
        imported_from=where,
        extra=extra,
        warnings=warnings,
        **fields,
    )


def _date(parsed: time.struct_time | None) -> dt.date | None:
    if parsed is None:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None


def _xml_item(entry: Any, where: str, feed_title: str) -> Draft:
    contents = entry.get("content") or []
    chosen = next((c for c in contents if "html" in c.get("type", "")), None)
    chosen = chosen or (contents[0] if contents else None)
    summary_detail = entry.get("summary_detail") or {}
    title_detail = entry.get("title_detail") or {}
    return _item_draft(
        where,
        feed_title,
        title=_plain(entry.get("title", ""), title_detail.get("type", "")),
        content=(chosen.get("value", ""), chosen.get("type", "")) if chosen else None,
        summary=(entry["summary"], summary_detail.get("type", "text/html"))
        if entry.get("summary")
        else None,
        author=_RSS_AUTHOR.sub(r"\1", one_line(entry.get("author", ""))) or None,
        date=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        url=one_line(entry.get("link", "")) or None,
        tags=list(dict.fromkeys(t for tag in entry.get("tags") or [] if (t := _term(tag)))),
        guid=one_line(entry.get("id", "")) or None,
    )


def _term(tag: Any) -> str:
    return one_line(str(tag.get("label") or tag.get("term") or ""))


def parse_xml_feed(data: bytes, name: str) -> Result:
    root = _ROOT.search(data)
    if _ENTITY.search(data[: root.start() if root else len(data)]):
        raise ImportFailed(
            name,
            "the feed declares XML entities (refused: they could expand without bound or "
            "read other files)",
        )
    # Imported here, not with the module: every window and CLI start imports the importers,
    # and feedparser takes tens of milliseconds to load (the bundle's start-up test checks).
    import feedparser

    try:
        parsed = feedparser.parse(
            io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as exc:  # feedparser's loose parser raises what it meets (ValueError...)
        detail = one_line(f"{type(exc).__name__}: {exc}")[:160]
        raise ImportFailed(name, f"a feed that cannot be read ({detail})") from None
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({one_line(str(problem))[:160]})" if problem else ""
        raise ImportFailed(name, f"a feed with no items{why}")
    entries = list(parsed.entries)
    cut: list[ImportFailed] = []
    if _CLOSED.search(data[-256:]) is None:  # the file stops before its closing tag
        if len(entries) == 1:
            raise ImportFailed(name, "the feed is cut short inside its first item")
        where = f"{name}#{len(entries)}"
        cut.append(ImportFailed(where, "the feed is cut short inside this item: not imported"))
        entries.pop()
    feed = parsed.feed
    feed_title = _plain(feed.get("title", ""), (feed.get("title_detail") or {}).get("type", ""))
    items = ((f"{name}#{n}", entry) for n, entry in enumerate(entries, start=1))
    drafts, failures = read_records(
        items, lambda entry, where: _xml_item(entry, where, feed_title), name, "no items"
    )
    return drafts, failures + cut


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _json_item(item: object, where: str, feed_title: str) -> Draft:
    if not isinstance(item, dict):
        raise ImportFailed(where, "an item that is not a JSON object")
    authors = item.get("authors") or [item.get("author")]
    names = [one_line(_text(a.get("name"))) for a in authors if isinstance(a, dict)]
    html_text, plain = _text(item.get("content_html")), _text(item.get("content_text"))
    tags = item.get("tags")
    tags = tags if isinstance(tags, list) else []
    return _item_draft(
        where,
        feed_title,
        title=one_line(_text(item.get("title"))),
        content=(html_text, "text/html") if html_text else (plain, "text/plain") if plain else None,
        summary=(_text(item.get("summary")), "text/plain") if item.get("summary") else None,
        author=", ".join(n for n in names if n) or None,
        date=property_date(_text(item.get("date_published") or item.get("date_modified"))),
        url=one_line(_text(item.get("url") or item.get("external_url"))) or None,
        tags=list(dict.fromkeys(one_line(t) for t in tags if isinstance(t, str) and t.strip())),
        guid=one_line(str(item.get("id") or "")) or None,
    )


def parse_json_feed(data: bytes, name: str) -> Result:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFailed(name, f"a damaged JSON Feed ({one_line(str(exc))[:160]})") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ImportFailed(name, "a JSON Feed without an items list")
    feed_title = one_line(_text(feed.get("title")))
    numbered = ((f"{name}#{n}", item) for n, item in enumerate(items, start=1))
    return read_records(
        numbered,
        lambda item, where: _json_item(item, where, feed_title),
        name,
        "a feed with no items",
    )


def parse_feed(data: bytes, name: str) -> Result:
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return parse_json_feed(data, name)
    return parse_xml_feed(data, name)
