"""Read-only and full disks: every command that writes ends with ONE line naming the folder
and what to do (exit 1, no traceback), reading and searching keep working, and the
annotations saved before are byte-identical afterwards.

The disks are real: a tmpfs mounted for the test and remounted read-only, an 8 MB tmpfs
filled to the last byte, and (as the unprivileged user) folders owned by someone else.
Mounting needs root; where it is not allowed the tests say so and skip.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_LIBRARY
from tests.disks import fill, remount_read_only, tmpfs
from tests.e2e.cli_process import run_cli

ARTICLE = "nato-prepares-for-75th-summit-enhancing"


class Folders:
    """A library and a data folder with one saved highlight and a built index."""

    def __init__(self, root: Path, outside: Path) -> None:
        self.library = root / "library"
        self.data = root / "data"
        shutil.copytree(BUNDLED_LIBRARY, self.library)
        self.cli("annotate", ARTICLE, "--quote", "NATO", "--tag", "alliance", ok=True)
        self.cli("search", "summit", ok=True)
        self.saved = self.snapshot()
        self.export = outside / "elsewhere.jsonld"
        self._export_made_elsewhere(outside / "elsewhere")

    def _export_made_elsewhere(self, data: Path) -> None:
        """A highlight made in another data folder, exported: importing it must write."""
        result = run_cli(self.library, data, "annotate", ARTICLE, "--quote", "75th summit")
        assert result.returncode == 0, result.stderr
        exported = run_cli(self.library, data, "export", "--format", "jsonld").stdout
        self.export.write_text(exported, "utf-8")

    def cli(self, *args: str, ok: bool = False, **kw: bool) -> subprocess.CompletedProcess[str]:
        result = run_cli(self.library, self.data, *args, **kw)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def snapshot(self) -> dict[str, bytes]:
        folder = self.data / "annotations"
        return {p.name: p.read_bytes() for p in folder.glob("*.json")}

    def assert_untouched(self) -> None:
        assert self.snapshot() == self.saved


def assert_one_line(result: subprocess.CompletedProcess[str], folder: Path, *why: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("readmark: could not ") and str(folder) in lines[0]
    for words in why:
        assert words in lines[0], lines[0]


RENAME_JOURNAL_FOLDER = ""  # the data folder itself

WRITING_COMMANDS = [
    ("annotate", ["annotate", ARTICLE, "--quote", "75th summit", "--note", "new"], "annotations"),
    # A rename writes its journal (data/tag-rename.json) before any annotation file.
    ("tag rename", ["tag", "rename", "alliance", "nato"], RENAME_JOURNAL_FOLDER),
    ("index --rebuild", ["index", "--rebuild"], "index"),
    ("import-annotations", ["import-annotations", "EXPORT"], "annotations"),
]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Folders]:
    """The library and data folder on a disk remounted read-only after the first use."""
    with tmpfs(tmp_path / "disk", "16m") as disk:
        folders = Folders(disk, tmp_path)
        remount_read_only(disk)
        yield folders


@pytest.mark.parametrize(
    ("name", "args", "where"), WRITING_COMMANDS, ids=[c[0] for c in WRITING_COMMANDS]
)
def test_read_only_data_folder_writes_fail_in_one_line(
    read_only: Folders, name: str, args: list[str], where: str
) -> None:
    args = [str(read_only.export) if a == "EXPORT" else a for a in args]
    result = read_only.cli(*args)
    assert_one_line(result, read_only.data / where, "read-only disk", "nothing saved before")
    read_only.assert_untouched()


def test_read_only_index_with_nothing_to_write_is_up_to_date_and_untouched(
    read_only: Folders,
) -> None:
    """A sync plans before it takes the writer: with nothing to write it needs no lock file,
    so a read-only data folder answers as any other instead of failing."""
    index = read_only.data / "index"
    before = {p.name: p.read_bytes() for p in index.iterdir()}
    result = read_only.cli("index")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "up to date" in result.stdout
    assert {p.name: p.read_bytes() for p in index.iterdir()} == before
    read_only.assert_untouched()


def test_read_only_library_import_fails_in_one_line(read_only: Folders, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A story\n\nIt has a body of a few words.\n", "utf-8")
    result = read_only.cli("import", str(story))
    assert_one_line(result, read_only.library, "read-only disk")
    assert sorted(p.name for p in read_only.library.iterdir()) == sorted(
        p.name for p in BUNDLED_LIBRARY.iterdir()
    )


def test_read_only_export_target_fails_in_one_line(read_only: Folders) -> None:
    target = read_only.data / "notes.md"
    result = read_only.cli("export", "--format", "md", "-o", str(target))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"readmark: {target}: could not write the export in {target.parent}")


def test_read_only_data_folder_still_reads_and_searches(read_only: Folders) -> None:
    assert read_only.cli("list", ok=True).stdout.count("\n") >= 3
    assert "NATO" in read_only.cli("annotations", ok=True).stdout
    assert "alliance" in read_only.cli("tags", ok=True).stdout
    assert "NATO" in read_only.cli("export", "--format", "md", ok=True).stdout
    found = read_only.cli("search", "summit", ok=True)
    assert "result(s) for 'summit'" in found.stdout and "Traceback" not in found.stderr
    read_only.assert_untouched()


def test_search_on_a_read_only_folder_with_a_changed_library_searches_the_saved_index(
    tmp_path: Path,
) -> None:
    """The data folder is read-only but the library is not: the index cannot follow the new
    file, so search says so in one note and answers from the index as it was."""
    with tmpfs(tmp_path / "disk", "16m") as disk:
        folders = Folders(disk, tmp_path)
        library = tmp_path / "library"
        shutil.copytree(folders.library, library)
        text = (library / f"{ARTICLE}.md").read_text("utf-8")
        new = text.replace(f"id: {ARTICLE}", "id: a-new-article", 1)
        (library / "new.md").write_text(new, "utf-8")  # an article the index must add
        remount_read_only(disk)
        result = run_cli(library, folders.data, "search", "summit")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "searching the index as it was last saved" in result.stderr
        assert "could not update the search index in" in result.stderr
        assert "result(s) for 'summit'" in result.stdout
        folders.assert_untouched()


def test_search_without_any_index_on_a_read_only_disk_fails_in_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "16m") as disk:
        library, data = disk / "library", disk / "data"
        shutil.copytree(BUNDLED_LIBRARY, library)
        (data / "annotations").mkdir(parents=True)
        remount_read_only(disk)
        result = run_cli(library, data, "search", "summit")
        assert_one_line(result, data / "index", "read-only disk")


def test_full_disk_every_write_fails_in_one_line_and_nothing_is_lost(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        folders = Folders(disk, tmp_path)
        export = folders.export
        story = tmp_path / "story.txt"
        story.write_text("A story\n\n" + "It has a body of a few words. " * 200, "utf-8")
        fill(disk)
        assert shutil.disk_usage(disk).free < 8192
        long_note = "a note long enough to need a new block on the disk " * 200
        cases = [
            (
                ["annotate", ARTICLE, "--quote", "75th summit", "--note", long_note],
                "annotations",
            ),
            (["tag", "rename", "alliance", "nato-" + "x" * 40], RENAME_JOURNAL_FOLDER),
            (["index", "--rebuild"], "index"),
            (["import-annotations", str(export)], "annotations"),
        ]
        for args, where in cases:
            result = folders.cli(*args)
            assert_one_line(result, folders.data / where, "the disk is full", "free some space")
            folders.assert_untouched()
        result = folders.cli("import", str(story))
        assert_one_line(result, folders.library, "the disk is full")
        assert "result(s) for 'summit'" in folders.cli("search", "summit", ok=True).stdout
        os.unlink(disk / "filler")
        folders.cli("annotate", ARTICLE, "--quote", "75th summit", ok=True)
        assert len(folders.snapshot()[f"{ARTICLE}.json"]) > len(folders.saved[f"{ARTICLE}.json"])


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_folders_the_user_may_not_write_fail_in_one_line() -> None:
    """Folders made by root, used by ``nobody``: reading works, every write is one line."""
    with tempfile.TemporaryDirectory(prefix="readmark-perm-") as scratch:
        root = Path(scratch)
        os.chmod(root, 0o755)
        (root / "disk").mkdir()
        folders = Folders(root / "disk", root)
        listing = folders.cli("annotations", as_nobody=True)
        assert listing.returncode == 0 and "NATO" in listing.stdout, listing.stderr
        found = folders.cli("search", "summit", as_nobody=True)
        assert found.returncode == 0 and "result(s) for 'summit'" in found.stdout, found.stderr
        for args, where in [
            (["annotate", ARTICLE, "--quote", "75th summit"], "annotations"),
            (["tag", "rename", "alliance", "nato"], RENAME_JOURNAL_FOLDER),
            (["index", "--rebuild"], "index"),
        ]:
            result = folders.cli(*args, as_nobody=True)
            assert_one_line(result, folders.data / where, "permission denied", "give your user")
        folders.assert_untouched()
