"""The build's quick front-matter reader against YAML's (``parse_front_matter``) and the
library's (``parse_library_file``): whatever it reads, it reads the same, values and types;
anything else it leaves to them."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.article import (
    MAX_LIBRARY_FRONT_MATTER_CHARS,
    Article,
    FrontMatterError,
    FrontMatterRefused,
    parse_front_matter,
    serialize_article,
    split_front_matter,
)
from app.core.index.front_matter import parse_library_file_quickly, quick_fields
from app.core.library import parse_library_file
from tests.core.search_fixtures import bbc_library, make_library


def typed(value: Any) -> Any:
    """A value with the type of every part, so 1 and True, or a date and a string, differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def yaml_reads(raw: str) -> Any:
    try:
        return typed(parse_front_matter(raw, MAX_LIBRARY_FRONT_MATTER_CHARS))
    except (FrontMatterError, FrontMatterRefused):
        return "refused"


TRICKY = [
    "", "yes", "No", "on", "~", "null", "Null", "1.50", "0x1F", "017", "1_000", "190:20:30",
    "12", ".inf", "2024-01-05", "2024-13-45", "2024-01-05 10:00:00", "2001-12-14t21:59:43.10-05:00",
    "a: b", "a #b", "a#b", "a:", "a:b", "-5", "- x", "-", "[]", "[a]", "{}", "'it''s'", "'bad' x'",
    "''", "'", "' spaced '", '"quoted"', "text", "Zürich café", " lead", "trail ", "tab\there",
    "#c", "&a", "*a", "!t", "|", ">", "%x", "@x", "`x", "?x", ",x", "a, b", "a [b] {c}",
    "\u00a0nbsp", "nel\x85", "x\u2028y", "<CNF> 3RD QTR", "U.S. TRADE", "http://x.org/a?b=c#d",
]  # fmt: skip
KEYS = ["id", "title", "author", "date", "source", "url", "tags", "imported_from", "lang",
        "on", "yes", "null", "1", "Title", "a b", "_x"]  # fmt: skip
_scalar = st.sampled_from(TRICKY) | st.text(max_size=12)
_line = st.one_of(
    st.tuples(st.sampled_from(KEYS), _scalar).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.sampled_from(KEYS).map(lambda k: f"{k}:"),
    _scalar.map(lambda v: f"- {v}"),
    st.sampled_from(["-", "  - x", "# note", "...", "key:  two spaces", "x:\r", "\ufeffid: a"]),
)


@settings(max_examples=400)
@given(st.lists(_line, max_size=8))
def test_quick_fields_read_what_yaml_reads_or_give_up(lines: list[str]) -> None:
    raw = "\n".join(lines) + "\n"
    quick = quick_fields(raw)
    if quick is not None:
        assert typed(quick) == yaml_reads(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "id: a\ntitle: 'It''s: here'\nauthor:\ndate: 1987-10-19\ntags:\n- earn\n- usa\n",
        "title: T\ntags: []\nurl:\n",
        "title: \n",
        "",
    ],
)
def test_the_shapes_readmark_writes_are_read_quickly(raw: str) -> None:
    quick = quick_fields(raw)
    assert quick is not None
    assert typed(quick) == yaml_reads(raw)


_words = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(list(":#'\"- ")),
    max_size=30,
)


@settings(max_examples=300)
@given(
    _words,
    _words | st.sampled_from(TRICKY),
    st.none() | _words,
    st.none() | st.dates(dt.date(1800, 1, 1), dt.date(2100, 1, 1)),
    st.lists(st.sampled_from(TRICKY) | _words, max_size=4),
    st.dictionaries(
        st.sampled_from(["lang", "keywords", "on"]), _words | st.integers(), max_size=2
    ),
)
def test_articles_read_back_as_the_library_reads_them(
    article_id: str, title: str, author: str | None, day: dt.date | None, tags: list[str],
    extra: dict[str, Any],
) -> None:  # fmt: skip
    article = Article(
        id=article_id, title=title, body="Body text.\n", author=author, date=day,
        source="Reuters", tags=tags, extra=extra,
    )  # fmt: skip
    text = serialize_article(article)
    path = Path("/library/some-article.md")
    try:
        expected: Any = parse_library_file(text, path)
    except (FrontMatterError, FrontMatterRefused) as exc:
        expected = type(exc)
    try:
        found: Any = parse_library_file_quickly(text, path)
    except (FrontMatterError, FrontMatterRefused) as exc:
        found = type(exc)
    assert found == expected
    if isinstance(expected, Article):
        assert typed(expected.extra) == typed(found.extra)


def test_library_files_read_the_same_and_quickly(tmp_path: Path) -> None:
    """Seed articles and BBC stories as the import writes them: every front matter read by
    the quick reader, every article equal to the library's."""
    library = make_library(tmp_path / "library")
    bbc_library(tmp_path / "library", 200)
    paths = sorted(library.root.glob("*.md"))
    assert len(paths) > 200
    for path in paths:
        text = path.read_text("utf-8")
        raw, _body = split_front_matter(text)
        assert raw is not None and quick_fields(raw) is not None, path.name
        assert parse_library_file_quickly(text, path) == parse_library_file(text, path)
