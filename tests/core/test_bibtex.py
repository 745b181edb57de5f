"""BibLaTeX export read back by a BibTeX parser (bibtexparser) and by pandoc."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.export import select, write_export
from app.core.export.bibtex import to_bibtex
from app.core.library import Library

HOSTILE_TITLE = "50% of {Japan}'s $2bn_plan & more #1 ~ ^ \\ end"


@pytest.fixture
def bib(library_dir: Path, data_dir: Path, tmp_path: Path) -> Path:
    library = Library(library_dir)
    library.add(
        Article(
            id="aegis",
            title=HOSTILE_TITLE,
            body="Japan dropped the plan.",
            author="Jane Smith; Reuters Staff",
            source="Reuters",
            date=dt.date(2020, 6, 15),
            url="https://example.com/a_b?x=1&y=2",
            extra={"accessed": "2024-01-02"},
        )
    )
    library.add(
        Article(
            id="blog.post-2",
            title="Café notes",
            body="Coffee was served.",
            url="https://www.blog.example.org/p",
            extra={"accessed": "2024-02-03"},
        )
    )
    store = AnnotationStore(data_dir / "annotations", library)
    store.create("aegis", 0, 5)
    store.create("blog.post-2", 0, 6)
    path = tmp_path / "refs.bib"
    write_export(path, to_bibtex(select(store)))
    return path


def _fields(bib: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Each entry's type and fields: text fields decoded from TeX, the verbatim ones
    (url, dates) as written."""
    text = bib.read_text(encoding="utf-8")
    raw = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not raw.failed_blocks and not decoded.failed_blocks
    found = {}
    for plain, tex in zip(raw.entries, decoded.entries, strict=True):
        values = {f.key: f.value for f in tex.fields}
        values.update({f.key: f.value for f in plain.fields if f.key in VERBATIM})
        found[plain.key] = (plain.entry_type, values)
    return found


VERBATIM = {"url", "urldate", "date", "entrysubtype"}


def test_bibtex_parsed_back_field_by_field(bib: Path) -> None:
    entries = _fields(bib)
    kind, fields = entries["aegis"]
    assert kind == "article"
    # pylatexenc writes TeX's \textasciicircum as U+02C6, the glyph TeX prints for it
    fields["title"] = fields["title"].replace("\u02c6", "^")
    assert fields == {
        "title": HOSTILE_TITLE,
        "entrysubtype": "newspaper",
        "author": "Smith, Jane and Reuters Staff",
        "date": "2020-06-15",
        "journaltitle": "Reuters",
        "url": "https://example.com/a_b?x=1&y=2",
        "urldate": "2024-01-02",
    }
    kind, fields = entries["blog.post-2"]
    assert kind == "online"
    assert fields == {
        "title": "Café notes",
        "publisher": "blog.example.org",
        "url": "https://www.blog.example.org/p",
        "urldate": "2024-02-03",
    }


def _pandoc() -> str:
    found = shutil.which("pandoc")
    if found is None:
        pytest.skip("pandoc is not installed (make system-deps installs it from Debian)")
    return found


def test_pandoc_reads_the_fields_as_meant(bib: Path) -> None:
    pandoc = _pandoc()
    done = subprocess.run(
        [pandoc, str(bib), "-f", "biblatex", "-t", "csljson"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    items = {i["id"]: i for i in json.loads(done.stdout)}
    aegis = items["aegis"]
    assert aegis["title"] == HOSTILE_TITLE.replace("'", "’")  # pandoc's typographic quote
    assert aegis["author"] == [{"family": "Smith", "given": "Jane"}, {"literal": "Reuters Staff"}]
    assert aegis["container-title"] == "Reuters"
    assert aegis["issued"] == {"date-parts": [[2020, 6, 15]]}
    assert aegis["accessed"] == {"date-parts": [[2024, 1, 2]]}
    assert aegis["URL"] == "https://example.com/a_b?x=1&y=2"
    assert items["blog.post-2"]["publisher"] == "blog.example.org"


def test_pandoc_citeproc_cites_from_the_file(bib: Path, tmp_path: Path) -> None:
    pandoc = _pandoc()
    doc = tmp_path / "paper.md"
    doc.write_text("As reported [@aegis].\n", encoding="utf-8")
    done = subprocess.run(
        [pandoc, str(doc), "--citeproc", "--bibliography", str(bib), "-t", "plain"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    out = " ".join(done.stdout.split())
    assert "(Smith and Reuters Staff 2020)" in out
    assert "“50% of {Japan}’s $2bn_plan & more" in out  # the headline as written
    assert "Reuters, June 15" in out and "https://example.com/a_b?x=1&y=2" in out
