"""Issue 10 items 4, 5 and 6: hostile files give one clear line naming them, never a hang,
a traceback or a lost good file; system and special files are not read."""

import contextlib
import logging
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from app.core.errors import ImportFailed
from app.core.importers import ImportReport, import_paths
from app.core.importers.detect import parse_bytes
from app.core.importers.guard import failure_reason
from app.core.library import Library
from app.core.workspace import Workspace
from tests.e2e.cli_process import run_cli
from tests.hostile_inputs import ALIAS_BOMB_FRONT_MATTER

GOOD = "Markets rallied on Monday.\n\nTraders said the mood had turned after weeks of losses.\n"


def _import_folder(tmp_path: Path, files: dict[str, bytes]) -> tuple[ImportReport, Workspace]:
    """The files plus a good one in one folder, imported into a fresh library."""
    inputs = tmp_path / "inputs"
    inputs.mkdir(exist_ok=True)
    for name, data in {**files, "good.txt": GOOD.encode()}.items():
        (inputs / name).write_bytes(data)
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    report = import_paths(workspace, [inputs])
    assert str(inputs / "good.txt") in [i.source for i in report.imported], report.failed
    return report, workspace


def _reason(report: ImportReport, name: str) -> str:
    found = [f for f in report.failed if Path(f.source).name == name]
    assert len(found) == 1, report.failed
    assert "\n" not in str(found[0])
    return found[0].reason


# Item 4: YAML alias bombs, deep and huge front matter


@pytest.mark.timeout(20)
def test_alias_bomb_is_a_failure_line_not_a_hang(tmp_path: Path) -> None:
    report, _ = _import_folder(tmp_path, {"bomb.md": ALIAS_BOMB_FRONT_MATTER.encode()})
    assert "aliases" in _reason(report, "bomb.md")


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("a: " + "[" * 30 + "]" * 30 + "\n", "nested deeper"),
        ("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 40)), "nested deeper"),
        ("title: " + "x" * 200_000 + "\n", "the limit is"),
    ],
)
def test_deep_or_huge_front_matter_is_refused(tmp_path: Path, front: str, words: str) -> None:
    report, _ = _import_folder(tmp_path, {"odd.md": f"---\n{front}---\nBody text.\n".encode()})
    assert words in _reason(report, "odd.md")


@pytest.mark.timeout(20)
def test_alias_bomb_in_the_library_is_a_problem_and_list_answers(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "bomb.md").write_text(ALIAS_BOMB_FRONT_MATTER, encoding="utf-8")
    (library / "good.md").write_text("---\nid: good\ntitle: Good\n---\nText.\n", "utf-8")
    scanned = Library(library)
    assert scanned.ids() == ["good"]
    assert [p.path.name for p in scanned.problems] == ["bomb.md"]
    assert "aliases" in scanned.problems[0].message
    listed = run_cli(library, tmp_path / "data", "list")
    assert listed.returncode in (0, 1), listed.stderr
    assert "good" in listed.stdout
    assert "bomb.md: YAML aliases" in listed.stdout + listed.stderr
    assert "Traceback" not in listed.stderr


@pytest.mark.parametrize("value", ["date: 2024-13-45", "n: " + "9" * 5000, "h: 0x" + "f" * 5000])
def test_values_python_cannot_hold_are_a_library_problem(tmp_path: Path, value: str) -> None:
    """YAML reads these, but building (or printing) them raised ValueError past every
    handler."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "odd.md").write_text(f"---\nid: odd\n{value}\n---\nText.\n", encoding="utf-8")
    scanned = Library(library)
    assert scanned.ids() == []
    assert "unreadable value" in scanned.problems[0].message


def test_values_python_cannot_hold_still_import_the_body(tmp_path: Path) -> None:
    odd = b"---\ndate: 2024-13-45\n---\nSome words.\n"
    report, workspace = _import_folder(tmp_path, {"odd.md": odd})
    imported = next(i for i in report.imported if i.source.endswith("odd.md"))
    assert "unreadable value" in imported.warnings[0]
    assert "Some words." in workspace.library.get(imported.id).body


def test_nested_tags_are_not_stringified(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("---\nid: a\ntags: [x, [y, z], {k: v}]\n---\nT.\n", "utf-8")
    assert Library(library).get("a").tags == ["x"]


# Item 6: one malformed file never stops the others


def test_malformed_marked_section_keeps_the_page_and_the_folder(tmp_path: Path) -> None:
    page = b"<html><body><p>First words of the page.</p><![CDA[ x ]]><p>Last words.</p></body>"
    report, workspace = _import_folder(tmp_path, {"bad.html": page})
    imported = next(i for i in report.imported if i.source.endswith("bad.html"))
    body = workspace.library.get(imported.id).body
    assert "First words" in body and "Last words" in body


def test_an_unexpected_parser_error_is_one_line_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise AssertionError("unknown status keyword 'CDA'\nin marked section")
    except AssertionError as exc:
        with caplog.at_level(logging.WARNING, logger="readmark.import"):
            reason = failure_reason(exc, "bad.html")
    assert reason == (
        "could not be read as an article "
        "(AssertionError: unknown status keyword 'CDA' in marked section)"
    )
    assert caplog.records[0].exc_info is not None and "bad.html" in caplog.text


# Item 5: system files and special files


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/shadow", "/proc/self/environ"])
def test_system_files_are_refused_by_where_they_are(tmp_path: Path, path: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist on this machine")
    link = tmp_path / "inputs" / "innocent.txt"
    link.parent.mkdir()
    link.symlink_to(path)
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    report = import_paths(workspace, [Path(path), link])
    assert report.imported == []
    assert [f.reason.split(";")[0] for f in report.failed] == [
        f"a system file (in /{Path(path).parts[1]}), not a news article"
    ] * 2


def test_system_file_from_the_cli_is_one_line(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "library", tmp_path / "data", "import", "/etc/passwd")
    assert result.returncode != 0
    assert "/etc/passwd" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "library").glob("*.md"))


@pytest.mark.timeout(20)
def test_fifo_device_and_socket_are_refused_without_blocking(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inputs / "socket.txt"))
    (inputs / "null.txt").symlink_to("/dev/null")
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    done: list[ImportReport] = []
    specials = [inputs / "pipe.txt", inputs / "socket.txt", inputs / "null.txt"]
    worker = threading.Thread(
        target=lambda: done.append(import_paths(workspace, specials)), daemon=True
    )
    worker.start()
    worker.join(10)
    server.close()
    assert done, "import blocked on a special file"
    assert [f.reason for f in done[0].failed] == [
        "not a regular file (a pipe, socket or device)",
        "not a regular file (a pipe, socket or device)",
        "a system file (in /dev), not a news article; system folders are not read",
    ]


def test_a_large_broken_block_kept_at_import_reads_back(tmp_path: Path) -> None:
    """The import keeps a broken block verbatim; written back quoted it grows, and the
    library must still read the article it wrote."""
    broken = "a: [\n" + 'say: "it\'s \\ quoted" é\n' * 2500
    assert len(broken) < 64 * 1024
    odd = f"---\n{broken}---\nThe body survives.\n".encode()
    report, workspace = _import_folder(tmp_path, {"odd.md": odd})
    imported = next(i for i in report.imported if i.source.endswith("odd.md"))
    assert "broken YAML" in imported.warnings[0]
    reread = Library(workspace.library_dir)
    assert reread.problems == []
    assert reread.get(imported.id).extra["unparsed_front_matter"] == broken


# Inputs that took quadratic time (found by the fuzz bench): each must stay well under a second


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        (".sgm", b"<REUTERS>" * 100_000),
        (".sgm", b"<REUTERS " * 100_000),
        (".sgm", b"<REUTERS><TEXT>" + b"<TITLE>" * 50_000 + b"</TEXT></REUTERS>"),
        (".sgm", b"<REUTERS><TOPICS>" + b"<D>" * 50_000 + b"</TOPICS><TEXT>x</TEXT></REUTERS>"),
        (".sgm", b"<REUTERS><TEXT>" + b"<" * 200_000 + b"</TEXT></REUTERS>"),
        (".txt", b"Some text here.\n\n" + b"AB" * 200_000 + b" said\n"),
        (".html", b"<html><body>" + b"<div>" * 50_000 + b"text" + b"</div>" * 50_000),
    ],
    ids=["records", "open-tags", "titles", "labels", "angles", "outlet", "nesting"],
)
def test_no_input_takes_quadratic_time(suffix: str, data: bytes) -> None:
    started = time.process_time()
    with contextlib.suppress(ImportFailed):
        parse_bytes(data, suffix, f"input{suffix}")
    assert time.process_time() - started < 1.0
