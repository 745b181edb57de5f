"""``readmark import`` of document files as a user runs it: the summary says how many articles
each file gave, a hostile document is one error line naming it, and the exit code says so."""

import json
import shutil
from pathlib import Path

from app.core.importers.report import ImportReport
from app.ui.library.import_dialog import summary_text
from tests.document_samples import SAMPLES, periodical_epub, zip_bomb_docx
from tests.e2e.cli_process import run_cli


def test_import_prints_articles_per_file_and_one_line_per_bad_document(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "digest.epub").write_bytes(periodical_epub())
    (inputs / "bomb.docx").write_bytes(zip_bomb_docx(300))
    shutil.copyfile(SAMPLES / "office" / "harbour.odt", inputs / "harbour.odt")
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", str(inputs))
    assert result.returncode == 1, result.stderr
    assert f"{inputs / 'digest.epub'}: 3 articles" in result.stdout.splitlines()
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bomb.docx" in errors[0] and "zip bomb" in errors[0]
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == "4 imported, 1 failed"

    again = run_cli(tmp_path / "library2", tmp_path / "data2", "import", "--json", str(inputs))
    report = json.loads(again.stdout)
    assert report["articles_per_file"] == {
        str(inputs / "digest.epub"): 3,
        str(inputs / "harbour.odt"): 1,
    }


def test_the_dialog_summary_lists_files_with_several_articles(tmp_path: Path) -> None:
    from app.core.importers import import_paths
    from app.core.workspace import Workspace

    epub = tmp_path / "digest.epub"
    epub.write_bytes(periodical_epub())
    report: ImportReport = import_paths(Workspace(tmp_path / "lib", tmp_path / "data"), [epub])
    _, details = summary_text(report)
    assert f"Files with several articles:\n  {epub}: 3 articles" in details
