"""The Markdown vault export: a note per article and per tag, updated in place."""

import datetime as dt
import os
from pathlib import Path

import pytest

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.codebook import Codebook
from app.core.errors import ExportFailed
from app.core.export import select
from app.core.export.vault import KEEP_MARK, block_id, file_stem, write_vault
from app.core.library import Library
from app.core.render import render

BODY = "Japan dropped Aegis Ashore in 2020.\n\nCritics said the costs were *too* high."


@pytest.fixture
def store(library_dir: Path, data_dir: Path) -> AnnotationStore:
    library = Library(library_dir)
    library.add(
        Article(id="aegis", title="Japan drops Aegis", body=BODY, author="Jane Smith",
                date=dt.date(2020, 6, 15), source="Reuters", url="https://example.com/a")
    )  # fmt: skip
    store = AnnotationStore(data_dir / "annotations", library)
    text = render(BODY).text
    for quote, tags, note in (
        ("Aegis Ashore", ["defence/missile-defence", "japan"], "# Why\nfollow up"),
        ("costs were too high", ["costs"], ""),
    ):
        start = text.index(quote)
        store.create("aegis", start, start + len(quote), tags=tags, note=note)
    Codebook(data_dir).set("costs", description="Money spent.")
    return store


def _export(store: AnnotationStore, folder: Path) -> list[Path]:
    book = Codebook(store.folder.parent).codes()
    return write_vault(folder, select(store), book, "chicago-author-date").written


def test_notes_with_front_matter_block_ids_and_tag_index(
    store: AnnotationStore, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    written = _export(store, vault)
    assert sorted(p.relative_to(vault).as_posix() for p in written) == [
        "aegis.md",
        "tags/costs.md",
        "tags/defence › missile-defence.md",
        "tags/japan.md",
    ]
    note = (vault / "aegis.md").read_text(encoding="utf-8")
    front = note.split("---\n")[1]
    assert "title: Japan drops Aegis\n" in front and "citekey: aegis\n" in front
    assert "tags:\n- costs\n- defence/missile-defence\n- japan\n" in front
    assert "citation: Smith, J. 2020. “Japan Drops Aegis.” Reuters, June 15." in front
    aegis = next(a for a in store.all() if "japan" in a.tags)
    ann = block_id(aegis.id, set())
    assert (
        f"> Aegis Ashore\n> #defence/missile-defence #japan ^{ann}\n\n#### Why\nfollow up" in note
    )
    assert note.rstrip().endswith(KEEP_MARK)
    index = (vault / "tags" / "costs.md").read_text(encoding="utf-8")
    assert "Money spent." in index
    assert "[[aegis#^ann-" in index and "|Japan drops Aegis]]: costs were too high" in index


def test_re_export_keeps_what_the_user_wrote(store: AnnotationStore, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    _export(store, vault)
    note = vault / "aegis.md"
    mine = "My thoughts on [[other note]].\n\n- a list\n"
    note.write_text(note.read_text(encoding="utf-8") + mine, encoding="utf-8")
    text = render(BODY).text
    start = text.index("Critics")
    store.create("aegis", start, start + 7, tags=["people"])
    written = _export(store, vault)
    assert note in written and (vault / "tags" / "people.md") in written
    updated = note.read_text(encoding="utf-8")
    assert updated.endswith(f"{KEEP_MARK}\n{mine}") and "#people" in updated
    assert _export(store, vault) == []  # nothing changed: nothing rewritten


def test_writes_only_inside_the_folder(store: AnnotationStore, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "tags").mkdir(parents=True)
    outside = tmp_path / "outside.md"
    outside.write_text("precious", encoding="utf-8")
    os.symlink(outside, vault / "aegis.md")
    with pytest.raises(ExportFailed, match="is a link or lies outside the vault folder"):
        _export(store, vault)
    assert outside.read_text(encoding="utf-8") == "precious"
    assert file_stem("../../etc/passwd") == "etc-passwd" and file_stem("..") == "untitled"


def test_a_missing_parent_folder_is_one_error(store: AnnotationStore, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="does not exist"):
        _export(store, tmp_path / "nowhere" / "vault")
