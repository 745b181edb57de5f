"""Factiva exports (HTML or RTF, the "article format"): one article per document.

Factiva documents its article format as, in this order: the headline, an optional by-line,
the word count ("1,234 words"), the date, an optional time, the source name, the source
code, an optional edition and page, the language, the copyright line, the text, and the
document's id on a last line of its own ("Document FTFT000020100111e61b0000x"), which is
where one document ends and the next begins. We have no real export to test against, so the
samples in tests/samples/factiva are built from that documented layout.

The word count, source code, page, language, copyright and document id stay in the front
matter (``word_count``, ``document_id``...); the by-line is the author, the source the source.
"""

import re
from html.parser import HTMLParser

from app.core.errors import ImportFailed
from app.core.importers.dates import find_date
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, one_line, to_markdown
from app.core.importers.plaintext import shorten
from app.core.importers.records import Result, read_records
from app.core.importers.rtf import rtf_to_text

_DOCUMENT_ID = re.compile(r"^Document ([A-Za-z0-9]{20,40})$")
_MARKERS = (re.compile(rb"Document [A-Za-z0-9]{20,40}\s*[<\\\r\n]"), re.compile(rb"\d words"))
_WORDS = re.compile(r"^[\d,.\s]+ words$", re.I)
_TIME = re.compile(r"^\d{1,2}:\d{2}(?:\s*(?:[AP]M|GMT|ET|UTC))?$", re.I)
_PAGE = re.compile(r"^Page\s+\S+$", re.I)
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright\b)", re.I)
_BY = re.compile(r"^By\s+", re.I)
_LANGUAGES = {"english", "german", "french", "spanish", "italian", "dutch", "portuguese",
              "russian", "chinese", "japanese", "swedish", "danish", "norwegian", "finnish",
              "polish", "arabic", "turkish", "greek", "czech", "hungarian"}  # fmt: skip
_LINE_TAGS = {"div", "p", "td", "li", "h1", "h2", "h3", "h4", "br", "tr", "table"}
_MAX_HEAD_LINES = 15


def looks_like_factiva(head: bytes) -> bool:
    """A document-id line and a word count near the start: the article format's marks."""
    start = head[:65536]
    return all(marker.search(start) for marker in _MARKERS)


class _Lines(HTMLParser):
    """The text of an HTML export line by line: each block element is a line of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _end_line(self) -> None:
        line = one_line("".join(self._current))
        self._current = []
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _LINE_TAGS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _LINE_TAGS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)


def _head_end(lines: list[str]) -> int:
    """Where the text starts: after the copyright line, else after the language line."""
    head = lines[:_MAX_HEAD_LINES]
    for marks in (_COPYRIGHT.match, lambda line: line.lower() in _LANGUAGES):
        found = next((i for i, line in enumerate(head) if i and marks(line)), None)
        if found is not None:
            return found + 1
    return next((i for i, line in enumerate(head) if i and len(line) > 120), min(len(lines), 4))


def read_document(lines: list[str], where: str) -> Draft:
    """One document's lines, its id line already taken off."""
    if not lines:
        raise ImportFailed(where, "a document with no headline and no text")
    end = _head_end(lines)
    extra: dict[str, str] = {}
    author, date, names = None, None, []
    for line in lines[1:end]:
        if _BY.match(line) and author is None:
            author = _BY.sub("", line)
        elif _WORDS.match(line):
            extra["word_count"] = line
        elif date is None and len(line) < 40 and (found := find_date(line)):
            date = found
        elif _TIME.match(line):
            extra["time"] = line
        elif _PAGE.match(line):
            extra["page"] = line
        elif line.lower() in _LANGUAGES:
            extra["language"] = line
        elif _COPYRIGHT.match(line):
            extra["copyright"] = line
        else:
            names.append(line)
    source = names[0] if names else None
    if len(names) > 1:
        extra["source_code"] = names[1]
    if len(names) > 2:
        extra["edition"] = " ".join(names[2:])
    body = to_markdown(Block("paragraph", line) for line in lines[end:])
    if not has_letters(lines[0]) and not has_letters(body):
        raise ImportFailed(where, "a document with no headline and no text")
    return Draft(
        title=shorten(lines[0], 300),
        body=body,
        author=author,
        date=date,
        source=source,
        imported_from=where,
        extra=extra,
    )


def _documents(lines: list[str], name: str) -> Result:
    chunks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    for line in lines:
        found = _DOCUMENT_ID.match(line)
        if found is None:
            current.append(line)
            continue
        chunks.append((found.group(1), current))
        current = []

    def read(chunk: tuple[str, list[str]], where: str) -> Draft:
        draft = read_document(chunk[1], where)
        draft.extra["document_id"] = chunk[0]
        return draft

    numbered = ((f"{name}#{n}", chunk) for n, chunk in enumerate(chunks, start=1))
    return read_records(numbered, read, name, 'no "Document ..." lines: not a Factiva export')


def _first_document(lines: list[str]) -> list[str]:
    """An HTML export opens with the page's own lines (a search summary) before the first
    headline: the lines before the first word count, less the headline and by-line."""
    words = next((i for i, line in enumerate(lines) if _WORDS.match(line)), 0)
    start = words - 1
    if start > 0 and _BY.match(lines[start]):
        start -= 1
    return lines[max(start, 0) :]


def parse_export(data: bytes, text: str, name: str) -> Result:
    """An RTF export (``data`` starts with ``{\\rtf``) or an HTML one (``text``)."""
    if data.lstrip()[:5] == b"{\\rtf":
        try:
            plain = rtf_to_text(data.decode("latin-1"), errors="replace")
        except (ValueError, LookupError, IndexError, OverflowError) as exc:
            raise ImportFailed(name, f"a damaged RTF document ({exc})") from None
        lines = [one_line(line) for line in plain.split("\n")]
    else:
        parser = _Lines()
        parser.feed(text)
        parser.close()
        lines = parser.lines
    return _documents(_first_document([line for line in lines if line]), name)
