"""Saved HTML news pages: metadata from the head, the article element's text as Markdown.

Uses the standard library's tolerant ``html.parser``: pages saved from the web are rarely
valid, and a full HTML5 parser would be a new dependency for little gain here. Only text is
kept: scripts, styles, forms, navigation, images (remote or not) and embedded media are
dropped, inline markup is reduced to its words, blocks become paragraphs, subheadings, list
items and captions.
"""

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from app.core.errors import ImportFailed
from app.core.importers import web_extract
from app.core.importers.dates import find_date
from app.core.importers.doc_blocks import parts_to_markdown
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, BlockKind, one_line, to_markdown
from app.core.importers.plaintext import infer_title, shorten

_SKIPPED = {
    "script", "style", "noscript", "template", "form", "button", "select", "textarea", "svg",
    "annotation", "annotation-xml", "iframe", "object", "embed", "video", "audio", "canvas",
    "nav", "aside", "footer", "head",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
_BLOCKS: dict[str, BlockKind] = {
    "p": "paragraph", "div": "paragraph", "section": "paragraph", "blockquote": "paragraph",
    "pre": "preformatted", "td": "paragraph", "dd": "paragraph", "dt": "paragraph",
    "h1": "subheading", "h2": "subheading", "h3": "subheading", "h4": "subheading",
    "h5": "subheading", "h6": "subheading", "li": "item", "figcaption": "caption",
    "header": "paragraph", "article": "paragraph", "main": "paragraph", "body": "paragraph",
    "tr": "paragraph", "table": "paragraph", "ul": "paragraph", "ol": "paragraph",
    "figure": "paragraph",
}  # fmt: skip
_CONTAINERS = ("article", "main")
_BYLINE_CLASS = re.compile(r"\b(byline|author)\b", re.I)
# A page's outer elements carry the site's classes ("<body class='author-4326'>" on an
# author's page): a byline is something inside them, never one of them.
_NEVER_BYLINE = {*_CONTAINERS, "html", "body", "section"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(values: dict[str, str]) -> bool:
    """Hidden by its markup: not on the page a reader saw (menus, dialogs, templates)."""
    return (
        "hidden" in values
        or values.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(values.get("style", "")))
    )


@dataclass
class _Found:
    """One block of text and where it sat in the page."""

    kind: BlockKind
    text: str
    containers: frozenset[str]
    tag: str
    article: int  # which outermost <article> it sat in (1, 2, ...), 0 for none


class _Page(HTMLParser):
    """Collects head metadata and body blocks in one pass.

    The text of a byline element, and of a ``<time>`` in a header, is metadata: it is lifted
    out of the flow into ``bylines`` / ``time_texts`` instead of becoming body text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.head_title = ""
        self.times: list[str] = []
        self.time_texts: set[str] = set()
        self.bylines: list[str] = []
        self.blocks: list[_Found] = []
        self._stack: list[tuple[str, str | None, bool]] = []  # tag, lift, skipped
        # What the stack holds, counted as it changes: asking the stack itself at every tag
        # took quadratic time on deeply nested pages (20,000 <div>s: 8 s).
        self._open: Counter[str] = Counter()
        self._lifts = 0
        self._skip = 0
        self._in_title = False
        self._text: list[str] = []
        self._lifted: list[str] = []
        self._time_text: list[str] | None = None
        self._kind: BlockKind = "paragraph"
        self._tag = "body"
        self._articles = 0

    def _lifting(self) -> bool:
        return self._lifts > 0

    def _flush(self) -> None:
        text = "".join(self._text)
        self._text = []
        if self._kind != "preformatted":
            text = one_line(text)
        if text.strip():
            containers = frozenset(t for t in _CONTAINERS if self._open[t])
            article = self._articles if self._open["article"] else 0
            self.blocks.append(_Found(self._kind, text, containers, self._tag, article))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower():
            self.meta.setdefault("canonical", values.get("href", ""))
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            if tag == "br":
                self._text.append(" " if self._kind != "preformatted" else "\n")
            return
        if tag == "time":
            self._time_text = []
            if values.get("datetime"):
                self.times.append(values["datetime"])
        skipped = tag in _SKIPPED or _hidden(values)
        self._skip += skipped
        if tag == "article" and not self._open["article"]:
            self._flush()
            self._articles += 1
        lift: str | None = None
        if not self._lifting():
            marker = " ".join(
                (values.get("class", ""), values.get("rel", ""), values.get("id", ""))
            )
            if _BYLINE_CLASS.search(marker) and tag not in _NEVER_BYLINE:
                lift = "byline"
            elif tag == "time" and self._open["header"]:
                lift = "time"
        if tag in _BLOCKS and not self._skip and not self._lifting():
            self._flush()
            self._kind, self._tag = _BLOCKS[tag], tag
        self._stack.append((tag, lift, skipped))
        self._open[tag] += 1
        self._lifts += lift is not None

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "time" and self._time_text is not None:
            self.time_texts.add(one_line("".join(self._time_text)))
            self._time_text = None
        if tag in _VOID or not self._open[tag]:
            return
        while self._stack:
            open_tag, lift, skipped = self._stack[-1]
            if open_tag in _BLOCKS and not self._skip and not self._lifting():
                self._flush()
            self._stack.pop()
            self._open[open_tag] -= 1
            self._lifts -= lift is not None
            if lift == "byline":
                self.bylines.append(one_line("".join(self._lifted)))
            if lift:
                self._lifted = []
            if skipped:
                self._skip = max(0, self._skip - 1)
            if open_tag == tag:
                break
        self._kind, self._tag = "paragraph", self._stack[-1][0] if self._stack else "body"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.head_title += data
            return
        if self._skip:
            return
        if self._time_text is not None:
            self._time_text.append(data)
        if self._lifting():
            self._lifted.append(data)
        else:
            self._text.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """An unknown ``<![...`` section (``<![CDA[``) is a bogus comment up to the next
        ``>``, as HTML5 reads it; the standard parser raises AssertionError instead, which
        would lose the whole page for one stray mark."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def close(self) -> None:
        super().close()
        self._flush()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head or "<body" in head


def _date(page: _Page) -> dt.date | None:
    keys = ("article:published_time", "datepublished", "date", "pubdate", "dc.date",
            "dcterms.created", "article:modified_time")  # fmt: skip
    for value in [*page.times, *(page.meta[k] for k in keys if k in page.meta)]:
        found = find_date(value)
        if found is not None:
            return found
    return None


def _author(page: _Page) -> str | None:
    """The visible byline first: the author meta tag is often the publisher ("Condé Nast")."""
    for byline in page.bylines:
        if 0 < len(byline.split()) <= 8 and not any(ch.isdigit() for ch in byline):
            return re.sub(r"^[Bb]y\s+", "", byline)
    for key in ("author", "article:author", "byl", "dc.creator"):
        value = one_line(page.meta.get(key, ""))
        if value and not value.startswith(("http://", "https://")):
            return re.sub(r"^[Bb]y\s+", "", value)
    return None


def _title(page: _Page, blocks: list[_Found]) -> str:
    heading = next((b.text for b in blocks if b.tag == "h1"), "")
    for candidate in (heading, page.meta.get("og:title", ""), page.head_title):
        if one_line(candidate):
            # Once more: some sites escape their titles twice ("&amp;#163;" for "£").
            return one_line(html.unescape(candidate))
    lede = next((b.text for b in blocks if has_letters(b.text)), "")
    return infer_title(lede)


def _main_blocks(blocks: list[_Found]) -> list[_Found]:
    """The longest outermost ``<article>`` (others on the page are teasers), else ``<main>``,
    else everything."""
    sizes: Counter[int] = Counter()
    for block in blocks:
        if block.article:
            sizes[block.article] += len(block.text)
    if sizes:
        longest = sizes.most_common(1)[0][0]
        return [b for b in blocks if b.article == longest]
    inside = [b for b in blocks if "main" in b.containers]
    return inside or blocks


def parse_html(text: str, name: str) -> Draft:
    page = _Page()
    page.feed(text)
    page.close()
    chosen = _main_blocks(page.blocks)
    title = _title(page, chosen)
    author = _author(page)
    body_blocks = [
        Block(b.kind, b.text)
        for b in chosen
        if not (b.tag == "h1" and b.text == title) and b.text not in page.time_texts
    ]
    body = to_markdown(body_blocks)
    if not has_letters(body):
        raise ImportFailed(name, "no article text in this HTML page (only scripts or markup)")
    return Draft(
        title=shorten(title, 300) or name,
        body=body,
        author=author,
        date=_date(page),
        source=one_line(page.meta.get("og:site_name", "")) or None,
        url=one_line(page.meta.get("og:url", "") or page.meta.get("canonical", "")) or None,
        imported_from=name,
    )


def parse_web_page(
    text: str, name: str, url: str | None = None, fallback_date: dt.date | None = None
) -> Draft:
    """A saved web page: trafilatura's article and metadata (``web_extract``), and this
    module's whole-page reading where the library finds no article (a short page, a list).

    ``url`` and ``fallback_date`` come from a container that knows them (a WARC record's
    target URI and capture date); the page's own canonical URL and date come first.
    """
    text = web_extract.without_inlined_resources(text)
    url = url or web_extract.singlefile_url(text)
    found = web_extract.extract(text, url)
    page = Draft(title="", body="")
    if not (found.blocks and found.title):  # our own reading only where the library gave up
        page = parse_html(text, name)
    title = found.title or page.title
    # The headline is the title, not a heading of the body.
    kept = [
        b
        for b in found.blocks
        if not (isinstance(b, Block) and b.kind == "subheading" and b.text == title)
    ]
    body = parts_to_markdown(kept) if kept else page.body
    if not has_letters(body):
        raise ImportFailed(name, "no article text in this HTML page (only scripts or markup)")
    draft = Draft(
        title=shorten(title, 300) or name,
        body=body,
        author=found.author or page.author,
        date=found.date or page.date,
        source=found.source or page.source,
        url=found.url or page.url or url,
        imported_from=name,
        extra=found.extra(),
    )
    if draft.date is None and fallback_date is not None:
        draft.date = fallback_date
        draft.warnings.append(
            f"{name}: the page states no date; the date it was saved ({fallback_date}) is used"
        )
    return draft


def parse(data: str, name: str) -> list[Draft]:
    return [parse_web_page(data, name)]
