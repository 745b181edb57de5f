"""One rule for turning whatever a parser raised for one input into that input's reason.

Importers stand on parsers we do not control (``html.parser`` raises AssertionError on a
malformed ``<![`` section, YAML and ``int`` raise ValueError), so the runner and the
collection importers guard each file or record with this and never let one bad input stop
the others. Kinds nobody expected are logged with their traceback, for a bug report.
"""

import logging

from app.core.errors import ImportFailed, ReadmarkError
from app.core.importers.markdown_blocks import one_line

# The window's error log is a handler on "readmark"; the NullHandler keeps Python from
# printing these records, traceback and all, in the CLI.
log = logging.getLogger("readmark.import")
log.addHandler(logging.NullHandler())


def failure_reason(exc: Exception, where: str) -> str:
    """One line saying why ``where`` could not be read, for the import report."""
    if isinstance(exc, ImportFailed):
        return exc.reason
    if isinstance(exc, ReadmarkError):
        return str(exc)
    if isinstance(exc, RecursionError | MemoryError):
        return "too deeply nested or too large to read"
    log.warning("unexpected %s while importing %s", type(exc).__name__, where, exc_info=exc)
    detail = one_line(f"{type(exc).__name__}: {exc}")[:200]
    return f"could not be read as an article ({detail})"
