"""RTF documents: one article per file, text read by striprtf.

striprtf turns RTF into plain text (paragraphs as lines, list bullets kept as characters,
table cells ended by "|", Unicode and code-page escapes decoded). Structure is marked before
that: a paragraph set in a heading or quotation style of the stylesheet (or given an outline
level) gets a mark that survives as text and makes it a subheading or a block quote. Title,
author and date come from the ``\\info`` group.
"""

import re
from collections.abc import Callable

from striprtf import striprtf

from app.core.errors import ImportFailed
from app.core.importers.doc_blocks import (
    ITEM_MARK,
    Part,
    Properties,
    Quote,
    Table,
    document_draft,
    keyword_tags,
    property_date,
    whole_characters,
)
from app.core.importers.draft import Draft
from app.core.importers.markdown_blocks import Block, one_line

_HEADING_MARK = "RMHEADINGMARK "
rtf_to_text: Callable[..., str] = striprtf.rtf_to_text
_QUOTE_MARK = "RMQUOTEMARK "
_STYLE = re.compile(rb"\{\\s(\d+)\b[^;{}]*?(?:\\[a-z]+-?\d* ?)+([^\\;{}]+);")
_HEADING_STYLE = re.compile(r"^(?:heading|title|überschrift|titre)\b")
# A paragraph's style (or outline level) as the paragraph formatting sets it.
_PARAGRAPH_STYLE = re.compile(rb"\\pard\\plain ?\\s(\d+)\b ?|\\outlinelevel\d\b ?")
_INFO = re.compile(rb"\{\\(title|author|subject|keywords|doccomm)\s+((?:[^{}\\]|\\.)*)\}")
_CREATED = re.compile(rb"\{\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def looks_like_rtf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"{\\rtf"


def _properties(data: bytes) -> Properties:
    values = {
        m.group(1).decode("ascii"): one_line(
            whole_characters(rtf_to_text("{\\rtf1 " + m.group(2).decode("latin-1") + "}"))
        )
        for m in _INFO.finditer(data[:200_000])
    }
    created = _CREATED.search(data[:200_000])
    date = property_date("-".join(g.decode() for g in created.groups())) if created else None
    return Properties(
        title=values.get("title", ""),
        author=values.get("author", ""),
        date=date,
        keywords=keyword_tags(values.get("keywords", "")),
    )


def _parts(text: str) -> list[Part]:
    parts: list[Part] = []
    for raw in text.split("\n"):
        line = one_line(raw)
        if not line:
            continue
        if line.startswith(_HEADING_MARK.strip()):
            heading = one_line(line[len(_HEADING_MARK.strip()) :])
            if heading:
                parts.append(Block("subheading", heading))
        elif line.startswith(_QUOTE_MARK.strip()):
            parts.append(Quote(one_line(line[len(_QUOTE_MARK.strip()) :])))
        elif "|" in line and line.endswith("|"):  # striprtf ends each table cell with "|"
            row = tuple(one_line(c) for c in line[:-1].split("|"))
            if parts and isinstance(parts[-1], Table):
                parts[-1] = Table((*parts[-1].rows, row))
            else:
                parts.append(Table((row,)))
        elif ITEM_MARK.match(line):
            parts.append(Block("item", ITEM_MARK.sub("", line, count=1)))
        elif line[:1] in '“"' and line.rstrip()[-1:] in '”"' and len(line) > 80:
            parts.append(Quote(line))
        else:
            parts.append(Block("paragraph", line))
    return parts


def _style_marks(data: bytes) -> dict[bytes, str]:
    """Stylesheet numbers of heading and quotation styles, and the mark each gets."""
    marks: dict[bytes, str] = {}
    for match in _STYLE.finditer(data[:200_000]):
        style_name = match.group(2).decode("latin-1").strip().lower()
        if _HEADING_STYLE.match(style_name):
            marks[match.group(1)] = _HEADING_MARK
        elif "quot" in style_name:
            marks[match.group(1)] = _QUOTE_MARK
    return marks


def _marked(data: bytes) -> bytes:
    """The RTF with a text mark opening each heading and quotation paragraph."""
    marks = _style_marks(data)

    def mark(match: re.Match[bytes]) -> bytes:
        text = marks.get(match.group(1), "") if match.group(1) else _HEADING_MARK
        return match.group() + text.encode() if text else match.group()

    return _PARAGRAPH_STYLE.sub(mark, data)


def parse_rtf(data: bytes, name: str) -> Draft:
    marked = _marked(data)
    try:
        text = rtf_to_text(marked.decode("latin-1"), errors="replace")
    except (ValueError, LookupError, IndexError, OverflowError) as exc:
        raise ImportFailed(name, f"a damaged RTF document ({exc})") from None
    parts = _parts(whole_characters(text))
    return document_draft(parts, _properties(data), name, "RTF document")


def parse(data: bytes, name: str) -> list[Draft]:
    return [parse_rtf(data, name)]
