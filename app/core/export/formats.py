"""The four export formats, each a pure function from a selection to text."""

import csv
import io
import json
import re
import uuid
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt

from app.core.annotations.model import CONTEXT, to_w3c
from app.core.codebook import Code
from app.core.errors import InvalidInput
from app.core.export.bibtex import to_bibtex
from app.core.export.citation import article_links, citation_line, csl_item, source_uri
from app.core.export.refi_qda import to_qdc
from app.core.export.selection import ExportEntry
from app.core.export.styles import (
    DEFAULT_STYLE,
    MARKDOWN_SPECIAL,
    bibliography,
)

FORMATS = ("md", "csv", "jsonld", "csl-json", "bibtex", "qdc", "qdpx", "vault")
# Written by their own writers (export.writing): a zip, and a folder of notes.
FILE_FORMATS = ("qdpx", "vault")
CSV_COLUMNS = [
    "article_id", "title", "author", "source", "date", "url", "quote", "prefix", "suffix",
    "note", "tags", "colour", "created", "modified", "start", "end", "status",
]  # fmt: skip
_NUMBER = re.compile(r"\A\d+\.\s+")  # a numbered style's entry number
# Line starts that Markdown (and Obsidian) would read as formatting inside a quoted passage.
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in escape_markdown(text).split("\n"))


# Notes sit under the article's ``##`` and the orphans' ``###``: their own headings start at
# this level, so a note beginning "# Summary" cannot outrank the article it belongs to.
NOTE_HEADING_LEVEL = 4
_COMMONMARK = MarkdownIt("commonmark")


def demote_headings(note: str) -> str:
    """A note's Markdown with every heading at ``NOTE_HEADING_LEVEL`` or below.

    Headings are found by a CommonMark parser (what Obsidian and pandoc read), so those
    inside list items and block quotes count and code blocks are left alone; an underlined
    (setext) heading, which cannot go below level 2, becomes a ``#`` heading."""
    lines = note.split("\n")
    tokens = _COMMONMARK.parse(note)
    headings = [
        (t, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    for token, text in reversed(headings):  # bottom up: a setext rewrite joins lines
        if token.map is None:
            continue
        first, after = token.map
        level = min(6, int(token.tag[1]) + NOTE_HEADING_LEVEL - 1)
        if token.markup.startswith("#"):
            line = lines[first]
            at = line.index("#")
            run = len(line) - len(line[at:].lstrip("#"))
            lines[first] = line[:at] + "#" * level + line[run:]
        else:
            level = NOTE_HEADING_LEVEL + (0 if token.markup.startswith("=") else 1)
            head = text.split("\n")[0]
            prefix = lines[first][: lines[first].index(head)] if head else ""
            joined = " ".join(part.strip() for part in text.split("\n"))
            lines[first:after] = [prefix + "#" * level + " " + joined]
    return "\n".join(lines)


def _tags_line(tags: list[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


def _by_article(entries: list[ExportEntry]) -> list[list[ExportEntry]]:
    groups: list[list[ExportEntry]] = []
    for entry in entries:
        if groups and groups[-1][0].article_id == entry.article_id:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _markdown_entry(entry: ExportEntry) -> list[str]:
    annotation = entry.annotation
    lines: list[str] = []
    if annotation.exact is not None:
        lines += [blockquote(annotation.exact), ""]
    if annotation.note:
        lines += [demote_headings(annotation.note.strip()), ""]
    details = [_tags_line(annotation.tags)] if annotation.tags else []
    if annotation.colour:
        details.append(annotation.colour)
    details.append(annotation.modified[:10])
    lines += [" · ".join(details), ""]
    return lines


def to_markdown(
    entries: list[ExportEntry], title: str = "Research notes", style: str = DEFAULT_STYLE
) -> str:
    """One heading and citation (in ``style``) per article, each highlight as a blockquote
    with its note and #tags; orphans under their own heading with their quote; a
    bibliography of the exported articles at the end."""
    lines = [f"# {title}", ""]
    if not entries:
        lines += ["No annotations matched.", ""]
    groups = _by_article(entries)
    cited = [(g[0].article_id, g[0].article) for g in groups if g[0].article is not None]
    references = bibliography(cited, style, "md")
    by_id = dict(references)  # each article's line is its entry, without a style's number
    for group in groups:
        first = group[0]
        heading = first.article.title if first.article else f"Missing article {first.article_id}"
        reference = by_id.get(first.article_id) or citation_line(first.article_id, None)
        lines += [f"## {escape_markdown(heading)}", "", _NUMBER.sub("", reference), ""]
        if first.article is not None:
            lines += [article_links(first.article), ""]
        for entry in (e for e in group if not e.is_orphan):
            lines += _markdown_entry(entry)
        orphans = [e for e in group if e.is_orphan]
        if orphans:
            lines += ["### Orphaned highlights", "", "Their passage could not be found in the "
                      "article as it is now; the quote is what was highlighted.", ""]  # fmt: skip
            for entry in orphans:
                lines += _markdown_entry(entry)
    if references:
        lines += ["## Bibliography", ""]
        numbered = all(_NUMBER.match(r) for _i, r in references)
        lines += [r if numbered else f"- {r}" for _i, r in references] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def to_csv(entries: list[ExportEntry]) -> str:
    """RFC 4180: every field quoted when needed, CRLF line ends. The caller writes it as
    UTF-8 with a byte-order mark (see ``CSV_ENCODING``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        article, annotation, anchor = entry.article, entry.annotation, entry.anchor
        writer.writerow(
            [
                entry.article_id,
                article.title if article else "",
                (article.author or "") if article else "",
                (article.source or "") if article else "",
                article.date.isoformat() if article and article.date else "",
                (article.url or "") if article else "",
                annotation.exact or "",
                annotation.prefix,
                annotation.suffix,
                annotation.note,
                ";".join(annotation.tags),
                annotation.colour or "",
                annotation.created,
                annotation.modified,
                "" if anchor is None or anchor.start is None else anchor.start,
                "" if anchor is None or anchor.end is None else anchor.end,
                entry.status,
            ]
        )
    return out.getvalue()


# LibreOffice and Excel both take a UTF-8 file with a byte-order mark as UTF-8 on open, where
# without it Excel (and LibreOffice when the system locale is not UTF-8) guesses a legacy code
# page and garbles every non-ASCII character; Python's csv module reads it with "utf-8-sig".
CSV_ENCODING = "utf-8-sig"


def to_jsonld(entries: list[ExportEntry], label: str = "Readmark annotations") -> str:
    """A W3C AnnotationCollection with one embedded AnnotationPage holding every annotation;
    each target's source is the article's URL when known, else its urn:readmark: id."""
    items = [to_w3c(e.annotation, source=source_uri(e.article_id, e.article)) for e in entries]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def to_csl_json(entries: list[ExportEntry]) -> str:
    """CSL-JSON items for every article cited by the selection, in export order."""
    seen: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if entry.article_id not in seen:
            seen[entry.article_id] = csl_item(entry.article_id, entry.article)
    return json.dumps(list(seen.values()), ensure_ascii=False, indent=2) + "\n"


def render_export(
    fmt: str,
    entries: list[ExportEntry],
    *,
    style: str = DEFAULT_STYLE,
    codes: Sequence[Code] = (),
) -> tuple[str, str]:
    """(text, encoding) of a selection in one of ``FORMATS`` other than ``FILE_FORMATS``;
    ``codes`` is the codebook, for the formats that carry descriptions."""
    if fmt == "md":
        return to_markdown(entries, style=style), "utf-8"
    if fmt == "csv":
        return to_csv(entries), CSV_ENCODING
    if fmt == "jsonld":
        return to_jsonld(entries), "utf-8"
    if fmt == "csl-json":
        return to_csl_json(entries), "utf-8"
    if fmt == "bibtex":
        return to_bibtex(entries), "utf-8"
    if fmt == "qdc":
        return to_qdc((t for e in entries for t in e.annotation.tags), list(codes)), "utf-8"
    if fmt in FILE_FORMATS:
        raise InvalidInput(
            f"--format {fmt} writes a {'zip' if fmt == 'qdpx' else 'folder'}: give -o"
        )
    raise InvalidInput(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
