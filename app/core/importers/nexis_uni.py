"""Nexis Uni Word downloads: one Readmark article per document of the download.

Nexis Uni writes a cover page (date and time, job number, the list of documents and the
search), then each document as: headline, outlet, date line, copyright, labelled fields
(``Section:``, ``Length:``, ``Byline:``), a "Body" label, the text, then "Classification"
and more fields (``Language:``, ``Load-Date:``...), closed by an "End of Document" line.
The fields are the LexisNexis ones (``nexis``), so both exports give the same front matter.
A Word file without "End of Document" lines and those fields is an ordinary document.
"""

from app.core.importers.dates import find_date
from app.core.importers.doc_blocks import Part
from app.core.importers.draft import Draft
from app.core.importers.markdown_blocks import Block
from app.core.importers.nexis import COPYRIGHT, FIELD, NexisRecord, is_trailing
from app.core.importers.records import Result, read_records

END = "End of Document"
_LABELS = ("Body", "Classification")


def _text(part: Part) -> str:
    return part.text if isinstance(part, Block) else ""


def _is_download(parts: list[Part]) -> bool:
    """ "End of Document" lines and a "Length:" or "Load-Date:" field: a Nexis Uni download."""
    ends = sum(1 for p in parts if _text(p) == END)
    fielded = any(FIELD.match(_text(p)) for p in parts)
    return ends > 0 and fielded


def _read_document(chunk: list[Part], where: str) -> Draft:
    record = NexisRecord()
    first = next(
        (i for i, p in enumerate(chunk) if (f := FIELD.match(_text(p))) and not is_trailing(f[1])),
        None,
    )
    if first is None:
        raise ValueError("no Length, Section or Byline line: not a document of the download")
    header = [_text(p) for p in chunk[:first]]
    if header and COPYRIGHT.match(header[-1]):
        record.copyright = header.pop()
    if header and find_date(header[-1]):
        record.date_line = header.pop()
    record.outlet = header.pop() if header else ""
    record.title = header.pop() if header else ""
    trailing = False
    for part in chunk[first:]:
        text = _text(part)
        found = FIELD.match(text)
        if text in _LABELS:
            trailing = trailing or text == "Classification"
        elif found and (trailing or not record.body or is_trailing(found[1])):
            trailing = trailing or is_trailing(found[1])
            record.add_field(found[1], found[2])
        else:
            record.body.append(part)
    return record.draft(where)


def split_download(parts: list[Part], name: str) -> Result | None:
    """The documents of a Nexis Uni download, or None when ``parts`` are no download."""
    if not _is_download(parts):
        return None
    chunks: list[list[Part]] = [[]]
    for part in parts:
        if _text(part) == END:
            chunks.append([])
        else:
            chunks[-1].append(part)
    if not any(FIELD.match(_text(p)) for p in chunks[-1]):
        chunks.pop()  # what follows the last "End of Document" (usually nothing)
    documents = ((f"{name}#{n}", chunk) for n, chunk in enumerate(chunks, start=1))
    return read_records(documents, _read_document, name, "no documents in this Nexis Uni download")
