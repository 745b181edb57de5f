"""The scan's columns (``library_scan.Scan``): the same files, order and stamps as the tuple
per file they replace, in a nested tree whose names sort differently whole and by parts."""

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.library_scan import OnDisk, scan_library

NAMES = st.text(alphabet="ab-_.0", min_size=1, max_size=4).filter(lambda n: n[0] != ".")


def stamps_by_walk(root: Path) -> list[OnDisk]:
    """Every article file below ``root`` by a plain walk (no links here), sorted by parts."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if name.endswith(".md") and not any(p.startswith(".") for p in rel.split("/")):
                stat = path.stat()
                found.append(OnDisk(rel, stat.st_mtime_ns, stat.st_size))
    return sorted(found, key=lambda f: f.rel.split("/"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(NAMES, min_size=1, max_size=3), min_size=1, max_size=12))
def test_columns_hold_the_files_in_path_part_order(
    tmp_path_factory: pytest.TempPathFactory, paths: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("scan")
    for n, parts in enumerate(paths):
        folder = root.joinpath(*parts[:-1])
        if any(p.is_file() for p in [folder, *folder.parents] if p != root and p.exists()):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{parts[-1]}.md"
        if not target.is_dir():
            target.write_text("x" * n, "utf-8")
    scan = scan_library(root)
    expected = stamps_by_walk(root)
    assert list(scan) == expected
    assert [scan[i] for i in range(len(scan))] == expected
    assert scan.rels == [f.rel for f in expected]
    assert list(scan.mtimes) == [f.mtime_ns for f in expected]
    assert list(scan.sizes) == [f.size for f in expected]


def test_an_empty_library_scans_to_empty_columns(tmp_path: Path) -> None:
    scan = scan_library(tmp_path)
    assert len(scan) == 0 and list(scan) == [] and scan.rels == []
