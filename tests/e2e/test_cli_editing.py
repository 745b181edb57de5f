"""Editing from the command line, as a scripter does: change or delete an annotation, write
the note on an article, edit an article's details, narrow ``list``, pick among matches of
a quote. A real subprocess per command; JSON outputs parsed; files read back from disk."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED_LIBRARY
from tests.e2e.cli_process import run_cli

ARTICLE = "secretary-general-jens-stoltenberg"


class Cli:
    def __init__(self, tmp: Path) -> None:
        self.library, self.data = tmp / "library", tmp / "data"
        shutil.copytree(BUNDLED_LIBRARY, self.library)

    def __call__(self, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = run_cli(self.library, self.data, *args)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)

    def saved(self, article: str = ARTICLE) -> list[dict[str, Any]]:
        path = self.data / "annotations" / f"{article}.json"
        if not path.exists():
            return []
        items: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["annotations"]
        return items


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def _tags(item: dict[str, Any]) -> list[str]:
    return [b["value"] for b in item["body"] if b.get("purpose") == "tagging"]


def test_recolour_retag_renote_and_delete_an_annotation(cli: Cli) -> None:
    made = cli.json("annotate", ARTICLE, "--quote", "Washington", "--tag", "nato")
    short = made["id"].removeprefix("urn:uuid:")[:8]
    assert cli.json("annotation", "colour", short, "green")["id"] == made["id"]
    cli("annotation", "tags", short, "--add", "summit", "--remove", "NATO")
    cli("annotation", "note", short, "--text", "Check the **date**.")
    (saved,) = cli.saved()
    assert _tags(saved) == ["summit"]
    assert any(b.get("value") == "Check the **date**." for b in saved["body"])
    assert saved["target"]["styleClass"] == "hl-green"
    cli("annotation", "tags", short, "--set")
    assert _tags(cli.saved()[0]) == []
    cli("annotation", "delete", made["id"])
    assert cli.saved() == []
    missing = cli("annotation", "delete", short, code=1)
    assert f"no annotation with id '{short}'" in missing.stderr


def test_the_note_on_a_whole_article_is_written_replaced_and_cleared(
    cli: Cli, tmp_path: Path
) -> None:
    cli("note", ARTICLE, "--text", "First thoughts")
    note_file = tmp_path / "note.md"
    note_file.write_text("# Later\n\nSecond thoughts\n", encoding="utf-8")
    cli("note", ARTICLE, "--file", str(note_file))
    (saved,) = cli.saved()
    assert saved["body"][0]["value"] == "# Later\n\nSecond thoughts\n"
    cli("note", ARTICLE, "--clear")
    assert cli.saved() == []
    assert "no article note to clear" in cli("note", ARTICLE, "--clear", code=1).stderr


def test_article_details_are_edited_in_the_front_matter_only(cli: Cli) -> None:
    path = next(p for p in cli.library.glob("*.md") if f"id: {ARTICLE}" in p.read_text("utf-8"))
    body_before = path.read_text("utf-8").split("---\n", 2)[2]
    after = cli.json(
        "edit",
        ARTICLE,
        "--title",
        "Stoltenberg previews the summit",
        "--date",
        "2024-07-05",
        "--source",
        "NATO",
        "--tags",
        "nato, summit, NATO",
        "--url",
        "https://www.nato.int/",
    )
    assert after["title"] == "Stoltenberg previews the summit"
    assert after["tags"] == ["nato", "summit"] and after["date"] == "2024-07-05"
    assert path.read_text("utf-8").split("---\n", 2)[2] == body_before
    shown = cli.json("show", ARTICLE)
    assert shown["source"] == "NATO" and shown["url"] == "https://www.nato.int/"
    cli("edit", ARTICLE, "--remove-tag", "NATO", "--add-tag", "washington", "--author", "")
    assert cli.json("show", ARTICLE)["tags"] == ["summit", "washington"]
    assert "title" in cli("search", "title:previews").stdout.lower()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "5 July", "is not a date like 2024-07-05"),
        ("--url", "file:///etc/passwd", "is not a web address"),
        ("--url", "javascript:alert(1)", "is not a web address"),
        ("--title", "", "the title cannot be empty"),
        ("--title", "two\nlines", "line break or a control character"),
    ],
)
def test_bad_details_are_refused_naming_the_field(
    cli: Cli, option: str, value: str, message: str
) -> None:
    before = sorted((p.name, p.read_bytes()) for p in cli.library.glob("*.md"))
    result = cli("edit", ARTICLE, option, value, code=1)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert sorted((p.name, p.read_bytes()) for p in cli.library.glob("*.md")) == before


def test_list_filters(cli: Cli) -> None:
    every = cli.json("list")
    assert len(every) == 2
    cli("annotate", ARTICLE, "--quote", "Washington", "--tag", "Aegis")
    assert [a["id"] for a in cli.json("list", "--tag", "aegis")] == [ARTICLE]
    assert cli.json("list", "--tag", "nothing-like-it") == []
    assert len(cli.json("list", "--since", "2024", "--until", "2024")) == 2
    assert cli.json("list", "--since", "2025") == []
    dated = cli.json("list", "--until", "2024-06-30")
    assert all(a["date"] <= "2024-06-30" for a in dated) and len(dated) == 1
    assert [a["id"] for a in cli.json("list", "--query", "stoltenberg previewed")] == [ARTICLE]
    sources = {a["source"] for a in every if a["source"]}
    for source in sources:
        assert cli.json("list", "--source", source.lower()[:3])
    bad = cli("list", "--since", "July", code=1)
    assert "--since 'July' is not a date" in bad.stderr


def test_annotate_finds_a_quote_ignoring_case_and_offers_near_matches(cli: Cli) -> None:
    made = cli.json("annotate", ARTICLE, "--quote", "WASHINGTON summit")
    assert made["target"]["selector"][0]["exact"].lower() == "washington summit"
    listed = cli.json("annotate", ARTICLE, "--quote", "washington", "--matches")
    assert len(listed) >= 1 and {m["kind"] for m in listed} <= {"exact", "ignoring case"}
    miss = cli("annotate", ARTICLE, "--quote", "Washingtn summit", code=1)
    assert "near matches: 1:" in miss.stderr and "--near" in miss.stderr
    near = cli.json("annotate", ARTICLE, "--quote", "Washingtn summit", "--near")
    assert near["target"]["selector"][0]["exact"].lower().startswith("washington")
