"""Text that can be saved: a Python ``str`` may hold lone surrogates (a shell argument that
was not UTF-8 arrives as U+DC80-U+DCFF, a JSON ``"\\ud800"`` as itself), which no UTF-8
file can store, so writing them fails long after they came in. They are refused where text
enters, with the field named."""

import re

from app.core.errors import InvalidInput

_SURROGATE = re.compile("[\ud800-\udfff]")


def invalid_text(text: str) -> str | None:
    """What makes ``text`` unsavable (its first bad character), or None when it is fine."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    where = f"character {found.start() + 1}"
    if 0xDC80 <= code <= 0xDCFF:  # how Python carries a byte that was not UTF-8
        return f"{where} is the byte 0x{code - 0xDC00:02x}, which is not UTF-8"
    return f"{where} is a lone surrogate U+{code:04X}, which is not a character"


def check_text(text: str, field: str) -> str:
    """``text`` unchanged, or InvalidInput naming ``field`` when it cannot be saved."""
    problem = invalid_text(text)
    if problem is not None:
        raise InvalidInput(f"{field} is not valid UTF-8 text: {problem}")
    return text


def savable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, for text read from a file whose
    bytes were not all text (a mail header, a file name): kept, marked, and storable."""
    return _SURROGATE.sub("\ufffd", text)
