"""Formatted citations in CSL styles (APA 7, Chicago author-date and notes, MLA, Harvard,
Vancouver) through citeproc-py, as plain text, HTML and Markdown.

The style files are the CSL project's own (CC BY-SA 3.0): Harvard ships with citeproc-py,
the others are in ``resources/csl`` (see ``resources/LICENSES.md``). The items are the
CSL-JSON of ``citation.csl_item``, so the CSL-JSON export, these citations, the BibTeX export
and the Markdown export all describe an article the same way.
"""

import html
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.core.annotations.model import Annotation
from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.export.citation import csl_item
from app.core.installed import installed_share_dir

DEFAULT_STYLE = "apa"
STYLE_FILES = {
    "apa": "apa.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "chicago-note": "chicago-notes-bibliography.csl",
    "mla": "modern-language-association.csl",
    "harvard": "harvard-cite-them-right.csl",
    "vancouver": "vancouver.csl",
}
STYLE_NAMES = {
    "apa": "APA 7th edition",
    "chicago-author-date": "Chicago 18th edition (author-date)",
    "chicago-note": "Chicago 18th edition (notes and bibliography)",
    "mla": "MLA 9th edition",
    "harvard": "Harvard (Cite Them Right)",
    "vancouver": "Vancouver",
}
STYLES = tuple(STYLE_FILES)
# Characters that Markdown would read as formatting inside a citation's text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def csl_folder() -> Path:
    """``resources/csl`` in the source tree, the bundle, or under the installed share/."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources" / "csl"
    source = Path(__file__).resolve().parents[3] / "resources" / "csl"
    if source.is_dir():
        return source
    installed = installed_share_dir("resources")
    return installed / "csl" if installed else source


def check_style(style: str) -> str:
    if style not in STYLE_FILES:
        raise InvalidInput(f"unknown citation style '{style}'; use one of {', '.join(STYLES)}")
    return style


# citeproc-py (with lxml under it) is imported where a citation is made, not with this module:
# the window imports it at start for the style names, and citeproc-py costs 0.1-0.2 s to load
# (the bundle's start-up test checks it stays out).
@cache
def _style(style: str) -> Any:
    from citeproc import CitationStylesStyle

    from app.core.export import citeproc_fixes

    citeproc_fixes.apply()
    name = STYLE_FILES[check_style(style)]
    path = csl_folder() / name
    if not path.exists():  # citeproc-py's own bundled styles
        path = Path(name[: -len(".csl")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown CSL 1.0.2 attributes are only warned about
        return CitationStylesStyle(str(path), validate=False)


class _Markdown:
    """A citeproc-py output format: Markdown emphasis, everything else escaped."""

    @staticmethod
    def preformat(text: str) -> str:
        return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))

    @staticmethod
    def Italic(text: str) -> str:
        return f"*{text}*"

    Oblique = Italic

    @staticmethod
    def Bold(text: str) -> str:
        return f"**{text}**"

    Light = Underline = SmallCaps = Superscript = Subscript = staticmethod(str)


def _output_format(output: str) -> Any:
    from citeproc import formatter

    formats: dict[str, Any] = {"text": formatter.plain, "html": formatter.html, "md": _Markdown}
    return formats[output]


@dataclass(frozen=True)
class Cited:
    """What the window puts on the clipboard: the same citation as text and as HTML."""

    text: str
    html: str


def _render(
    style: str, items: list[dict[str, Any]], output: str, cite_first: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """(in-text citation or note of the first item, the bibliography of all as (id, entry)
    in the style's order) in one format."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([_escaped(item, output) for item in items])
    bibliography = CitationStylesBibliography(_style(style), source, _output_format(output))
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bibliography.register(citation)
    bibliography.sort()  # its items in the style's order, as bibliography() renders them
    first = str(bibliography.cite(citations[0], lambda _item: None)) if cite_first else ""
    entries = [_tidy(str(entry)) for entry in bibliography.bibliography()]
    keys = [str(item.key) for item in bibliography.items]
    return _tidy(first), list(zip(keys, entries, strict=True))


def _escaped(value: Any, output: str, field: str = "") -> Any:
    """The item with its text made safe for the output: citeproc-py puts field values into
    HTML and Markdown as they are, so a title "<b>" or "*x*" would become markup. Ids and
    types are names, not text; a URL stays as it is in Markdown, where escapes would break
    the link."""
    if isinstance(value, dict):
        return {k: _escaped(v, output, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v, output, field) for v in value]
    if not isinstance(value, str) or field in ("id", "type") or output == "text":
        return value
    if output == "html":
        return html.escape(value, quote=False)
    return value if field == "URL" else _Markdown.preformat(value)


def _tidy(text: str) -> str:
    """What citeproc-py leaves undone: one space between words and none before closing
    punctuation (an empty variable leaves its delimiters behind), a space after a numbered
    entry's number, and the en-US locale's punctuation-in-quote ("Title." not "Title".),
    which every style here uses since none names another locale."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([.,;:])", r"\1", text)
    text = re.sub(r"\A(\d+)\.(?=\S)", r"\1. ", text)
    text = re.sub(r"(&#?\w+;)|;\.", lambda m: m.group(1) or ".", text)  # entities stay
    return re.sub(r"”([.,])", r"\1”", text)


def bibliography(
    articles: Sequence[tuple[str, Article | None]], style: str = DEFAULT_STYLE, output: str = "md"
) -> list[tuple[str, str]]:
    """The reference list of these articles, (article id, entry) in the style's own order
    (alphabetical, or numbered in the order given)."""
    if not articles:
        return []
    items = [csl_item(article_id, article) for article_id, article in articles]
    return _render(check_style(style), items, output)[1]


def cite_article(article_id: str, article: Article | None, style: str = DEFAULT_STYLE) -> Cited:
    """ "Copy citation": the article's full reference as the style writes it."""
    item = [csl_item(article_id, article)]
    text = _render(check_style(style), item, "text")[1][0][1]
    marked = _render(style, item, "html")[1][0][1]
    return Cited(text, marked)


def quote_with_citation(
    annotation: Annotation, article: Article | None, style: str = DEFAULT_STYLE
) -> Cited:
    """ "Copy quote with citation": the highlighted words in quotation marks, the in-text
    citation (or the note, in a note style) after them, the full reference below."""
    quote = " ".join((annotation.exact or annotation.note).split())
    item = [csl_item(annotation.article_id, article)]
    cite_text, [(_key, entry_text)] = _render(check_style(style), item, "text", cite_first=True)
    cite_html, [(_key, entry_html)] = _render(style, item, "html", cite_first=True)
    text = f"“{quote}” {cite_text}\n\n{entry_text}"
    marked = (
        f"<blockquote><p>“{html.escape(quote)}” {cite_html}</p></blockquote><p>{entry_html}</p>"
    )
    return Cited(text, marked)
