"""Reuters-21578 SGML: each ``<REUTERS>`` record of a ``reut2-NNN.sgm`` file is an article.

The files are SGML, not XML (bare ``&lt;`` entities, control characters written as ``&#3;``,
a few bytes that are not UTF-8), so records are cut out with regular expressions and
decoded one by one. The dateline opens the body, as on the wire. Brief records carry only a
headline (their filler text "Blah blah blah." is not news and is dropped); unprocessed
records have no headline, so their first line becomes the title and the rest, tables mostly,
stays preformatted.
"""

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import AnyStr

from app.core.errors import ImportFailed
from app.core.importers.dates import MONTHS
from app.core.importers.draft import Draft, has_letters
from app.core.importers.guard import failure_reason
from app.core.importers.markdown_blocks import Block, clean_text, one_line, to_markdown
from app.core.importers.plaintext import infer_title, shorten

SOURCE = "Reuters"
_RECORD = re.compile(rb"<REUTERS\b([^<>]*)>")
_D = re.compile(r"<D>")
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_BRIEF_FILLER = re.compile(r"\A\s*Blah blah blah\.\s*\Z")


def looks_like_reuters(head: bytes) -> bool:
    return b"<REUTERS" in head[:4096] or b"<!DOCTYPE lewis" in head[:200]


def _spans(
    text: AnyStr, opening: "re.Pattern[AnyStr]", closing: AnyStr
) -> Iterator[tuple["re.Match[AnyStr]", AnyStr]]:
    """Each opening tag and what follows it up to the next closing tag, in one pass.

    A lazy ``<T>(.*?)</T>`` search retries from every unclosed opening tag to the end of the
    text: quadratic, so a file of 10,000 ``<REUTERS>`` took 4 s and a large one would hang.
    Once an opening tag has no closing tag after it, no later one has either.
    """
    position = 0
    while (found := opening.search(text, position)) is not None:
        end = text.find(closing, found.end())
        if end < 0:
            return
        yield found, text[found.end() : end]
        position = end + len(closing)


def _element(record: str, tag: str) -> str | None:
    first = next(_spans(record, re.compile(rf"<{tag}\b[^<>]*>"), f"</{tag}>"), None)
    return first[1] if first else None


def _text(sgml: str) -> str:
    """SGML text to plain text: entities decoded, control characters dropped."""
    return clean_text(html.unescape(sgml))


def _labels(record: str, tag: str) -> list[str]:
    inner = _element(record, tag) or ""
    return [one_line(_text(d)) for _, d in _spans(inner, _D, "</D>")]


def _date(record: str) -> dt.date | None:
    match = _DATE.search(_element(record, "DATE") or "")
    if not match or match.group(2).lower() not in MONTHS:
        return None
    try:
        return dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _paragraphs(text: str) -> list[str]:
    """Wire copy indents each new paragraph; wrapped lines continue the current one."""
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if not paragraphs or not paragraphs[-1] or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return [" ".join(p) for p in paragraphs if p]


def parse_record(record: str, where: str) -> Draft:
    """One record; raises ImportFailed when it has neither a title nor any text."""
    text_part = _element(record, "TEXT") or ""
    raw_title = _element(text_part, "TITLE")
    dateline = _element(text_part, "DATELINE")
    raw_body = _element(text_part, "BODY")
    title = one_line(_text(raw_title)) if raw_title is not None else ""
    blocks: list[Block] = []
    if raw_body is not None or dateline is not None:
        paragraphs = _paragraphs(_text(raw_body or ""))
        lead = one_line(_text(dateline or ""))
        if lead:
            paragraphs[:1] = [f"{lead} {paragraphs[0]}" if paragraphs else lead]
        blocks = [Block("paragraph", p) for p in paragraphs]
    elif raw_title is None:
        loose = _text(re.sub(r"<[^<>]+>", "", text_part)).strip("\n")
        lines = loose.split("\n")
        first = one_line(lines[0]) if lines else ""
        if first and len(first) <= 100 and has_letters(first):
            title, rest = first, "\n".join(lines[1:])
        else:
            title, rest = shorten(infer_title(loose)), loose
        if rest.strip():
            blocks = [Block("preformatted", rest)]
    else:
        tail = _text(text_part[text_part.find("</TITLE>") + len("</TITLE>") :])
        if tail.strip() and not _BRIEF_FILLER.match(tail):
            blocks = [Block("paragraph", p) for p in _paragraphs(tail)]
    if not title and not blocks:
        raise ImportFailed(where, "record has no title and no text")
    body = to_markdown(blocks)
    if not title:
        title = infer_title(body) or where
    topics, places = _labels(record, "TOPICS"), _labels(record, "PLACES")
    return Draft(
        title=title,
        body=body,
        date=_date(record),
        source=SOURCE,
        tags=list(dict.fromkeys(t for t in topics + places if t)),
        imported_from=where,
    )


def decode_record(raw: bytes) -> str:
    """Most records are ASCII; the odd one with stray high bytes is read as Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_records(data: bytes, name: str) -> tuple[list[Draft], list[ImportFailed]]:
    """Every record of one SGML file: the drafts, and one failure per record that had none."""
    drafts: list[Draft] = []
    failures: list[ImportFailed] = []
    for number, (opening, raw) in enumerate(_spans(data, _RECORD, b"</REUTERS>"), start=1):
        attributes = decode_record(opening.group(1))
        newid = _NEWID.search(attributes)
        where = f"{name}#{newid.group(1) if newid else number}"
        try:
            drafts.append(parse_record(decode_record(raw), where))
        except Exception as exc:
            failures.append(ImportFailed(where, failure_reason(exc, where)))
    if not drafts and not failures:
        raise ImportFailed(name, "no <REUTERS> records in this SGML file")
    return drafts, failures
