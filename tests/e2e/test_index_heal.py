"""Every kind of index damage, met by every command that reads or writes the index, as a real
subprocess: the command succeeds, says in one line that it rebuilt the index, and never shows
a traceback; ``annotate`` reports the saved annotation as saved."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_LIBRARY
from tests.core.index_damage import DAMAGE
from tests.e2e.cli_process import run_cli

ARTICLE = "nato-prepares-for-75th-summit-enhancing"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("heal")
    shutil.copytree(BUNDLED_LIBRARY, root / "library")
    built = run_cli(root / "library", root / "data", "index")
    assert built.returncode == 0, built.stderr
    return root


def damaged_copy(template: Path, target: Path, kind: str) -> tuple[Path, Path]:
    shutil.copytree(template, target)
    DAMAGE[kind](target / "data" / "index")
    return target / "library", target / "data"


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def rebuilt_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line for line in (result.stdout + result.stderr).splitlines() if "index rebuilt (" in line
    ]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_every_command_heals_the_index(template: Path, tmp_path: Path, kind: str) -> None:
    folders = damaged_copy(template, tmp_path / "search", kind)
    result = run_cli(*folders, "search", "nato")
    assert_clean(result)
    assert len(rebuilt_lines(result)) == 1
    assert "2 result(s) for 'nato'" in result.stdout

    for args in (("index",), ("index", "--rebuild")):
        folders = damaged_copy(template, tmp_path / "-".join(args), kind)
        result = run_cli(*folders, *args)
        assert_clean(result)
        assert len(rebuilt_lines(result)) == 1
        assert "a rebuild was asked for" not in result.stdout
        assert run_cli(*folders, "index").stdout.startswith("index up to date")

    folders = damaged_copy(template, tmp_path / "annotate", kind)
    result = run_cli(*folders, "annotate", ARTICLE, "--quote", "NATO", "--tag", "healed")
    assert_clean(result)
    assert result.stdout.startswith("highlighted 'NATO'")
    assert "warning" not in result.stderr
    found = run_cli(*folders, "search", "tag:healed")
    assert_clean(found)
    assert "1-1 of 1 result(s)" in found.stdout
