"""The codebook, tag tables and the new export formats through the CLI as a process."""

import csv
import io
import zipfile
from pathlib import Path

from tests.e2e.cli_process import run_cli

ARTICLE = """---
id: aegis
title: Japan scraps Aegis Ashore
author: Jane Smith
date: 2020-06-15
source: Reuters
url: https://example.com/a
---
Japan dropped *Aegis Ashore* in 2020.

Critics said the costs were too high.
"""


def _library(tmp_path: Path) -> tuple[Path, Path]:
    library, data = tmp_path / "library", tmp_path / "data"
    library.mkdir()
    data.mkdir()
    (library / "aegis.md").write_text(ARTICLE, encoding="utf-8")
    for quote, tags in (
        ("Aegis Ashore", ["defence/missile defence", "japan"]),
        ("dropped Aegis", ["costs"]),
        ("Critics said", ["defence"]),
    ):
        tag_args = [a for t in tags for a in ("--tag", t)]
        done = run_cli(library, data, "annotate", "aegis", "--quote", quote, *tag_args)
        assert done.returncode == 0, done.stderr
    return library, data


def test_codebook_and_tag_tables(tmp_path: Path) -> None:
    library, data = _library(tmp_path)
    done = run_cli(library, data, "codebook", "set", "Defence", "--description", "Arms.",
                   "--colour", "green")  # fmt: skip
    assert done.returncode == 0 and "'defence' colour #b8e6a0" in done.stdout
    listed = run_cli(library, data, "codebook", "list").stdout
    assert "defence" in listed and "  missile-defence" in listed and "Arms." in listed
    table = run_cli(library, data, "tags", "--cooccurrence", "--csv").stdout
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(table))}
    assert rows["tag"] == ["costs", "defence/missile-defence", "japan"]
    assert rows["costs"] == ["0", "1", "1"]  # "dropped Aegis" overlaps "Aegis Ashore"
    by_article = run_cli(library, data, "tags", "--cooccurrence", "article", "--csv").stdout
    assert by_article.replace("\r", "").split("\n")[2] == "defence,1,0,1,1"  # no diagonal
    by_source = run_cli(library, data, "tags", "--by", "source", "--csv").stdout
    assert by_source.replace("\r", "").split("\n")[:2] == ["tag,Reuters", "costs,1"]
    renamed = run_cli(library, data, "tag", "rename", "defence", "security")
    assert renamed.returncode == 0 and "on 2 annotation(s)" in renamed.stdout
    tags = run_cli(library, data, "tags").stdout
    assert "security/missile-defence" in tags and "\ndefence" not in tags
    assert "security" in run_cli(library, data, "codebook", "list").stdout


def test_new_export_formats_and_qdpx_import(tmp_path: Path) -> None:
    library, data = _library(tmp_path)
    bib = run_cli(library, data, "export", "--format", "bibtex")
    assert bib.returncode == 0 and bib.stdout.startswith("@article{aegis,")
    md = run_cli(library, data, "export", "--format", "md", "--style", "mla").stdout
    # citeproc-py initialises given names even where MLA asks for them in full
    assert "Smith, J. “Japan Scraps Aegis Ashore.” *Reuters*, 15 June 2020" in md
    assert "## Bibliography" in md
    refused = run_cli(library, data, "export", "--format", "qdpx")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "readmark: --format qdpx needs -o PATH (a zip file ending in .qdpx)"
    ]
    project = tmp_path / "p.qdpx"
    done = run_cli(library, data, "export", "--format", "qdpx", "-o", str(project))
    assert done.returncode == 0, done.stderr
    assert "project.qde" in zipfile.ZipFile(project).namelist()
    vault = tmp_path / "vault"
    done = run_cli(library, data, "export", "--format", "vault", "-o", str(vault))
    assert done.returncode == 0 and "5 note(s) written" in done.stdout
    other_library, other_data = tmp_path / "l2", tmp_path / "d2"
    other_library.mkdir()
    other_data.mkdir()
    done = run_cli(other_library, other_data, "import-annotations", str(project))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 article(s) added, 4 code(s); 3 imported")
    listed = run_cli(other_library, other_data, "annotations").stdout
    assert "#defence/missile-defence #japan" in listed and "3 annotation(s)" in listed
