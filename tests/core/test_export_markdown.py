"""Markdown research notes pasted into Obsidian or a word processor: a note's headings never
outrank the article's, each article links back to its file and web page, and a citation
without a source still says where the text came from."""

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.export import select
from app.core.export.formats import NOTE_HEADING_LEVEL, demote_headings, to_markdown
from app.core.library import Library

BODY = "Ministers met in Brussels.\n\nThey agreed on the budget."


def _notes(library_dir: Path, data_dir: Path, note: str, **fields: str) -> str:
    library = Library(library_dir)
    library.add(Article(id="brussels", title="Ministers meet", body=BODY, **fields))
    store = AnnotationStore(data_dir / "annotations", library)
    store.create("brussels", 0, 9, note=note)
    return to_markdown(select(store))


def _heading_levels(text: str) -> list[int]:
    """Heading levels as a CommonMark reader (Obsidian, pandoc's commonmark) sees them."""
    tokens = MarkdownIt("commonmark").parse(text)
    return [int(t.tag[1]) for t in tokens if t.type == "heading_open"]


def test_a_note_that_starts_with_a_heading_stays_below_the_article(
    library_dir: Path, data_dir: Path
) -> None:
    note = "# Summary\n\nBudget first.\n\nDetails\n=======\n\n```\n# not a heading\n```\n"
    text = _notes(library_dir, data_dir, note)
    levels = _heading_levels(text)
    assert levels[:2] == [1, 2]  # "Research notes", then the article
    assert levels[-1] == 2  # the bibliography
    assert all(level >= NOTE_HEADING_LEVEL for level in levels[2:-1]) and len(levels) == 5
    assert "```\n# not a heading\n```" in text


def test_each_article_links_to_its_file_and_web_page(library_dir: Path, data_dir: Path) -> None:
    text = _notes(library_dir, data_dir, "", url="https://example.org/brussels")
    path = (library_dir / "brussels.md").resolve()
    assert f"[brussels.md]({path.as_uri()})" in text
    assert "[web](https://example.org/brussels)" in text


def test_a_citation_without_a_source_names_the_file_and_date(
    library_dir: Path, data_dir: Path
) -> None:
    library = Library(library_dir)
    library.add(Article(id="undated", title="Ministers meet", body=BODY, date=dt.date(2024, 3, 1)))
    store = AnnotationStore(data_dir / "annotations", library)
    store.create("undated", 0, 9)
    text = to_markdown(select(store))
    assert "## Ministers meet\n\n*Ministers meet*. (2024, March 1).\n" in text  # APA
    assert "Article: [undated.md](file://" in text  # where it came from: its file


@settings(max_examples=400)
@given(st.text(alphabet="#= -`~>1.ab\n", max_size=80))
def test_no_heading_of_a_note_is_above_the_note_level(note: str) -> None:
    levels = _heading_levels(demote_headings(note))
    assert all(level >= NOTE_HEADING_LEVEL for level in levels)
