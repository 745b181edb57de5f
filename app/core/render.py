"""Markdown to the reader's HTML and to the article's plain text.

The plain text is the coordinate system of Readmark: every position (annotations, search
hits, the CLI) counts Unicode code points of it. It is derived from the same sanitised HTML
the reader shows, one line per block (paragraph, heading, list item, caption, table cell
row), whitespace collapsed as a browser does, so the reader's text and this text agree.
"""

import html as html_lib
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

from app.core.data_images import vetted_data_image

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "dd", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
REMOVED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "noscript",
    "template",
    "svg",
    "math",
    "button",
    "select",
    "textarea",
}
BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
    "tr", "caption", "figcaption", "figure", "hr", "table", "ul", "ol", "dl",
}  # fmt: skip
# nh3 writes every attribute value in double quotes with ``"<>&`` escaped, so this is exact.
_IMG_TAG = re.compile(r'<img((?:\s+[^\s="<>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s="<>/]+)(?:="([^"]*)")?')
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


@dataclass(frozen=True)
class Rendered:
    """What the reader shows (``html``) and the text positions count in (``text``)."""

    html: str
    text: str


def _keep_vetted_images(tag: str, attribute: str, value: str) -> str | None:
    """Only vetted inline images keep their ``src`` (``app.core.data_images``): the reader
    never fetches, never reads a file, never hands SVG or an unknown type to a decoder."""
    if tag == "img" and attribute == "src" and vetted_data_image(value) is None:
        return None
    return value


def _image_or_alt(match: re.Match[str]) -> str:
    """An image that lost its ``src`` becomes its alt text, as a browser shows a missing one."""
    attributes = {name: value or "" for name, value in _ATTRIBUTE.findall(match.group(1))}
    if "src" in attributes:
        return match.group(0)
    return html_lib.escape(html_lib.unescape(attributes.get("alt", "")).strip(), quote=False)


def sanitize_html(html: str) -> str:
    """Strip scripts, handlers, frames, forms and all but vetted inline images from any HTML."""
    cleaned: str = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_vetted_images,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel=None,
    )
    return _IMG_TAG.sub(_image_or_alt, cleaned)


class _PlainText(HTMLParser):
    """Collects block texts the way a rich-text view lays them out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._pre = 0

    def _flush(self) -> None:
        raw = "".join(self._current)
        self._current = []
        if self._pre:
            self.blocks.extend(raw.strip("\n").split("\n") if raw.strip("\n") else [])
            return
        lines = [_WHITESPACE.sub(" ", part).strip() for part in raw.split("\u2028")]
        text = "\n".join(lines).strip()
        if text:
            self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        if tag == "pre":
            self._pre += 1
        elif tag == "br":
            self._current.append("\u2028")
        elif tag in ("td", "th") and self._current:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        self._current.append(data.replace("\u00a0", " "))

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str) -> str:
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.blocks)


def markdown_to_html(body: str) -> str:
    converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return sanitize_html(converter.convert(body))


@lru_cache(maxsize=256)
def render(body: str) -> Rendered:
    """Render an article body; cached because the reader, anchoring and search all ask."""
    html = markdown_to_html(body)
    return Rendered(html=html, text=html_to_text(html))
