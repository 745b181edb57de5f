"""Files that hold many articles (news-database exports, feeds, mailboxes): one guard per record.

A record that cannot be read is that record's failure line, named ``file#record``; the
others still import. A file in which no record was found at all is the file's failure.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from app.core.errors import ImportFailed
from app.core.importers.draft import Draft
from app.core.importers.guard import failure_reason

Record = TypeVar("Record")
Result = tuple[list[Draft], list[ImportFailed]]


def read_records(
    records: Iterable[tuple[str, Record]],
    read: Callable[[Record, str], Draft],
    name: str,
    nothing_found: str,
) -> Result:
    """``read(record, where)`` for each ``(where, record)``, each guarded on its own.

    Raises ImportFailed naming the file, with ``nothing_found`` as the reason, when there
    were no records (a failure of every record is reported record by record instead).
    """
    drafts: list[Draft] = []
    failures: list[ImportFailed] = []
    for where, record in records:
        try:
            drafts.append(read(record, where))
        except Exception as exc:
            failures.append(ImportFailed(where, failure_reason(exc, where)))
    if not drafts and not failures:
        raise ImportFailed(name, nothing_found)
    return drafts, failures
