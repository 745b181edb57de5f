"""Formatted citations in six CSL styles (citeproc-py and the CSL project's style files)."""

import datetime as dt

import pytest

from app.core.annotations.model import Annotation
from app.core.article import Article
from app.core.errors import InvalidInput
from app.core.export.styles import (
    STYLES,
    bibliography,
    cite_article,
    csl_folder,
    quote_with_citation,
)

SIGNED = Article(
    id="aegis",
    title="Japan scraps Aegis Ashore plan",
    body="x",
    author="Jane Smith",
    source="Reuters",
    date=dt.date(2020, 6, 15),
    url="https://example.com/aegis",
    extra={"accessed": "2024-01-02"},
)
UNSIGNED = Article(
    id="talks", title="Talks resume", body="x", source="BBC", date=dt.date(2019, 1, 5)
)

# One reference per style for the signed article, as each style's manual writes it.
EXPECTED = {
    "apa": "Smith, J. (2020, June 15). Japan scraps Aegis Ashore plan. Reuters. "
    "https://example.com/aegis",
    "chicago-author-date": "Smith, J. 2020. “Japan Scraps Aegis Ashore Plan.” Reuters, June 15. "
    "https://example.com/aegis.",
    "chicago-note": "Smith, J. “Japan Scraps Aegis Ashore Plan.” Reuters, June 15, 2020. "
    "https://example.com/aegis.",
    "mla": "Smith, J. “Japan Scraps Aegis Ashore Plan.” Reuters, 15 June 2020, "
    "https://example.com/aegis.",
    "harvard": "Smith, J. (2020) “Japan scraps Aegis Ashore plan,” Reuters, 15 June. "
    "Available at: https://example.com/aegis (Accessed: January 2, 2024).",
    "vancouver": "1. Smith J. Japan scraps Aegis Ashore plan. Reuters [Internet]. 2020 June 15 "
    "[cited 2024 Jan 2]. Available from: https://example.com/aegis",
}


def test_the_style_files_are_shipped() -> None:
    assert sorted(p.name for p in csl_folder().glob("*.csl")) == [
        "apa.csl",
        "chicago-author-date.csl",
        "chicago-notes-bibliography.csl",
        "modern-language-association.csl",
        "vancouver.csl",
    ]


@pytest.mark.parametrize("style", STYLES)
def test_each_style_writes_the_reference(style: str) -> None:
    assert cite_article("aegis", SIGNED, style).text == EXPECTED[style]


@pytest.mark.parametrize("style", STYLES)
def test_no_stray_label_and_no_title_twice_for_an_unsigned_article(style: str) -> None:
    """citeproc_fixes: an empty edition prints no "Edition"; a title (or source) standing
    in for the missing author is not repeated; dates keep their spaces."""
    text = cite_article("talks", UNSIGNED, style).text
    assert "dition" not in text
    assert text.casefold().count("talks resume") == 1
    assert "2019Jan" not in text and "2019January" not in text


def test_the_bibliography_follows_the_style_order() -> None:
    articles = [("talks", UNSIGNED), ("aegis", SIGNED)]
    assert [key for key, _entry in bibliography(articles, "apa")] == ["aegis", "talks"]
    numbered = bibliography(articles, "vancouver")
    assert [entry[:3] for _key, entry in numbered] == ["1. ", "2. "]
    assert [key for key, _entry in numbered] == ["talks", "aegis"]  # order of citation


def test_markdown_and_html_mark_emphasis_and_escape_the_text() -> None:
    odd = Article(id="odd", title="Stars *and* <b>tags</b>", body="x", source="The_Times & Co")
    ((_key, entry),) = bibliography([("odd", odd)], "apa", "md")
    assert "*The\\_Times & Co*" in entry
    assert "Stars \\*and\\* \\<b\\>tags\\</b\\>" in entry
    marked = cite_article("odd", odd, "apa").html
    assert "Stars *and* &lt;b&gt;tags&lt;/b&gt;" in marked and "<i>The_Times &amp; Co</i>" in marked


def test_quote_with_citation_as_text_and_html() -> None:
    annotation = Annotation(
        id="urn:uuid:1", article_id="aegis", created="", modified="", exact="scrapped\n the plan"
    )
    cited = quote_with_citation(annotation, SIGNED, "apa")
    assert cited.text == f"“scrapped the plan” (Smith, 2020)\n\n{EXPECTED['apa']}"
    assert cited.html.startswith("<blockquote><p>“scrapped the plan” (Smith, 2020)</p>")
    assert "<i>Reuters</i>" in cited.html
    note = quote_with_citation(annotation, SIGNED, "chicago-note").text
    assert note.startswith("“scrapped the plan” J. Smith, “Japan Scraps Aegis Ashore Plan,”")


def test_an_unknown_style_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="unknown citation style 'ieee'; use one of apa"):
        cite_article("aegis", SIGNED, "ieee")
