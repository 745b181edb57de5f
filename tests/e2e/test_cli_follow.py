"""``timeline``, ``searches``, ``search --saved``, ``related`` and ``versions`` as real
processes over a real import of one Reuters-21578 file."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.library import Library
from tests.conftest import CORPUS, require_shared
from tests.e2e.cli_process import run_cli

SLICE = "reut2-013.sgm"
IRAQ = "IRAQ SAYS ITS FORCES SINK THREE IRANIAN VESSELS"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("follow")
    sgm = require_shared(CORPUS) / "reuters21578" / SLICE
    result = run_cli(root / "library", root / "data", "import", str(sgm))
    assert result.returncode == 0, result.stderr
    assert run_cli(root / "library", root / "data", "index").returncode == 0
    return root


@pytest.fixture
def folders(imported: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(imported, tmp_path / "copy")
    return tmp_path / "copy" / "library", tmp_path / "copy" / "data"


def cli(folders: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*folders, *args)


def _json(result: subprocess.CompletedProcess[str]) -> object:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _iraq(folders: tuple[Path, Path]) -> list[str]:
    return sorted(a.id for a in Library(folders[0]) if a.title == IRAQ)


def test_timeline_json_csv_and_text(folders: tuple[Path, Path]) -> None:
    data = _json(cli(folders, "timeline", "oil", "--json"))
    assert isinstance(data, dict)
    assert data["period"] == "day"
    counts = {b["label"]: b["count"] for b in data["bars"]}
    total = _json(cli(folders, "search", "oil", "--json", "--limit", "0"))
    assert isinstance(total, dict)
    assert sum(counts.values()) + data["undated"] == data["total"] == total["total"]
    by_day = _json(cli(folders, "search", "oil date:1987-04-06", "--json", "--limit", "0"))
    assert isinstance(by_day, dict) and counts["1987-04-06"] == by_day["total"]
    months = cli(folders, "timeline", "oil", "--by", "month", "--csv")
    assert months.returncode == 0, months.stderr
    lines = months.stdout.splitlines()
    assert lines[0] == "period,start,end,count"
    assert lines[-1] == f"undated,,,{data['undated']}"
    text = cli(folders, "timeline", "--by", "week")  # the whole library, not on a terminal
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0].startswith("1987-W")
    assert "█" not in text.stdout and "article(s) by week" in text.stdout
    bad = cli(folders, "timeline", "date:[1987-13 to]")
    assert bad.returncode == 1 and "date:" in bad.stderr and "Traceback" not in bad.stderr


def test_saved_searches_from_save_to_delete(folders: tuple[Path, Path]) -> None:
    assert cli(folders, "searches", "save", "Gulf", "iraq iran", "--sort", "date").returncode == 0
    assert (
        cli(folders, "searches", "save", "Grain", "wheat", "--filter", "date:1987-04").returncode
        == 0
    )
    listed = _json(cli(folders, "searches", "--json"))
    assert isinstance(listed, list)
    assert [(s["name"], s["new"]) for s in listed] == [("Gulf", 0), ("Grain", 0)]
    gulf = _json(cli(folders, "search", "iraq iran", "--json", "--limit", "0"))
    assert isinstance(gulf, dict) and listed[0]["total"] == gulf["total"] > 0
    assert listed[1]["query"] == "wheat" and listed[1]["filters"] == ["date:1987-04"]
    assert cli(folders, "searches", "move", "Grain", "1").stdout.splitlines() == [
        "1. Grain",
        "2. Gulf",
    ]
    assert cli(folders, "searches", "rename", "gulf", "Gulf war").returncode == 0
    shown = cli(folders, "search", "--saved", "Gulf war", "--limit", "3")
    assert shown.returncode == 0, shown.stderr
    assert f"of {gulf['total']} result(s) for '(iraq iran)'" not in shown.stdout
    assert f"{gulf['total']} result(s) for 'iraq iran'" in shown.stdout
    deleted = cli(folders, "searches", "delete", "Grain")
    assert deleted.returncode == 0 and "deleted saved search 'Grain'" in deleted.stdout
    missing = cli(folders, "search", "--saved", "Grain")
    assert missing.returncode == 1 and "no saved search named 'Grain'" in missing.stderr
    both = cli(folders, "search", "oil", "--saved", "Gulf war")
    assert both.returncode == 1 and "not both" in both.stderr


def test_new_matches_after_an_import_and_a_damaged_file(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    assert cli(folders, "searches", "save", "Gulf", "iraq").returncode == 0
    story = tmp_path / "later.md"
    story.write_text("# Iraq reports a new raid\n\nIraq said its jets hit a Gulf terminal.\n")
    assert cli(folders, "import", str(story)).returncode == 0
    [gulf] = _json(cli(folders, "searches", "--json"))  # type: ignore[misc]
    assert gulf["new"] == 1
    assert cli(folders, "search", "--saved", "Gulf").returncode == 0
    [gulf] = _json(cli(folders, "searches", "--json"))  # type: ignore[misc]
    assert gulf["new"] == 0
    path = folders[1] / "saved-searches.json"
    path.write_text("{not json")
    listed = cli(folders, "searches", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    assert "saved-searches.json" in listed.stderr and "set aside" in listed.stderr
    assert [p.read_text() for p in folders[1].glob("saved-searches.json.corrupt-*")] == [
        "{not json"
    ]


def test_related_and_versions(folders: tuple[Path, Path]) -> None:
    first, second = _iraq(folders)
    found = _json(cli(folders, "related", first, "--json", "--limit", "3"))
    assert isinstance(found, list) and len(found) == 3
    assert found[0]["id"] == second and found[0]["date"] == "1987-04-03"
    assert first not in [r["id"] for r in found]
    versions = _json(cli(folders, "versions", first, "--json"))
    assert isinstance(versions, list)
    assert sorted(v["id"] for v in versions) == [first, second]
    assert all(v["source"] for v in versions) and max(v["similarity"] for v in versions) == 1.0
    text = cli(folders, "versions", first)
    assert f"* {first}" in text.stdout and "2 version(s), newest first" in text.stdout
    diff = cli(folders, "versions", first, "--diff", second)
    assert diff.returncode == 0, diff.stderr
    assert "[-which-] {+that+}" in diff.stdout or "[-that-] {+which+}" in diff.stdout
    parts = _json(cli(folders, "versions", first, "--diff", second, "--json"))
    assert isinstance(parts, dict) and {p["kind"] for p in parts["body"]} >= {"same", "changed"}
    unknown = cli(folders, "versions", "no-such-story")
    assert unknown.returncode == 1 and "no article with id 'no-such-story'" in unknown.stderr


def test_timeline_of_a_tag_counts_its_highlights_and_those_below_it(
    folders: tuple[Path, Path],
) -> None:
    first, second = _iraq(folders)[:2]
    for article, tag in ((first, "gulf/iraq"), (second, "gulf")):
        made = cli(folders, "annotate", article, "--quote", "Iraq", "--tag", tag)
        assert made.returncode == 0, made.stderr
    data = _json(cli(folders, "timeline", "--tag", "gulf", "--json"))
    assert isinstance(data, dict) and data["total"] == 2
    text = cli(folders, "timeline", "--tag", "gulf", "--by", "year")
    assert text.returncode == 0, text.stderr
    assert "2 highlight(s) by year" in text.stdout
    assert _json(cli(folders, "timeline", "--tag", "gulf/iraq", "--json"))["total"] == 1  # type: ignore[index]
