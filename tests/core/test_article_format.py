"""The article file format: front matter round-trips, odd fields are tolerated."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.article import (
    Article,
    FrontMatterError,
    parse_article,
    serialize_article,
    slugify,
)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    article = Article(
        id="nato-summit",
        title='NATO: "75th" Summit',
        body="First paragraph.\n\nSecond — with ünïcode.\n",
        author="Olga Nesterova",
        date=dt.date(2024, 6, 19),
        source="ONEST",
        url="https://example.org/a",
        tags=["nato", "Ukraine"],
        imported_from="000.txt",
        extra={"language": "en"},
    )
    path = tmp_path / "a.md"
    path.write_text(serialize_article(article), encoding="utf-8")
    back = parse_article(path.read_text(encoding="utf-8"), path)
    assert (back.id, back.title, back.author, back.date, back.source, back.url) == (
        article.id,
        article.title,
        article.author,
        article.date,
        article.source,
        article.url,
    )
    assert back.tags == article.tags
    assert back.body == article.body
    assert back.extra == {"language": "en"}


def test_missing_optional_fields_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "Hand Written.md"
    article = parse_article(
        "---\ntitle: Only a title\ndate: not a date\ntags: a, b\n---\nBody", path
    )
    assert article.id == "hand-written"
    assert article.date is None
    assert article.tags == ["a", "b"]
    assert article.author is None


def test_file_without_front_matter_is_all_body(tmp_path: Path) -> None:
    article = parse_article("Just text\n---\nnot front matter\n", tmp_path / "x.md")
    assert article.body.startswith("Just text")


@pytest.mark.parametrize("raw", ["title: [unclosed\n", "- a list\n- not a mapping\n"])
def test_broken_front_matter_is_reported(tmp_path: Path, raw: str) -> None:
    with pytest.raises(FrontMatterError):
        parse_article(f"---\n{raw}---\nBody\n", tmp_path / "x.md")


def test_slugify_folds_accents_and_cuts_at_a_word() -> None:
    assert slugify("Ünïcode Ça va: NATO’s 75th Summit!") == "unicode-ca-va-natos-75th-summit"
    slug = slugify("word " * 40)
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slugify("!!!") == "article"


@given(
    title=st.text(min_size=1).filter(lambda t: t.strip()),
    body=st.text(),
    tags=st.lists(st.text(min_size=1).filter(lambda t: t.strip() == t and "," not in t)),
)
def test_any_title_body_and_tags_round_trip(title: str, body: str, tags: list[str]) -> None:
    article = Article(id="x", title=title.strip(), body=body, tags=tags)
    back = parse_article(serialize_article(article), Path("x.md"))
    assert back.title == article.title
    assert back.tags == [t for t in tags if t.strip()]
    assert back.body.rstrip("\n") == body.rstrip("\n") or back.body == body + "\n"
