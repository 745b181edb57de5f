"""What the CLI prints: ``--json`` is JSON and nothing else even when the library has
problems (warnings go to stderr), no command crashes when stdout is not UTF-8
(``PYTHONIOENCODING=ascii``, ``LC_ALL=C``), and a text argument that is not UTF-8 is refused
in one line naming it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.article import Article, serialize_article
from tests.conftest import BUNDLED_LIBRARY
from tests.e2e.cli_process import run_cli

ARTICLE = "nato-prepares-for-75th-summit-enhancing"
ACCENTED = "reunion-a-geneve"


class Folders:
    """A library with a non-ASCII article and two problems (a duplicate id, broken front
    matter), and a data folder with a highlight and a corrupt annotation file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.library, self.data = root / "library", root / "data"
        shutil.copytree(BUNDLED_LIBRARY, self.library)
        accented = Article(
            id=ACCENTED,
            title="Réunion à Genève — «sommet» … 🌍",
            body="Les ministres se sont réunis à Genève pour le sommet de l’OTAN.\n",
            author="Zoë Brontë",
        )
        (self.library / f"{ACCENTED}.md").write_text(serialize_article(accented), "utf-8")
        shutil.copy(self.library / f"{ARTICLE}.md", self.library / "duplicate.md")
        (self.library / "broken.md").write_text("---\ntitle: [oops\n---\nbody\n", "utf-8")
        self.run("annotate", ACCENTED, "--quote", "Genève", "--tag", "genève", "--note", "é …")
        corrupt = self.data / "annotations" / f"{ARTICLE}.json"
        corrupt.write_text('{"format": "readmark-annotations", "annot', "utf-8")
        self.export = root / "export.jsonld"
        self.export.write_text(self.run("export", "--format", "jsonld").stdout, "utf-8")
        self.story = root / "story.txt"
        self.story.write_text("Zürich café\n\nA story about a café in Zürich, «naturally».\n")

    def run(
        self, *args: str, environment: dict[str, str] | None = None, ok: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = run_cli(self.library, self.data, *args, environment=environment)
        assert "Traceback" not in result.stderr, result.stderr
        if ok:
            assert result.returncode == 0, result.stderr
        return result


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Folders:
    return Folders(tmp_path_factory.mktemp("output"))


JSON_COMMANDS = [
    ["list", "--json"],
    ["show", ACCENTED, "--json"],
    ["info", "--json"],
    ["search", "Genève", "--json"],
    ["annotations", "--json"],
    ["tags", "--json"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=[a[0] for a in JSON_COMMANDS])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_json_output_parses_even_when_the_library_has_problems(
    folders: Folders, args: list[str], encoding: str
) -> None:
    result = folders.run(*args, environment={"PYTHONIOENCODING": encoding})
    parsed = json.loads(result.stdout)
    assert "Genève" in json.dumps(parsed, ensure_ascii=False) or args[0] in ("info", "tags")
    if args[0] in ("list", "info"):
        assert "warning: " in result.stderr and "duplicate.md" in result.stderr


def test_import_json_parses(folders: Folders, tmp_path: Path) -> None:
    story = tmp_path / "another.txt"
    story.write_text("Straße in München\n\nEine Geschichte über München.\n", "utf-8")
    result = folders.run("import", str(story), "--json", environment={"PYTHONIOENCODING": "ascii"})
    assert json.loads(result.stdout)["imported"][0]["source"].endswith("another.txt")


EVERY_COMMAND = [
    ["list"],
    ["show", ACCENTED],
    ["info"],
    ["search", "Genève"],
    ["search", "genve"],  # "Did you mean" with an accent
    ["index"],
    ["annotations"],
    ["tags"],
    ["annotate", ACCENTED, "--quote", "sommet", "--tag", "été", "--note", "«oui» …"],
    ["tag", "rename", "été", "automne-é"],
    ["export", "--format", "md"],
    ["export", "--format", "csv"],
    ["import-annotations", "EXPORT"],
    ["import", "STORY"],
]


@pytest.mark.parametrize(
    "environment",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}],
    ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"],
)
def test_every_command_works_when_stdout_is_not_utf8(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    folders = Folders(tmp_path)
    for args in EVERY_COMMAND:
        named = {"EXPORT": str(folders.export), "STORY": str(folders.story)}
        result = folders.run(*[named.get(a, a) for a in args], environment=environment)
        assert result.stdout.strip(), args
        if "ascii" in environment.values():
            assert result.stdout.isascii() and result.stderr.isascii()
    listed = folders.run("list", environment=environment).stdout
    assert "R\\xe9union" in listed or "Réunion" in listed


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (["annotate", ARTICLE, "--quote", "NATO", "--note", "caf\udce9"], "--note"),
        (["annotate", ARTICLE, "--quote", "NATO", "--tag", "ok", "--tag", "\udcff"], "--tag"),
        (["annotate", ARTICLE, "--quote", "NA\udcffTO"], "--quote"),
        (["search", "\udcff"], "QUERY"),
        (["tag", "rename", "genève", "\udcff"], "NEW"),
    ],
)
def test_a_text_argument_that_is_not_utf8_is_refused_in_one_line(
    folders: Folders, args: list[str], label: str
) -> None:
    before = sorted((folders.data / "annotations").iterdir())
    result = folders.run(*args, ok=False)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"readmark: the argument {label} is not valid UTF-8 text: character")
    assert "which is not UTF-8" in line
    assert sorted((folders.data / "annotations").iterdir()) == before
