"""The annotation commands as a user runs them: a real subprocess per command, the bundled
library copied into tmp_path, a fresh data folder."""

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_LIBRARY
from tests.core.test_annotation_w3c import must_failures
from tests.e2e.cli_process import run_cli

article = "secretary-general-jens-stoltenberg"


class Cli:
    def __init__(self, library: Path, data: Path) -> None:
        self.library, self.data = library, data

    def __call__(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = run_cli(self.library, self.data, *args)
        if ok:
            assert result.returncode == 0, result.stderr
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    return Cli(library, tmp_path / "data")


def article_ids(cli: Cli) -> tuple[str, str]:
    """(the Stoltenberg briefing, the NATO summit article) of the bundled library."""
    articles = json.loads(cli("list", "--json").stdout)
    by_title = {a["title"].split()[0]: a["id"] for a in articles}
    return by_title["Secretary"], by_title["NATO"]


def annotation_file(cli: Cli, article: str) -> Path:
    return cli.data / "annotations" / f"{article}.json"


def test_highlight_aegis_ashore_search_it_and_export_all_four_formats(
    cli: Cli, tmp_path: Path
) -> None:
    article = article_ids(cli)[0]
    made = cli(
        "annotate",
        article,
        "--quote",
        "Aegis Ashore",
        "--tag",
        "aegis-ashore",
        "--note",
        "follow the money",
    )
    assert "highlighted 'Aegis Ashore'" in made.stdout
    cli("annotate", article, "--quote", "most urgent task", "--colour", "green", "--tag", "Ukraine")
    found = cli("search", "tag:aegis-ashore")
    assert article in found.stdout and "1 result(s)" in found.stdout
    assert "1 result(s)" in cli("search", "note:follow").stdout

    listing = json.loads(cli("annotations", article, "--json").stdout)
    assert {a["readmark"]["status"] for a in listing} == {"exact"}
    tags = json.loads(cli("tags", "--json").stdout)
    assert {t["tag"]: t["count"] for t in tags} == {"aegis-ashore": 1, "Ukraine": 1}

    out = tmp_path / "out"
    out.mkdir()
    for fmt, name in (
        ("md", "notes.md"),
        ("csv", "notes.csv"),
        ("jsonld", "notes.jsonld"),
        ("csl-json", "refs.json"),
    ):
        result = cli("export", "--format", fmt, "-o", str(out / name))
        assert "exported 2 annotation(s) from 1 article(s)" in result.stdout
    notes = (out / "notes.md").read_text(encoding="utf-8")
    assert "## Secretary General Jens Stoltenberg previewed next week's Washington summit" in notes
    assert "> Aegis Ashore\n\nfollow the money\n\n#aegis-ashore" in notes
    rows = list(csv.DictReader(io.StringIO((out / "notes.csv").read_text(encoding="utf-8-sig"))))
    assert {r["quote"] for r in rows} == {"Aegis Ashore", "most urgent task"}
    collection = json.loads((out / "notes.jsonld").read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    for item in collection["first"]["items"]:
        assert must_failures(item) == []
    for stored in json.loads(annotation_file(cli, article).read_text(encoding="utf-8"))[
        "annotations"
    ]:
        assert must_failures(stored) == []
    refs = json.loads((out / "refs.json").read_text(encoding="utf-8"))
    assert refs[0]["id"] == article and refs[0]["issued"] == {"date-parts": [[2024, 7, 6]]}

    only = cli("export", "--format", "md", "--tag", "ukraine").stdout
    assert "most urgent task" in only and "Aegis Ashore" not in only
    assert "most urgent task" in cli("export", "--format", "csv", "--colour", "green").stdout
    by_query = cli("export", "--format", "csl-json", "--query", "tag:ukraine").stdout
    assert [r["id"] for r in json.loads(by_query)] == [article]
    assert json.loads(cli("export", "--format", "csl-json", "--query", "zebra").stdout) == []

    renamed = cli("tag", "rename", "UKRAINE", "aegis-ashore")
    assert "on 1 annotation(s)" in renamed.stdout
    assert json.loads(cli("tags", "--json").stdout) == [{"tag": "aegis-ashore", "count": 2}]


def test_jsonld_export_imports_into_another_data_folder_losslessly(
    cli: Cli, tmp_path: Path
) -> None:
    article = article_ids(cli)[0]
    cli("annotate", article, "--quote", "Aegis Ashore", "--tag", "x", "--note", "n")
    exported = tmp_path / "all.jsonld"
    cli("export", "--format", "jsonld", "-o", str(exported))
    other = Cli(cli.library, tmp_path / "other-data")
    result = other("import-annotations", str(exported))
    assert "1 imported" in result.stdout
    assert json.loads(other("annotations", "--json").stdout) == json.loads(
        cli("annotations", "--json").stdout
    )


def test_bad_input_gets_one_clear_line_and_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    article = article_ids(cli)[0]
    cli("annotate", article, "--quote", "Aegis Ashore")
    before = annotation_file(cli, article).read_bytes()
    cases = [
        (
            ("annotate", article, "--quote", "Zebra crossing"),
            "the quote 'Zebra crossing' is not in the article",
        ),
        (("annotate", article, "--quote", "   "), "empty or only whitespace"),
        (("annotate", article, "--quote", "NATO", "--occurrence", "99"), "not 99"),
        (("annotate", article, "--quote", "NATO", "--tag", "a,b"), "contains ','"),
        (
            ("annotate", "no-such-article", "--quote", "NATO"),
            "no article with id 'no-such-article'",
        ),
        (("tag", "rename", "never-used", "x"), "no annotation has the tag 'never-used'"),
        (("export", "--format", "md", "-o", str(tmp_path / "missing" / "x.md")), "does not exist"),
        (("export", "--format", "md", "--article", "nope"), "no article with id 'nope'"),
    ]
    for args, message in cases:
        result = cli(*args, ok=False)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    bad_colour = cli("annotate", article, "--quote", "NATO", "--colour", "teal", ok=False)
    assert bad_colour.returncode == 2 and "invalid choice: 'teal'" in bad_colour.stderr
    assert annotation_file(cli, article).read_bytes() == before
    assert not (tmp_path / "missing").exists()

    long_note = "ü" * 10_000
    cli(
        "annotate",
        article,
        "--quote",
        "NATO",
        "--note",
        long_note,
        "--tag",
        "🚀 launch",
        "--tag",
        "#Why",
    )
    [saved] = [a for a in json.loads(cli("annotations", "--json").stdout) if a.get("body")]
    values = {b["purpose"]: b["value"] for b in saved["body"] if b["purpose"] != "tagging"}
    assert values["commenting"] == long_note
    assert [b["value"] for b in saved["body"] if b["purpose"] == "tagging"] == ["🚀-launch", "Why"]


def test_import_of_a_file_that_is_not_json(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_bytes(b"\x00\x01 definitely not json")
    result = cli("import-annotations", str(bad), ok=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"readmark: {bad}: not JSON (Expecting value at line 1)"
    assert not (cli.data / "annotations").exists() or not list(
        (cli.data / "annotations").glob("*.json")
    )


def test_corrupt_file_is_set_aside_and_the_rest_keeps_working(cli: Cli) -> None:
    article, other = article_ids(cli)
    cli("annotate", article, "--quote", "Aegis Ashore", "--tag", "kept")
    broken = cli.data / "annotations" / f"{other}.json"
    broken.write_text('{"format": "readmark-annotations", "version": 1, "annot', encoding="utf-8")
    result = cli("annotations")
    assert "1 annotation(s)" in result.stdout
    assert f"{other}.json: not JSON" in result.stderr and "set aside as" in result.stderr
    [aside] = list(broken.parent.glob(f"{other}.json.corrupt-*"))
    assert aside.read_text(encoding="utf-8").endswith('"annot')
    assert json.loads(cli("tags", "--json").stdout) == [{"tag": "kept", "count": 1}]


def test_annotations_of_a_deleted_article_are_listed_as_missing(cli: Cli) -> None:
    article = article_ids(cli)[0]
    cli("annotate", article, "--quote", "Aegis Ashore", "--note", "keep me")
    next(p for p in cli.library.glob("*.md") if article in p.read_text("utf-8")).unlink()
    listing = cli("annotations").stdout
    assert "missing article" in listing and "keep me" in listing
    assert "Missing article" in cli("export", "--format", "md").stdout


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_export_into_a_read_only_folder_as_an_unprivileged_user() -> None:
    """Root writes anywhere, so the CLI runs as ``nobody`` for a real permission error."""
    with tempfile.TemporaryDirectory(prefix="readmark-ro-") as scratch:
        root = Path(scratch)
        os.chmod(root, 0o777)
        library = root / "library"
        shutil.copytree(BUNDLED_LIBRARY, library)
        locked = root / "locked"
        locked.mkdir(mode=0o555)
        os.chmod(locked, 0o555)
        notes = str(locked / "notes.md")
        result = run_cli(
            library, root / "data", "export", "--format", "md", "-o", notes, as_nobody=True
        )
        assert result.returncode == 1, result.stderr
        assert (
            result.stderr.strip()
            == f"readmark: {locked / 'notes.md'}: could not write the export in {locked}: "
            "permission denied: Readmark may not write there; nothing saved before was changed "
            "(give your user access)"
        )
        assert list(locked.iterdir()) == []
