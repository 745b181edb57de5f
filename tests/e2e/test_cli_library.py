"""The CLI as a real subprocess on a temporary library: import, list, show, info, exit codes."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, require_shared
from tests.e2e.cli_process import run_cli

NATO_TITLE = "NATO Prepares for 75th Summit: Enhancing Global Security Amidst Emerging Threats"


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(tmp_path / "library", tmp_path / "data", *args)


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    require_shared(SEEDS)
    result = cli(tmp_path, "import", str(SEEDS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("2 imported")
    return tmp_path


def test_import_then_list_shows_the_seeds_with_their_metadata(imported: Path) -> None:
    result = cli(imported, "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["title"]: row for row in json.loads(result.stdout)}
    nato = rows[NATO_TITLE]
    assert (nato["author"], nato["source"], nato["date"]) == (
        "Olga Nesterova",
        "ONEST",
        "2024-06-19",
    )
    (summit,) = [r for t, r in rows.items() if t != NATO_TITLE]
    assert summit["date"] == "2024-07-06" and summit["author"] is None
    table = cli(imported, "list").stdout
    assert "Olga Nesterova" in table and "2 article(s)" in table


def test_show_prints_metadata_and_plain_text(imported: Path) -> None:
    rows = json.loads(cli(imported, "list", "--json").stdout)
    nato_id = next(r["id"] for r in rows if r["title"] == NATO_TITLE)
    result = cli(imported, "show", nato_id)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == NATO_TITLE
    assert lines[1] == "Olga Nesterova · ONEST · 2024-06-19"
    assert "NATO Secretary General Jens Stoltenberg and US Secretary Of State" in result.stdout
    html = cli(imported, "show", nato_id, "--html").stdout
    assert html.startswith("<p><em>NATO Secretary General")


def test_info_counts_the_articles(imported: Path) -> None:
    result = cli(imported, "info", "--json")
    assert result.returncode == 0
    info = json.loads(result.stdout)
    assert info["articles"] == 2
    assert info["library"] == str((imported / "library").resolve())


def test_reimport_reports_already_present_and_exits_0(imported: Path) -> None:
    result = cli(imported, "import", str(SEEDS), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["imported"] == [] and len(report["duplicates"]) == 2


def test_some_inputs_failing_exit_1_and_the_rest_import(tmp_path: Path) -> None:
    require_shared(SEEDS)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli(tmp_path, "import", str(empty), str(tmp_path / "missing.txt"), str(SEEDS))
    assert result.returncode == 1
    assert f"error: {empty}: empty file: nothing to import" in result.stderr
    assert f"error: {tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert "2 imported, 2 failed" in result.stdout
    assert len(json.loads(cli(tmp_path, "list", "--json").stdout)) == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert cli(tmp_path, "import").returncode == 2  # no PATH
    assert cli(tmp_path, "show").returncode == 2  # no ID
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG")
    result = cli(tmp_path, "import", str(folder))
    assert result.returncode == 2
    assert "nothing to import" in result.stderr


def test_show_unknown_id_fails_with_a_message(tmp_path: Path) -> None:
    result = cli(tmp_path, "show", "no-such-article")
    assert result.returncode == 1
    assert "no article with id 'no-such-article'" in result.stderr


def test_a_terminal_sees_a_progress_line(tmp_path: Path) -> None:
    require_shared(SEEDS)
    controller, terminal = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "import",
                "--library",
                str(tmp_path / "library"),
                "--data",
                str(tmp_path / "data"),
                str(SEEDS),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
            timeout=120,
            env=env,
            check=True,
        )
        written = os.read(controller, 65536).decode("utf-8", "replace")
    finally:
        os.close(controller)
        os.close(terminal)
    assert "\rimporting 2/2 seeds/003_2d3196d12ea3c1c4.txt" in written
    assert written.endswith("\r")  # the line is cleared at the end
