"""A web page's language, description and keywords are kept in the front matter; keywords
become tags only when the user asks (``import_paths(keyword_tags=True)``,
``readmark import --keyword-tags``)."""

from pathlib import Path

from app.core.importers.html_page import parse_web_page
from app.core.importers.runner import import_paths
from app.core.workspace import Workspace
from tests.e2e.cli_process import run_cli

PARAGRAPH = "EU ministers agreed the budget on Monday after long talks in Brussels. " * 8
PAGE = f"""<html lang="en-GB"><head><title>Ministers agree budget | Example News</title>
<meta name="description" content="EU ministers agreed the budget after talks.">
<meta name="keywords" content="budget, EU, Brussels, eu">
<meta property="og:site_name" content="Example News"></head>
<body><article><h1>Ministers agree budget</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>
</article></body></html>"""


def test_language_description_and_keywords_are_kept() -> None:
    draft = parse_web_page(PAGE, "budget.html")
    assert draft.extra == {
        "language": "en-GB",
        "description": "EU ministers agreed the budget after talks.",
        "keywords": ["budget", "EU", "Brussels"],
    }
    assert draft.tags == []


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "budget.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


def test_keywords_become_tags_only_when_asked(tmp_path: Path) -> None:
    page = _page(tmp_path)
    for asked, expected in ((False, []), (True, ["budget", "EU", "Brussels"])):
        folder = tmp_path / str(asked)
        with Workspace(folder / "library", folder / "data") as workspace:
            report = import_paths(workspace, [page], keyword_tags=asked)
            (imported,) = report.imported
            article = workspace.library.get(imported.id)
            assert article.tags == expected
            assert article.extra["keywords"] == ["budget", "EU", "Brussels"]
            assert article.extra["language"] == "en-GB"


def test_the_command_line_flag(tmp_path: Path) -> None:
    page = _page(tmp_path)
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", str(page), "--keyword-tags")
    assert result.returncode == 0, result.stderr
    shown = run_cli(tmp_path / "library", tmp_path / "data", "list", "--tag", "brussels")
    assert "Ministers agree budget" in shown.stdout
