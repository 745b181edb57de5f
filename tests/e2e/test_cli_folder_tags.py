"""``readmark import``: folder names become tags only with ``--folder-tags``."""

import json
from pathlib import Path

from app.core.library import read_article_file
from tests.e2e.cli_process import run_cli


def test_folder_names_are_tags_only_with_folder_tags(tmp_path: Path) -> None:
    inbox = tmp_path / "reuters21578" / "wire"
    inbox.mkdir(parents=True)
    (inbox / "rates.md").write_text("# Rates rise\n\nThe bank raised rates.\n", encoding="utf-8")
    for flag, expected in (([], []), (["--folder-tags"], ["reuters21578", "wire"])):
        folder = tmp_path / ("asked" if flag else "plain")
        result = run_cli(
            folder / "library", folder / "data", "import", *flag, "--json", str(inbox.parent)
        )
        assert result.returncode == 0, result.stderr
        (imported,) = json.loads(result.stdout)["imported"]
        assert read_article_file(Path(imported["path"])).tags == expected, flag
