"""Word-processor structure (quotes and tables besides paragraphs, headings and lists) as
Markdown, for the .docx, .odt and RTF importers.

``markdown_blocks`` writes the kinds every importer shares; a block quote becomes its
paragraph behind ``> `` and a table a pipe table (rendered by Markdown's "extra" tables),
each cell escaped the same way as any line, so no cell text can turn into markup.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from app.core.errors import ImportFailed
from app.core.importers.dates import find_date
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, escape_line, one_line, to_markdown
from app.core.importers.plaintext import infer_title, shorten

# A list item's bullet or number as plain text keeps it (RTF as text, PDF).
ITEM_MARK = re.compile(r"^\s*(?:[•·▪◦‣\-–*]|\d{1,3}[.)])\s+")


def whole_characters(text: str) -> str:
    """Text with UTF-16 surrogate pairs joined and lone surrogates replaced (U+FFFD): PDF
    text layers and RTF ``\\u`` escapes can hold halves of characters, which no file,
    index or window can store."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def keyword_tags(text: str) -> list[str]:
    """Document keywords ("ports, shipping; Rotterdam") as tags: one line each, at most
    100 characters, none empty."""
    return [one_line(k)[:100] for k in re.split(r"[,;]", text) if one_line(k)]


_BYLINE = re.compile(r"^(?:by|von|par|door|di|por)\s+(.{3,80})$", re.I)


def byline_author(text: str) -> str | None:
    """The name in a byline paragraph ("By Anna de Vries"), or None for any other text."""
    match = _BYLINE.match(text.strip())
    if match and len(match.group(1).split()) <= 8:
        return match.group(1).strip()
    return None


@dataclass(frozen=True)
class Quote:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Part = Block | Quote | Table


@dataclass
class Properties:
    """Document properties: core.xml of a .docx, meta.xml of an .odt, \\info of an RTF."""

    title: str = ""
    author: str = ""
    date: dt.date | None = None
    description: str = ""
    keywords: list[str] = field(default_factory=list)


def property_date(value: str) -> dt.date | None:
    """A property's date; "2024-05-14T09:30:00Z" is read as the day it starts with."""
    return find_date(re.sub(r"(?<=\d)T(?=\d)", " ", value)) if value else None


def _cell(text: str) -> str:
    return escape_line(text) or " "


def _table(table: Table) -> str:
    width = max(len(row) for row in table.rows)
    rows = [list(row) + [""] * (width - len(row)) for row in table.rows]
    lines = ["| " + " | ".join(_cell(c) for c in rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def parts_to_markdown(parts: list[Part]) -> str:
    """Runs of plain blocks through ``to_markdown``; quotes and tables written here."""
    chunks: list[str] = []
    run: list[Block] = []
    for part in parts:
        if isinstance(part, Block):
            run.append(part)
            continue
        if run:
            chunks.append(to_markdown(run))
            run = []
        if isinstance(part, Quote):
            line = escape_line(part.text)
            if line:
                chunks.append(f"> {line}\n")
        elif part.rows and any(any(c.strip() for c in row) for row in part.rows):
            chunks.append(_table(part))
    if run:
        chunks.append(to_markdown(run))
    return "\n".join(c for c in chunks if c.strip())


def document_draft(parts: list[Part], properties: Properties, name: str, kind: str) -> Draft:
    """The article of a word-processor document: its title from the properties, else its
    first heading, else its lede; a heading repeating the title leaves the body."""
    title = properties.title
    if not has_letters(title):
        heading = next((p for p in parts if isinstance(p, Block) and p.kind == "subheading"), None)
        first = next((p for p in parts if isinstance(p, Block) and has_letters(p.text)), None)
        title = heading.text if heading else infer_title(first.text) if first else ""
    parts = [
        p
        for p in parts
        if not (isinstance(p, Block) and p.kind == "subheading" and p.text == title)
    ]
    body = parts_to_markdown(parts)
    if not has_letters(body):
        raise ImportFailed(name, f"no text in this {kind}")
    return Draft(
        title=shorten(one_line(title), 300) or name,
        body=body,
        author=properties.author or None,
        date=properties.date,
        tags=properties.keywords,
        imported_from=name,
    )
