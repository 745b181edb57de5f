"""The command line as scripters write it: folder options before or after the command,
an unknown first word as a usage error, the window's options in ``--help``, and a source
checkout whose tracked ``library/`` is never written."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_LIBRARY, ROOT
from tests.e2e.cli_process import run_cli

ARTICLE = "secretary-general-jens-stoltenberg"
STORY = "Harbour reopens\n\nThe harbour at Tromso reopened on Monday after the storm.\n"


def every_command(tmp: Path) -> list[tuple[str, ...]]:
    """One call of every command, in an order where each finds what the last one made."""
    story = tmp / "harbour.txt"
    story.write_text(STORY, encoding="utf-8")
    exported = tmp / "notes.jsonld"
    return [
        ("list", "--json"),
        ("show", ARTICLE, "--json"),
        ("info", "--json"),
        ("index",),
        ("search", "summit", "--json"),
        ("import", str(story), "--json"),
        ("annotate", ARTICLE, "--quote", "Washington", "--tag", "nato"),
        ("annotations", "--json"),
        ("tags", "--json"),
        ("tag", "rename", "nato", "alliance"),
        ("export", "--format", "jsonld", "-o", str(exported)),
        ("import-annotations", str(exported)),
    ]


def run_all(tmp: Path, *, folders_first: bool) -> list[tuple[int, str]]:
    library = tmp / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    outcomes = []
    for command in every_command(tmp):
        result = run_cli(library, tmp / "data", *command, folders_first=folders_first)
        assert "Traceback" not in result.stderr, result.stderr
        outcomes.append((result.returncode, result.stdout.replace(str(tmp), "TMP")))
    return outcomes


def test_folder_options_before_the_command_run_it_as_after(tmp_path: Path) -> None:
    after = run_all(tmp_path / "after", folders_first=False)
    before = run_all(tmp_path / "before", folders_first=True)
    assert [code for code, _ in after] == [0] * len(after)
    assert_same_results(before, after)


def assert_same_results(before: list[tuple[int, str]], after: list[tuple[int, str]]) -> None:
    """Times differ between the two runs: compare exit codes, JSON outputs by their keys
    and lengths, other outputs by their line counts."""
    for (code_b, out_b), (code_a, out_a) in zip(before, after, strict=True):
        assert code_b == code_a
        try:
            parsed_a, parsed_b = json.loads(out_a), json.loads(out_b)
        except ValueError:
            assert len(out_b.splitlines()) == len(out_a.splitlines())
            continue
        if isinstance(parsed_a, list):
            assert len(parsed_a) == len(parsed_b)
        else:
            assert sorted(parsed_a) == sorted(parsed_b)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    clean.pop("DISPLAY", None)
    clean.pop("WAYLAND_DISPLAY", None)
    clean.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **(env or {})},
    )


def test_an_unknown_first_word_is_a_usage_error_naming_the_commands(tmp_path: Path) -> None:
    result = _run("--data", str(tmp_path), "serach", "nato")
    assert result.returncode == 2
    assert "'serach' is not a command" in result.stderr
    assert "search" in result.stderr and "import" in result.stderr


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands_and_the_window_options(flag: str, tmp_path: Path) -> None:
    for args in ((flag,), ("--data", str(tmp_path), flag)):
        result = _run(*args)
        assert result.returncode == 0, result.stderr
        for word in ("import", "search", "--library", "--data", "--screenshot", "--theme"):
            assert word in result.stdout, word
        assert "--new-instance" in result.stdout


def test_version_before_or_after_the_folders(tmp_path: Path) -> None:
    for args in (("--version",), ("--data", str(tmp_path), "--version")):
        result = _run(*args)
        assert result.returncode == 0 and result.stdout.startswith("Readmark ")


def test_a_checkout_imports_into_the_data_folder_never_the_tracked_library(
    tmp_path: Path,
) -> None:
    tracked = sorted((p.name, p.stat().st_mtime_ns) for p in BUNDLED_LIBRARY.iterdir())
    story = tmp_path / "harbour.txt"
    story.write_text(STORY, encoding="utf-8")
    data = tmp_path / "data"
    result = _run("--data", str(data), "import", str(story), "--json")
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout)["imported"]
    assert [Path(item["path"]).parent for item in imported] == [data / "library"]
    assert sorted(p.name for p in (data / "library").glob("*.md")) == sorted(
        [p.name for p in BUNDLED_LIBRARY.glob("*.md")] + [Path(imported[0]["path"]).name]
    )
    assert sorted((p.name, p.stat().st_mtime_ns) for p in BUNDLED_LIBRARY.iterdir()) == tracked
