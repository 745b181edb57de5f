"""Folder imports pass over what is not an article: the rule on names, the content test
measured on the real corpus, and the folder walk that applies both."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.importers import import_paths
from app.core.importers.not_articles import content_reason, name_reason
from app.core.importers.report import ImportReport
from app.core.importers.runner import Job, _walk, parse_job
from app.core.workspace import Workspace
from tests.conftest import CORPUS, SEEDS, SHARED, require_shared

BBC = CORPUS / "bbc"
REUTERS = CORPUS / "reuters21578"
REUTERS_PAPERS = {
    "README.txt",
    "all-exchanges-strings.lc.txt",
    "all-orgs-strings.lc.txt",
    "all-people-strings.lc.txt",
    "all-places-strings.lc.txt",
    "all-topics-strings.lc.txt",
    "cat-descriptions_120396.txt",
    "feldman-cia-worldfactbook-data.txt",
}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("README.txt", "a README file"),
        ("readme", "a README file"),
        ("README.TXT", "a README file"),
        ("LICENSE", "a licence"),
        ("licence.md", "a licence"),
        ("LICENSE-MIT.txt", "a licence"),
        ("COPYING.LESSER", "a licence"),
        ("CHANGELOG.md", "a CHANGELOG file"),
    ],
)
def test_papers_are_known_by_name(name: str, kind: str) -> None:
    assert name_reason(Path("folder") / name) == f"{kind}, not an article"


@pytest.mark.parametrize(
    "name", ["001.txt", "readmark-news.txt", "licensing-row.txt", "news.md", "copyright-case.html"]
)
def test_articles_named_near_a_paper_are_kept(name: str) -> None:
    assert name_reason(Path(name)) is None


def test_every_bbc_story_and_the_seeds_pass_the_content_test() -> None:
    stories = sorted(require_shared(BBC).glob("*/*.txt"))
    assert len(stories) == 2225
    texts = [*stories, *sorted(require_shared(SEEDS).glob("*.txt"))]
    texts.append(require_shared(SHARED / "samples" / "lexisnexis" / "sample.TXT"))
    assert [p for p in texts if content_reason(p.read_bytes()) is not None] == []


def _walk_and_parse(root: Path) -> tuple[list[Job], dict[str, str]]:
    report = ImportReport()
    jobs = list(_walk(root, report))
    skipped = {Path(s.source).name: s.reason for s in report.skipped}
    for job in jobs:
        if Path(job.path).suffix == ".txt":
            reason = parse_job(job).skipped
            if reason is not None:
                skipped[Path(job.path).name] = reason
    return jobs, skipped


def test_the_reuters_papers_are_skipped_and_its_records_kept() -> None:
    jobs, skipped = _walk_and_parse(require_shared(REUTERS))
    assert set(skipped) == REUTERS_PAPERS
    assert skipped["README.txt"] == "a README file, not an article"
    assert skipped["all-places-strings.lc.txt"] == (
        "a list of short lines with no sentence, not an article"
    )
    for data in ("cat-descriptions_120396.txt", "feldman-cia-worldfactbook-data.txt"):
        assert skipped[data] == "data or tables rather than sentences, not an article"
    records = [job for job in jobs if job.path.endswith(".sgm")]
    assert len(records) == 22 and all(job.in_folder for job in records)
    first = parse_job(records[0])
    assert first.skipped is None and len(first.drafts) > 900


def test_the_bbc_readme_is_its_only_paper() -> None:
    jobs, skipped = _walk_and_parse(require_shared(BBC))
    assert skipped == {"README.TXT": "a README file, not an article"}
    assert len(jobs) == 2225


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
_SENTENCE = st.lists(_WORD, min_size=6, max_size=25).map(lambda w: " ".join(w).capitalize() + ".")


@settings(max_examples=40, deadline=None)
@given(
    sentences=st.lists(_SENTENCE, min_size=1, max_size=30),
    headings=st.lists(st.lists(_WORD, min_size=1, max_size=3).map(" ".join), max_size=30),
)
def test_text_with_as_many_sentences_as_headings_is_kept(
    sentences: list[str], headings: list[str]
) -> None:
    """Sentences of at least six words among as many short lines never read as a list."""
    lines = [line for pair in zip(sentences, headings, strict=False) for line in pair]
    lines += sentences[len(headings) :]
    assert content_reason("\n\n".join(lines).encode()) is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_WORD, min_size=1, max_size=3).map(" ".join), min_size=10))
def test_ten_lines_or_more_of_one_to_three_words_are_a_list(items: list[str]) -> None:
    assert content_reason("\n".join(items).encode()) == (
        "a list of short lines with no sentence, not an article"
    )


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(f"{n},{n * 3},{n * 7}.5,north" for n in range(40)),  # CSV
        "\n".join(f"| {n} | {n * 2} | total {n} |" for n in range(40)),  # a pipe table
        "\n".join(f'fact("Country{n}","capital","City{n}").' for n in range(40)),
    ],
)
def test_tables_and_records_are_data(text: str) -> None:
    assert content_reason(text.encode()) == "data or tables rather than sentences, not an article"


def test_a_short_list_is_never_judged(tmp_path: Path) -> None:
    assert content_reason(b"Results\n\n1 Federer\n2 Roddick\n3 Hewitt\n") is None


def test_a_named_paper_is_imported_and_a_folder_lists_it_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    places = folder / "places.txt"
    places.write_text("\n".join(f"country-{n}" for n in range(30)))
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    walked = import_paths(workspace, [folder])
    assert [(s.source, s.reason) for s in walked.skipped] == [
        (str(places), "a list of short lines with no sentence, not an article")
    ]
    assert walked.imported == [] and "1 skipped (not an article)" in walked.summary()
    named = import_paths(workspace, [places])
    assert len(named.imported) == 1 and named.skipped == []
