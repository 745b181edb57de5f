"""The real corpora: every BBC story and every Reuters-21578 record imports, keeping its
words. One import of both into a temporary library, shared by the tests of this module."""

import html
import re
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.importers import ImportReport, import_paths
from app.core.text_decode import decode_bytes
from app.core.workspace import Workspace
from tests.conftest import CORPUS, require_shared
from tests.core.wording import title_is_from_text, wording_problem, words

pytestmark = pytest.mark.slow
BBC = CORPUS / "bbc"
REUTERS = CORPUS / "reuters21578"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")


@pytest.fixture(scope="module")
def corpus_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, ImportReport]:
    require_shared(CORPUS)
    root = tmp_path_factory.mktemp("corpus")
    workspace = Workspace(root / "library", root / "data")
    paths = [BBC / c for c in CATEGORIES] + sorted(REUTERS.glob("reut2-*.sgm"))
    return workspace, import_paths(workspace, paths, folder_tags=True)  # BBC's categories


def _by_origin(workspace: Workspace) -> dict[str, Article]:
    return {a.imported_from: a for a in workspace.library if a.imported_from}


def _reuters_records() -> dict[str, bytes]:
    """The raw records, cut out independently of the importer: ``file#NEWID`` to bytes."""
    records = {}
    for sgm in sorted(REUTERS.glob("reut2-*.sgm")):
        for match in re.finditer(rb'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>',
                                 sgm.read_bytes(), re.S):  # fmt: skip
            records[f"{sgm.name}#{match.group(1).decode()}"] = match.group(2)
    return records


def _reuters_source(record: str) -> tuple[str, bool]:
    """The record's own words: headline, dateline and body; (text, has a TITLE element).

    A brief record's placeholder text "Blah blah blah." is not part of the story.
    """

    def element(tag: str) -> str:
        found = re.search(rf"<{tag}>(.*?)</{tag}>", record, re.S)
        return found.group(1) if found else ""

    if "<TITLE>" not in record:
        text = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", record, re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", text[1] if text else "")), False
    parts = [element("TITLE"), element("DATELINE"), element("BODY")]
    return html.unescape(" ".join(parts)), True


def test_every_bbc_story_imports(corpus_import: tuple[Workspace, ImportReport]) -> None:
    workspace, report = corpus_import
    bbc_files = sorted(BBC.glob("*/*.txt"))
    assert len(bbc_files) == 2225
    from_bbc = [i for i in report.imported if "/bbc/" in i.source]
    copies = [d for d in report.duplicates if "/bbc/" in d.source]
    assert not [f for f in report.failed if "/bbc/" in f.source]
    assert len(from_bbc) + len(copies) == 2225
    for duplicate in copies:  # a copy is byte-for-byte the text of an imported story
        original = workspace.library.get(duplicate.existing_id)
        assert original.path is not None and original.path.exists()


def test_bbc_headline_folder_tag_and_wording(
    corpus_import: tuple[Workspace, ImportReport],
) -> None:
    workspace, _report = corpus_import
    articles = _by_origin(workspace)
    problems = []
    checked = 0
    for path in sorted(BBC.glob("*/*.txt")):
        article = articles.get(f"{path.parent.name}/{path.name}")
        if article is None:
            continue  # a duplicate, checked above
        checked += 1
        text = decode_bytes(path.read_bytes())
        headline = next(line for line in text.splitlines() if line.strip()).strip()
        assert article.title == " ".join(headline.split()), path
        assert article.tags == [path.parent.name]
        problem = wording_problem(text, article, [article.title])
        if problem:
            problems.append(problem)
    assert checked > 2000
    assert problems == []


def test_every_reuters_record_imports(corpus_import: tuple[Workspace, ImportReport]) -> None:
    workspace, report = corpus_import
    records = _reuters_records()
    assert len(records) == 21578
    imported = [i for i in report.imported if "/reuters21578/" in i.source]
    copies = [d for d in report.duplicates if "/reuters21578/" in d.source]
    failed = [f for f in report.failed if "/reuters21578/" in f.source]
    assert len(imported) + len(copies) + len(failed) == 21578
    for failure in failed:  # only records without a single word are reported and skipped
        record = records[Path(failure.source).name].decode("latin-1")
        assert words(_reuters_source(record)[0]) == [], failure
    for item in imported[:50]:
        article = workspace.library.get(item.id)
        assert article.source == "Reuters"


def test_reuters_metadata_and_wording(corpus_import: tuple[Workspace, ImportReport]) -> None:
    workspace, _report = corpus_import
    articles = _by_origin(workspace)
    problems = []
    for origin, raw in _reuters_records().items():
        article = articles.get(origin)
        if article is None:
            continue
        try:
            record = raw.decode("utf-8")
        except UnicodeDecodeError:
            record = raw.decode("cp1252", errors="replace")
        text, titled = _reuters_source(record)
        header = [article.title] if titled or not title_is_from_text(article) else []
        problem = wording_problem(text, article, header)
        if problem:
            problems.append(problem)
    assert problems[:20] == []
