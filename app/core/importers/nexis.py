"""LexisNexis Academic plain-text downloads: one Readmark article per "N of M DOCUMENTS".

Each document of a download is laid out the same way (LexisNexisTools reads it so too): the
outlet, the date line (an edition may follow on the next lines), the headline, then labelled
fields (``BYLINE:``, ``SECTION:``, ``LENGTH:``, ``DATELINE:``...), the hard-wrapped body, and
labelled fields again (``LOAD-DATE:``, ``LANGUAGE:``, ``GRAPHIC:``...) before the copyright
lines. The outlet becomes the source, the byline the author; every other field is kept in
the front matter under its own name (``section``, ``length``, ``load_date``...), so nothing
the database recorded is lost. Only known labels count as fields: a body paragraph that
opens with "WASHINGTON:" stays text. Nexis Uni's Word downloads carry the same fields in
another order (``nexis_uni``); both end in ``NexisRecord.draft``.
"""

import re
from dataclasses import dataclass, field

from app.core.importers.dates import find_date
from app.core.importers.doc_blocks import Part, parts_to_markdown
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, one_line
from app.core.importers.plaintext import infer_title, shorten
from app.core.importers.records import Result, read_records

_LEADING = ("byline", "section", "length", "dateline", "highlight", "headline", "edition",
            "column", "series", "body", "abstract")  # fmt: skip
TRAILING = ("load-date", "language", "graphic", "publication-type", "journal-code",
            "correction-date", "correction", "subject", "organization", "person", "geographic",
            "industry", "company", "ticker", "city", "state", "country", "notes", "url",
            "document-type", "type", "distribution", "acc-no", "issn")  # fmt: skip
FIELD = re.compile(
    r"^(" + "|".join(n.replace("-", "[- ]") for n in (*_LEADING, *TRAILING)) + r"):[ \t]*(.*)$",
    re.I,
)
_SEPARATOR = re.compile(r"^[ \t]*(\d{1,7}) of \d{1,7} DOCUMENTS?[ \t\r]*$", re.M | re.I)
COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d)", re.I)
_BY = re.compile(r"^by\s+", re.I)


def is_trailing(label: str) -> bool:
    """Whether a field label belongs after the text (``LOAD-DATE``, ``Journal Code``)."""
    return label.lower().replace(" ", "-") in TRAILING


def field_key(label: str) -> str:
    """``LOAD-DATE`` and ``Load-Date`` are both ``load_date`` in the front matter."""
    return re.sub(r"[- ]", "_", label.strip().lower())


@dataclass
class NexisRecord:
    """One document of an export, its parts named as the database names them."""

    outlet: str = ""
    date_line: str = ""
    edition: str = ""
    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    body: list[Part] = field(default_factory=list)
    copyright: str = ""
    warnings: list[str] = field(default_factory=list)

    def add_field(self, label: str, value: str) -> None:
        key = field_key(label)
        joined = one_line(f"{self.fields.get(key, '')} {value}")
        if joined:
            self.fields[key] = joined

    def draft(self, where: str) -> Draft:
        """The article: byline as author, outlet as source, the other fields as extras."""
        fields = dict(self.fields)
        byline = _BY.sub("", fields.pop("byline", ""))
        title = self.title or fields.pop("headline", "")
        url = fields.pop("url", None)
        fields.pop("body", None)
        extra = {"edition": self.edition, **fields, "copyright": self.copyright}
        body = parts_to_markdown(self.body)
        if not has_letters(title):
            lede = next((p.text for p in self.body if isinstance(p, Block)), "")
            title = infer_title(lede)
        if not has_letters(title) and not has_letters(body):
            raise ValueError("a document with no headline and no text")
        return Draft(
            title=shorten(one_line(title), 300) or where,
            body=body,
            author=byline or None,
            date=find_date(self.date_line) if self.date_line else None,
            source=self.outlet or None,
            url=url,
            imported_from=where,
            extra={k: v for k, v in extra.items() if v},
            warnings=list(self.warnings),
        )


def looks_like_lexisnexis(head: bytes) -> bool:
    """A download opens with its request header and "1 of N DOCUMENTS" within a few KB."""
    sample = head[:8192].decode("utf-8", "replace")
    return _SEPARATOR.search(sample) is not None


def _groups(text: str) -> list[list[str]]:
    """Paragraphs as lists of stripped lines: a blank line ends one, and so does a field
    label at the start of a line (a body runs straight into ``LOAD-DATE:`` at times)."""
    groups: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or FIELD.match(line):
            if groups[-1]:
                groups.append([])
            if not line:
                continue
        groups[-1].append(line)
    return [g for g in groups if g]


def _header(record: NexisRecord, header: list[list[str]]) -> None:
    """Outlet, date line and edition, headline: the date line is the first line that
    holds a date, within the first two paragraphs."""
    dated = next((i for i, g in enumerate(header[:2]) if find_date(g[0])), None)
    if dated is None:
        outlet, title = header[:1], header[1:]
    else:
        outlet, title = header[:dated], header[dated + 1 :]
        record.date_line = header[dated][0]
        record.edition = one_line(" ".join(header[dated][1:]))
    record.outlet = one_line(" ".join(line for group in outlet for line in group))
    record.title = one_line(" ".join(line for group in title for line in group))


def parse_document(text: str, where: str) -> Draft:
    """One document of a download (the text between two "N of M DOCUMENTS" lines)."""
    groups = _groups(text)
    record = NexisRecord()
    first_field = next((i for i, g in enumerate(groups) if FIELD.match(g[0])), len(groups))
    _header(record, groups[: min(first_field, 4)])
    position = min(first_field, 4)
    while position < len(groups) and (found := FIELD.match(groups[position][0])):
        if is_trailing(found.group(1)):
            break
        record.add_field(found.group(1), " ".join([found.group(2), *groups[position][1:]]))
        position += 1
    trailing = False
    label = ""
    for group in groups[position:]:
        found = FIELD.match(group[0])
        if found and is_trailing(found.group(1)):
            trailing = True
            label = found.group(1)
            record.add_field(label, " ".join([found.group(2), *group[1:]]))
        elif COPYRIGHT.match(group[0]):
            record.copyright = one_line(" ".join(group))
        elif trailing:  # a caption or a field's value running on after a blank line
            record.add_field(label, " ".join(group))
        else:
            record.body.append(Block("paragraph", " ".join(group)))
    if not trailing:
        record.warnings.append(
            "no LOAD-DATE or LANGUAGE line after the text: the download may be cut short here"
        )
    return record.draft(where)


def parse_download(text: str, name: str) -> Result:
    """Every document of a LexisNexis download; the request header before the first one
    (who asked, when, with which search terms) is not an article and is left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    marks = list(_SEPARATOR.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    documents = (
        (f"{name}#{mark.group(1)}", text[mark.end() : end])
        for mark, end in zip(marks, ends, strict=True)
    )
    return read_records(
        documents, parse_document, name, 'no "N of M DOCUMENTS" lines: not a LexisNexis download'
    )
