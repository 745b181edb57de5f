"""Article ids: the one rule for what an id may be, and how a taken one is made unique.

An id names files (``<library>/<id>.md``, ``<data>/annotations/<id>.json``), is one line of
``.readmark-ids``, and is typed on the command line. So every place that makes or accepts an
id asks this module, and an id that passes can only ever name one plain file directly inside
its folder: no separators, no ``..``, no leading dot (hidden) or dash (read as an option), no
control or invisible characters (newlines would split the id log), nothing a FAT or exFAT
stick refuses, and short enough for any file system once ``.json`` is added. Letters and
digits of any script are allowed, so hand-written ids like ``zürich-2024`` stay valid.
New ids are slugs of the title (``article.slugify``), which always pass.
"""

import unicodedata

from app.core.errors import InvalidInput

MAX_CHARS = 80
# 80 letters of a non-Latin script take up to 320 bytes; file names stop at 255.
MAX_BYTES = 200
_PUNCTUATION = frozenset("-_.")
_ALLOWED = "letters, digits, '-', '_' and '.'"


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an article id, in a few words; None when it can."""
    if not text:
        return "it is empty"
    if len(text) > MAX_CHARS:
        return f"it is longer than {MAX_CHARS} characters"
    if not text[0].isalnum():
        return f"it starts with {_describe(text[0])}; ids start with a letter or digit"
    for char in text:
        if not (char.isalnum() or char in _PUNCTUATION):
            return f"it contains {_describe(char)}; ids use only {_ALLOWED}"
    if len(text.encode("utf-8")) > MAX_BYTES:
        return f"it is longer than {MAX_BYTES} bytes"
    if not unicodedata.is_normalized("NFC", text):
        return "its accented letters are not in composed (NFC) form"
    return None


def is_valid_id(text: str) -> bool:
    return id_problem(text) is None


def check_id(text: str) -> str:
    """``text`` when it is a valid id; InvalidInput naming the id and the reason otherwise."""
    problem = id_problem(text)
    if problem is not None:
        raise InvalidInput(f"{shown(text)} is not a valid article id: {problem}")
    return text


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a one-line message: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    if cut.isprintable():
        return f"'{cut}'"
    return repr(cut)


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isprintable():
        return f"'{char}'"
    return f"the invisible character U+{ord(char):04X}"


def unique_id(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... whichever is not in ``used``; the stem is cut
    when a suffix would make the id longer than ``MAX_CHARS``."""
    candidate, n = stem, 2
    while candidate in used:
        suffix = f"-{n}"
        candidate, n = f"{stem[: MAX_CHARS - len(suffix)]}{suffix}", n + 1
    return candidate
