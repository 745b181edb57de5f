"""The front matter Readmark writes, read without YAML's composer when it is that simple.

A full build reads every library file, and PyYAML's composer and constructor run in Python
(only the scanner is libyaml's): a sixth of a build's CPU, ~0.1 ms an article for a handful
of ``key: value`` lines. ``quick_fields`` reads the shapes ``front_matter`` writes (plain
and single-quoted scalars on one line, empty values, ``[]``, block lists of such scalars at
the margin) and gives up, answering None, on anything else, which then goes through
``parse_front_matter`` as before. A plain scalar is taken as text only when YAML's own
resolver says it is a string (not a number, boolean, null or date), and as a day when it
resolves to a timestamp written as a plain ISO day, so YAML's typing rules are not restated
here. ``tests/core/test_build_front_matter.py`` compares both readers on random articles,
random front matter and the corpus.
"""

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from app.core.article import (
    MAX_LIBRARY_FRONT_MATTER_CHARS,
    Article,
    article_from_fields,
    slugify,
    split_front_matter,
)
from app.core.ids import id_problem
from app.core.library import parse_library_file

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# What a plain scalar may start with: not blank and not a YAML indicator.
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_RESOLVER = Resolver()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _GiveUp(Exception):
    """A shape this reader leaves to YAML."""


@lru_cache(maxsize=4096)
def _resolved(text: str) -> str:
    """YAML's tag for a plain scalar; kept, since keys and tags repeat in every file."""
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def _scalar(text: str) -> Any:
    """The value of one scalar written on one line (after ``key: `` or ``- ``)."""
    if text == "":
        return None
    if text[0] == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _GiveUp
        if not inner.isprintable():
            raise _GiveUp
        return inner.replace("''", "'")
    if (
        not _PLAIN_START.match(text)
        or not text.isprintable()
        or text != text.rstrip()
        or ": " in text
        or " #" in text
        or text.endswith(":")
    ):
        raise _GiveUp
    tag = _resolved(text)
    if tag == _STR:
        return text
    if tag == _TIMESTAMP and _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _GiveUp from None
    raise _GiveUp


def quick_fields(raw: str) -> dict[str, Any] | None:
    """The fields of a front matter block in the shapes Readmark writes, or None."""
    if len(raw) > MAX_LIBRARY_FRONT_MATTER_CHARS:
        return None
    fields: dict[str, Any] = {}
    lines = raw.split("\n")
    if lines[-1] == "":
        lines.pop()
    at = 0
    try:
        while at < len(lines):
            match = _KEY_LINE.fullmatch(lines[at])
            if match is None or _resolved(match.group(1)) != _STR:
                return None
            at += 1
            value = match.group(2)
            if value == "[]":
                fields[match.group(1)] = []
            elif value or at == len(lines) or not lines[at].startswith("-"):
                fields[match.group(1)] = _scalar(value or "")
            else:
                items = []
                while at < len(lines) and lines[at].startswith("-"):
                    line = lines[at]
                    if line != "-" and not line.startswith("- "):
                        return None
                    items.append(_scalar(line[2:]))
                    at += 1
                fields[match.group(1)] = items
    except _GiveUp:
        return None
    return fields


def parse_library_file_quickly(text: str, path: Path) -> Article:
    """``parse_library_file``'s article, its front matter read by ``quick_fields`` when
    that can; any other file (and any problem) goes through ``parse_library_file``."""
    raw, body = split_front_matter(text)
    meta = quick_fields(raw) if raw is not None else None
    if meta is None:
        return parse_library_file(text, path)
    article = article_from_fields(meta, body, fallback_id=slugify(path.stem), path=path)
    if id_problem(article.id) is not None:
        return parse_library_file(text, path)  # which names the problem
    return article
