"""The one reader of JSON that Readmark did not just write itself: annotation files, imported
annotation exports, the index's side files, messages from another Readmark process.

Python's ``json`` accepts what we cannot live with: nesting deep enough to exhaust the
recursion limit later (``[`` x 100,000 raises ``RecursionError``, not ``ValueError``), NaN and
Infinity (which we could not write back as JSON), lone surrogates (which no UTF-8 file can
hold) and any size. Here the size is checked before parsing, the structure is walked once
without recursion, and every failure is one ``BadJson`` (a ``ValueError``) whose message says
what is wrong, so each caller has a single thing to catch and turn into ``CorruptFile`` or an
import failure line.
"""

import json
import re
from pathlib import Path
from typing import Any

from app.core.valid_text import invalid_text

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
MAX_DEPTH = 64
"""Our own files nest 6 deep and W3C or Hypothesis exports about 8; 64 leaves room for any
honest producer while keeping every later walk of the data far from the recursion limit."""


class BadJson(ValueError):
    """Bytes that are not JSON we accept; the message is a lower-case reason."""


def _refuse_constant(name: str) -> Any:
    raise BadJson(f"not JSON ({name} is not a JSON number)")


def parse_json(
    raw: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH, texts: bool = True
) -> Any:
    """The value in ``raw`` (UTF-8, a byte order mark allowed), or BadJson saying why not.

    ``texts=False`` lets lone surrogates through, for values that are file names (a Linux
    name need not be UTF-8, and Python carries its bytes as surrogates)."""
    if len(raw) > max_bytes:
        raise BadJson(f"larger than {max_bytes / (1024 * 1024):.1f} MB; not a file we read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = f"byte {exc.start + 1} is 0x{raw[exc.start]:02x}"
        raise BadJson(f"not JSON (not UTF-8 text: {byte})") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except BadJson:
        raise
    except json.JSONDecodeError as exc:
        raise BadJson(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise BadJson(f"nested more than {max_depth} levels deep") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise BadJson("not JSON we accept (a number in it has thousands of digits)") from None
    _check_depth(value, max_depth)
    if texts and _SURROGATE_ESCAPE.search(text):  # the only way a decoded text can hold a surrogate
        _check_strings(value)
    return value


def _check_depth(value: Any, max_depth: int) -> None:
    """Without recursion, so the check itself cannot be what overflows."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if not isinstance(item, list | dict):
            continue
        if depth > max_depth:
            raise BadJson(f"nested more than {max_depth} levels deep")
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, list | dict):
                pending.append((child, depth + 1))


def _check_strings(value: Any) -> None:
    """Every key and text savable as UTF-8 (a ``\\ud800`` escape decodes to a lone
    surrogate; a proper pair of escapes is one character and passes)."""
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and (problem := invalid_text(item)) is not None:
            raise BadJson(f"a text in it is not valid UTF-8 ({problem})")


def read_json(path: Path, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """``parse_json`` of a file, reading at most one byte past the limit (a huge file costs
    no memory); OSError is left to the caller, who knows what the file is for."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    return parse_json(raw, max_bytes=max_bytes, max_depth=max_depth)
