"""A saved news page's article and metadata, read by trafilatura (with htmldate for dates).

Measured on the 181 pages of the shared HTML benchmark (docs/benchmarks.md, "Web pages"),
trafilatura finds the article among menus, teasers, share buttons and comments far better
than our own rules did (body F1 0.81 before), and htmldate finds the publication date where
our date patterns found it on 1 page in 10. It is used strictly on the text we pass it:
``bare_extraction`` on a string never fetches (``fetch_url`` is never called, and a test runs
it with sockets forbidden), and with deduplication off it keeps no state between pages.

Our own rules sit on top only where the metadata table (tests/samples/html_meta.json) showed
a need, in this order of trust:
- title: the page's visible ``<h1>`` when a metadata title (JSON-LD headline, og:title,
  ``<title>``) confirms it, since og:title can be a section name or carry the site's name;
  otherwise the first metadata title with the site's name cut off; entities such as
  ``&#163;`` are decoded once more where a site escaped them twice;
- site: ``og:site_name`` unless it is a web address, then trafilatura's site name;
- author: the people the JSON-LD names, else trafilatura's (meta tags, visible byline);
- date: trafilatura's (htmldate: meta tags, JSON-LD, ``<time>``, the visible page, the URL).
What trafilatura refuses (too little text for it) is left to the caller's fallback.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.importers.doc_blocks import Part, Quote, Table
from app.core.importers.markdown_blocks import Block, BlockKind, one_line

# lxml and trafilatura (with htmldate, courlan, jusText) are imported where a page is read,
# not with this module: every window and CLI start imports the importers, and these take
# 0.2-1 s to load (the bundle's start-up test checks they stay out).
if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger("readmark.import.web")
# The libraries log what they discard ("discarding data: None") as warnings; with no
# handler of their own Python would print those on the CLI's stderr.
for _library in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\s*\n\s*url:\s*(\S+)", re.I)
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w=.+-]+)*,[^\"'()\s]{256,}")
_SITE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+|^\s*|\s*$")
# Elements that hold blocks rather than text of their own.
_CONTAINERS = {"body", "div", "list", "quote", "table", "main", "doc"}
_KINDS: dict[str, BlockKind] = {"p": "paragraph", "head": "subheading", "item": "item"}


@dataclass
class Extracted:
    """What the library and our rules found in one page; ``body`` is empty when refused."""

    blocks: list[Part] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None
    keywords: list[str] = field(default_factory=list)

    def extra(self) -> dict[str, object]:
        """What the front matter keeps beyond the article fields (only what the page has)."""
        found = {"language": self.language, "description": self.description}
        kept: dict[str, object] = {k: v for k, v in found.items() if v}
        if self.keywords:
            kept["keywords"] = self.keywords
        return kept


def _keywords(document: object) -> list[str]:
    """The page's own keywords and categories (meta keywords, article:tag, JSON-LD), each
    once, ignoring case, in the page's order."""
    found: list[str] = []
    for attribute in ("tags", "categories"):
        for raw in getattr(document, attribute, None) or []:
            for word in str(raw).split(","):
                text = one_line(word)
                if text and len(text) <= 60 and text.casefold() not in map(str.casefold, found):
                    found.append(text)
    return found[:20]


def _language(tree: _Element, document: object) -> str | None:
    """The language the page declares (``<html lang>``), else the library's reading."""
    declared = str(tree.get("lang") or "").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", declared):
        return declared.replace("_", "-")
    found = getattr(document, "language", None)
    return str(found) if found else None


def _text(element: _Element) -> str:
    """An element's words, line breaks as spaces; a nested list is left to its own items."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag != "list":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return one_line("".join(parts))


def body_blocks(body: _Element) -> list[Part]:
    """trafilatura's XML body (p, head, list/item, quote, table/row/cell, code) as blocks,
    a quote's paragraphs as block quotes and a table as one (``doc_blocks`` writes both, as
    for word-processor documents)."""
    blocks: list[Part] = []

    def walk(element: _Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "table":
                rows = [tuple(_text(c) for c in r if c.tag == "cell") for r in child.iter("row")]
                blocks.append(Table(tuple(row for row in rows if any(row))))
            elif tag == "quote":
                said = [child.text or ""]
                for part in child:
                    said += [_text(part), part.tail or ""]
                blocks.extend(Quote(one_line(text)) for text in said if one_line(text))
            elif tag == "code":
                blocks.append(Block("preformatted", "".join(child.itertext())))
            elif tag in _KINDS:
                blocks.append(Block(_KINDS[tag], _text(child)))
                walk_nested(child)
            elif tag in _CONTAINERS:
                if child.text and child.text.strip():
                    blocks.append(Block("paragraph", one_line(child.text)))
                walk(child)
            else:
                blocks.append(Block("paragraph", one_line("".join(child.itertext()))))
            if tag in _CONTAINERS and child.tail and child.tail.strip():
                blocks.append(Block("paragraph", one_line(child.tail)))

    def walk_nested(element: _Element) -> None:
        for nested in element:
            if nested.tag == "list":
                walk(nested)

    walk(body)
    return [b for b in blocks if (b.rows if isinstance(b, Table) else b.text.strip())]


def _json_ld(tree: _Element) -> list[dict[str, object]]:
    """The JSON-LD objects of the page that have a headline (the article's own)."""
    found: list[dict[str, object]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for item in data if isinstance(data, list) else [data]:
            graph = item.get("@graph", [item]) if isinstance(item, dict) else []
            for node in graph if isinstance(graph, list) else []:
                if isinstance(node, dict) and isinstance(node.get("headline"), str):
                    found.append(node)
    return found


def json_ld_author(tree: _Element) -> str | None:
    """The people the article's JSON-LD names as its authors: a site's author meta tag is
    often its publisher ("Condé Nast"), the JSON-LD its writer."""
    for node in _json_ld(tree):
        authors = node.get("author")
        people = authors if isinstance(authors, list) else [authors]
        names = [
            one_line(html.unescape(p["name"]))
            for p in people
            if isinstance(p, dict) and p.get("@type") == "Person" and isinstance(p.get("name"), str)
        ]
        if any(names):
            return "; ".join(n for n in names if n)
    return None


def _page_titles(tree: _Element) -> tuple[list[str], list[str]]:
    """The visible ``<h1>`` texts, and the metadata titles in order of trust."""
    h1s = [one_line(h.text_content()) for h in tree.iter("h1")]
    meta = [str(node["headline"]) for node in _json_ld(tree)]
    meta += tree.xpath("//meta[@property='og:title']/@content")
    meta += [t.text_content() for t in tree.iter("title")][:1]
    return [h for h in h1s if h], [one_line(html.unescape(t)) for t in meta if one_line(t)]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def without_site(title: str, site: str | None, host: str | None) -> str:
    """``title`` with a leading or trailing site name ("... | TheHill") cut off."""
    names = {_key(n) for n in (site, host, (host or "").split(".")[0]) if n}
    parts = [p for p in _SITE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1:
        if any(_key(parts[-1]) in names or (n and n in _key(parts[-1])) for n in names):
            return one_line(title[: title.rfind(parts[-1])].rstrip(" |-–—:·»"))
        if _key(parts[0]) in names:
            return one_line(title[len(parts[0]) :].lstrip(" |-–—:·»"))
    return title


def choose_title(tree: _Element, site: str | None, host: str | None, fallback: str | None) -> str:
    h1s, meta = _page_titles(tree)
    sites = {_key(n) for n in (site, host) if n}
    for heading in h1s:
        key = _key(heading)
        if key in sites:  # the site's name set as a heading, as a logo
            continue
        if len(key) >= 8 and any(key in _key(m) or _key(m) in key for m in meta if _key(m)):
            return heading
    for candidate in [*meta, fallback or ""]:
        if candidate:
            return without_site(candidate, site, host)
    return h1s[0] if h1s else ""


def _site(tree: _Element, found: str | None) -> str | None:
    for name in tree.xpath("//meta[@property='og:site_name']/@content"):
        name = one_line(html.unescape(name))
        if name and not re.match(r"(?i)https?://|www\.", name):
            return name
    return one_line(found or "") or None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def without_inlined_resources(page: str) -> str:
    """Large ``data:`` URIs (SingleFile's pictures, fonts, styles) cut to nothing: they are
    no text, and megabytes of base64 would only slow the reading."""
    return _DATA_URI.sub("data:,", page)


def singlefile_url(page: str) -> str | None:
    """The address SingleFile notes in the comment it puts at the top of a saved page."""
    found = _SINGLEFILE.search(page[:8192])
    return found.group(1) if found else None


def extract(page: str, url: str | None = None) -> Extracted:
    """The article and metadata of one page; blocks are empty when the library found none.

    ``url`` is where the page came from when the caller knows it (a WARC record's target).
    lxml and the library fail on some malformed pages in their own ways (lxml asserts on a
    page that is one ``<svg>``); for the import that is the same as the library finding no
    article, so the caller's own reader takes over.
    """
    page = _XML_DECLARATION.sub("", page, count=1)  # lxml refuses one in a decoded string
    try:
        return _extract(page, url)
    except Exception as exc:  # the library and lxml raise their own kinds
        log.debug("trafilatura could not read a page: %r", exc)
        return Extracted()


def _extract(page: str, url: str | None) -> Extracted:
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError
    from trafilatura.settings import Document

    try:
        tree = lxml.html.fromstring(page)
    except (ParserError, ValueError):
        return Extracted()
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": True, "original_date": True},
    )
    if not isinstance(document, Document):  # None: the library found no article
        tree = lxml.html.fromstring(page)
        site = _site(tree, None)
        return Extracted(title=choose_title(tree, site, None, None) or None, source=site)
    metadata_tree = lxml.html.fromstring(page)  # trafilatura prunes the tree it was given
    site = _site(metadata_tree, document.sitename)
    title = choose_title(metadata_tree, site, document.hostname, document.title)
    return Extracted(
        blocks=body_blocks(document.body) if document.body is not None else [],
        title=title or None,
        author=json_ld_author(metadata_tree) or one_line(document.author or "") or None,
        date=_date(document.date),
        source=site,
        url=document.url or url,
        language=_language(metadata_tree, document),
        description=one_line(document.description or "") or None,
        keywords=_keywords(document),
    )
