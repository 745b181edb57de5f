"""Exports: selection and order, Markdown notes, CSV, W3C JSON-LD, CSL-JSON, safe writing."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.errors import ExportFailed, InvalidInput
from app.core.export import select, write_export
from app.core.export.formats import (
    CSV_COLUMNS,
    CSV_ENCODING,
    render_export,
    to_csl_json,
    to_csv,
    to_jsonld,
    to_markdown,
)
from app.core.library import Library
from app.core.render import render
from tests.core.library_files import rewrite_outside
from tests.core.test_annotation_w3c import must_failures

SUMMIT = (
    "NATO leaders meet in Washington. Japan dropped *Aegis Ashore* in 2020.\n\n"
    "Critics say the costs — über-high — were the reason. 東京 was consulted."
)


@pytest.fixture
def store(library_dir: Path, data_dir: Path) -> AnnotationStore:
    library = Library(library_dir)
    library.add(
        Article(
            id="summit",
            title="NATO Prepares for 75th Summit",
            body=SUMMIT,
            author="Olga Nesterova",
            date=dt.date(2024, 6, 19),
            source="ONEST",
            url="https://example.org/nato-summit",
        )
    )
    library.add(
        Article(id="briefing", title="A briefing", body="Stoltenberg previewed the summit.")
    )
    store = AnnotationStore(data_dir / "annotations", library)
    text = render(SUMMIT).text
    for quote, colour, tags, note in (
        ("Critics say", "blue", ["costs"], "Who are the critics?\nSee *page 2*."),
        ("Aegis Ashore", "yellow", ["aegis-ashore", "Japan"], "follow up"),
        ("東京 was consulted", "pink", ["🇯🇵"], ""),
    ):
        start = text.index(quote)
        store.create("summit", start, start + len(quote), colour=colour, tags=tags, note=note)
    store.create_note("summit", "Overall: a **useful** piece.", tags=["meta"])
    store.create("briefing", 0, 11, colour="green", tags=["aegis-ashore"])
    return store


def orphan_one(store: AnnotationStore) -> None:
    """Rewrite the article so the 'Critics say' highlight can no longer be placed."""
    article = store.library.get("summit")
    article.body = "NATO leaders meet in Washington. Japan dropped *Aegis Ashore* in 2020.\n"
    rewrite_outside(store.library, article)


def test_selection_filters_and_orders_by_article_then_position(store: AnnotationStore) -> None:
    entries = select(store)
    assert [e.article_id for e in entries] == ["briefing"] + ["summit"] * 4
    summit = [e.annotation.exact for e in entries[1:]]
    assert summit == [None, "Aegis Ashore", "Critics say", "東京 was consulted"]
    assert {e.article_id for e in select(store, tag="AEGIS-ashore")} == {"briefing", "summit"}
    assert [e.annotation.exact for e in select(store, colour="pink")] == ["東京 was consulted"]
    assert len(select(store, article_ids={"briefing"})) == 1
    assert select(store, tag="none-such") == []
    with pytest.raises(InvalidInput, match="unknown colour"):
        select(store, colour="mauve")


def test_markdown_notes_cite_each_article_and_list_orphans(store: AnnotationStore) -> None:
    orphan_one(store)
    text = to_markdown(select(store))
    assert text.startswith("# Research notes\n")
    assert "## NATO Prepares for 75th Summit\n" in text
    apa = (
        "Nesterova, O. (2024, June 19). NATO Prepares for 75th Summit. *ONEST*. "
        "https://example.org/nato-summit"
    )
    assert f"## NATO Prepares for 75th Summit\n\n{apa}\n" in text
    assert text.rstrip().endswith(f"## Bibliography\n\n- *A briefing*. (n.d.).\n- {apa}")
    assert "> Aegis Ashore\n\nfollow up\n\n#aegis-ashore #Japan · yellow" in text
    assert "Overall: a **useful** piece." in text and "#meta" in text
    orphans = text.split("### Orphaned highlights")[1]
    assert "> Critics say" in orphans and "Who are the critics?" in orphans
    assert "> 東京 was consulted" in orphans
    assert text.index("## A briefing") < text.index("## NATO")


def test_markdown_escapes_quotes_that_would_read_as_formatting() -> None:
    from app.core.export.formats import blockquote

    assert blockquote("# not a heading\n*not bold* [x](y)") == (
        "> \\# not a heading\n> \\*not bold\\* \\[x\\](y)"
    )


def test_csv_is_rfc4180_utf8_with_bom_and_keeps_every_character(
    store: AnnotationStore, tmp_path: Path
) -> None:
    text, encoding = render_export("csv", select(store))
    assert encoding == CSV_ENCODING
    path = tmp_path / "out.csv"
    write_export(path, text, encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == 5
    critics = next(r for r in rows if r["quote"] == "Critics say")
    assert critics["note"] == "Who are the critics?\nSee *page 2*."
    assert critics["author"] == "Olga Nesterova" and critics["date"] == "2024-06-19"
    assert critics["status"] == "exact" and int(critics["end"]) - int(critics["start"]) == 11
    aegis = next(r for r in rows if r["quote"] == "Aegis Ashore")
    assert aegis["tags"] == "aegis-ashore;Japan" and aegis["colour"] == "yellow"
    assert next(r for r in rows if r["colour"] == "pink")["quote"] == "東京 was consulted"
    assert "über-high" in next(r for r in rows if r["quote"] == "Critics say")["suffix"]
    note_row = next(r for r in rows if r["status"] == "note")
    assert note_row["quote"] == "" and note_row["start"] == ""


def test_jsonld_is_a_collection_whose_annotations_pass_every_must(store: AnnotationStore) -> None:
    data = json.loads(to_jsonld(select(store)))
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    sources = {item["target"]["source"] for item in page["items"]}
    assert sources == {"https://example.org/nato-summit", "urn:readmark:article:briefing"}
    for item in page["items"]:
        assert must_failures(item) == []


def test_csl_json_cites_each_article_once(store: AnnotationStore) -> None:
    items = json.loads(to_csl_json(select(store)))
    assert [i["id"] for i in items] == ["briefing", "summit"]
    summit = items[1]
    accessed = summit.pop("accessed")  # the day the article's file was saved
    assert len(accessed["date-parts"][0]) == 3
    assert summit == {
        "id": "summit",
        "type": "article-newspaper",
        "title": "NATO Prepares for 75th Summit",
        "author": [{"family": "Nesterova", "given": "Olga"}],
        "container-title": "ONEST",
        "issued": {"date-parts": [[2024, 6, 19]]},
        "URL": "https://example.org/nato-summit",
    }
    assert items[0] == {"id": "briefing", "type": "article-newspaper", "title": "A briefing"}


def test_author_names_for_citations() -> None:
    from app.core.export.citation import _names

    assert _names("Jane Doe and John Smith") == [
        {"family": "Doe", "given": "Jane"},
        {"family": "Smith", "given": "John"},
    ]
    assert _names("Reuters Staff") == [{"literal": "Reuters Staff"}]
    assert _names("Madonna") == [{"literal": "Madonna"}]


def test_missing_articles_are_exported_with_a_note_saying_so(store: AnnotationStore) -> None:
    store.library.forget("briefing")
    text = to_markdown(select(store))
    assert "## Missing article briefing" in text
    assert "Article `briefing` is no longer in the library." in text
    assert "briefing" in to_csv(select(store))


def test_export_to_a_missing_folder_or_a_folder_path_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="does not exist"):
        write_export(tmp_path / "nope" / "out.md", "x")
    with pytest.raises(ExportFailed, match="is a folder"):
        write_export(tmp_path, "x")
    blocker = tmp_path / "file"
    blocker.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportFailed):
        write_export(blocker / "out.md", "x")
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown export format 'docx'"):
        render_export("docx", [])
