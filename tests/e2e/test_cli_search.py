"""The CLI's search and index commands as a real subprocess over a copy of the bundled
library, with the data folder in tmp_path."""

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.library import Library
from app.core.render import render
from tests.conftest import BUNDLED_LIBRARY, ROOT
from tests.e2e.cli_process import run_cli

AEGIS_ARTICLE = "secretary-general-jens-stoltenberg"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    library = shutil.copytree(BUNDLED_LIBRARY, tmp_path / "library")
    return library, tmp_path / "data"


def cli(folders: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*folders, *args)


def test_search_aegis_ashore_shows_the_article_with_its_snippet(folders: tuple[Path, Path]) -> None:
    result = cli(folders, "search", '"Aegis Ashore"')
    assert result.returncode == 0, result.stderr
    assert "index rebuilt (there was no search index yet)" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. Secretary General Jens Stoltenberg")
    assert AEGIS_ARTICLE in lines[1]
    assert "new Aegis Ashore base in Poland" in lines[2]
    assert "\x1b[" not in result.stdout
    assert "1-1 of 1 result(s)" in result.stdout


def test_json_positions_point_at_the_phrase(folders: tuple[Path, Path]) -> None:
    result = cli(folders, "search", '"aegis ashore"', "--json")
    data = json.loads(result.stdout)
    assert data["total"] == 1 and data["error_hint"] is None
    hit = data["hits"][0]
    assert hit["id"] == AEGIS_ARTICLE and "<mark>Aegis Ashore</mark>" in hit["snippet_html"]
    text = render(Library(folders[0]).get(AEGIS_ARTICLE).body).text
    assert [text[s:e] for s, e in hit["positions"]] == ["Aegis Ashore"]


def test_hits_are_bold_on_a_terminal(folders: tuple[Path, Path]) -> None:
    library, data = folders
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "app", "search", "ashore"]
    process = subprocess.Popen(
        [*command, "--library", str(library), "--data", str(data)],
        cwd=ROOT,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=120) == 0
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    assert "\x1b[1mAshore\x1b[0m" in shown


def test_suggestion_paging_sorting_and_bad_queries(folders: tuple[Path, Path]) -> None:
    assert "Did you mean: aegis ashore" in cli(folders, "search", "agis ashore").stdout
    page = cli(folders, "search", "stoltenberg", "--limit", "1", "--offset", "1", "--sort", "date")
    assert page.stdout.startswith("2. NATO Prepares") and "2-2 of 2 result(s)" in page.stdout
    bad = cli(folders, "search", "date:[garbage")
    assert bad.returncode == 0 and "is not a date" in bad.stderr
    odd = cli(folders, "search", '(nato "summit')
    assert odd.returncode == 0 and "not closed" in odd.stderr
    assert "result(s)" in odd.stdout


def test_index_syncs_and_rebuilds_with_a_progress_line(folders: tuple[Path, Path]) -> None:
    first = cli(folders, "index")
    assert first.returncode == 0 and "index rebuilt (there was no search index yet)" in first.stdout
    assert "indexing 2/2" in first.stderr or "checking 2/2" in first.stderr
    again = cli(folders, "index")
    assert again.stdout.startswith("index up to date")
    (folders[0] / "secretary-general-jens-stoltenberg.md").unlink()
    assert "(1 deleted)" in cli(folders, "index").stdout
    rebuilt = cli(folders, "index", "--rebuild")
    assert "index rebuilt (a rebuild was asked for): 1 articles" in rebuilt.stdout
    assert "indexing 1/1" in rebuilt.stderr
