"""``readmark import FOLDER`` skips a README, a licence and a category list, says so in its
text and JSON reports and in the window's summary, and imports each when it is named."""

import json
import shutil
from pathlib import Path

from app.core.importers import import_paths
from app.core.workspace import Workspace
from app.ui.library.import_dialog import summary_text
from tests.conftest import CORPUS, require_shared
from tests.e2e.cli_process import run_cli

STORIES = ("business/001.txt", "sport/476.txt", "tech/010.txt")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for story in STORIES:
        shutil.copyfile(require_shared(CORPUS / "bbc" / story), folder / story.replace("/", "-"))
    shutil.copyfile(CORPUS / "bbc" / "README.TXT", folder / "README.TXT")
    (folder / "LICENSE.txt").write_text("Permission is hereby granted, free of charge.\n")
    shutil.copyfile(CORPUS / "reuters21578" / "all-topics-strings.lc.txt", folder / "topics.txt")
    return folder


def test_folder_import_skips_what_is_no_article_and_says_why(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"skipped {folder / 'LICENSE.txt'}: a licence, not an article" in lines
    assert f"skipped {folder / 'README.TXT'}: a README file, not an article" in lines
    assert (
        f"skipped {folder / 'topics.txt'}: a list of short lines with no sentence, not an article"
        in lines
    )
    assert lines[-1] == "3 imported, 3 skipped (not an article)"
    assert "Traceback" not in result.stderr

    again = run_cli(tmp_path / "library2", tmp_path / "data2", "import", "--json", str(folder))
    report = json.loads(again.stdout)
    assert sorted(Path(s["source"]).name for s in report["skipped"]) == [
        "LICENSE.txt",
        "README.TXT",
        "topics.txt",
    ]
    assert len(report["imported"]) == 3 and report["failed"] == []


def test_a_skipped_file_imports_when_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    named = [str(folder / "README.TXT"), str(folder / "topics.txt")]
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", *named)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "2 imported"


def test_only_papers_in_a_folder_is_not_an_empty_import(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "README").mkdir()  # a folder is walked, not skipped by name
    (folder / "README.md").write_text("# About\n\nThese are the notes of the folder.\n")
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 imported, 1 skipped (not an article)"


def test_the_window_summary_lists_the_skipped_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    report = import_paths(Workspace(tmp_path / "library", tmp_path / "data"), [folder])
    headline, details = summary_text(report)
    assert "3 files skipped (not an article)" in headline
    assert (
        "Skipped, not articles (import one by choosing the file itself):\n"
        f"  {folder / 'LICENSE.txt'}: a licence, not an article\n"
        f"  {folder / 'README.TXT'}: a README file, not an article\n"
        f"  {folder / 'topics.txt'}: a list of short lines with no sentence, not an article"
    ) in details
