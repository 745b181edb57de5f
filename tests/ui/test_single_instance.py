"""One window per data folder: hand-off from a second start, stale sockets, --new-instance,
and files opened from outside (import, already present, unsupported)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from app.ui.window.main_window import MainWindow
from app.ui.window.single_instance import (
    HandOff,
    InstanceServer,
    claim,
    claim_for,
    send_files,
    server_name,
)
from app.window_options import build_parser
from tests.conftest import ROOT
from tests.ui.window_fixtures import NATO

NEW_TEXT = (
    "Harbour Bridge Reopens After Repairs\n\n"
    "By Mara Lindqvist\n\n"
    "The harbour bridge reopened on Monday after eight months of repairs to its cables.\n\n"
    "Commuters said the ferry queues had been the worst part of the closure.\n"
)

CRASHING_FIRST_INSTANCE = """
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.ui.window.single_instance import InstanceServer, server_name
app = QCoreApplication([])
server = InstanceServer(server_name(Path(sys.argv[1])))
assert server.listen()
os.kill(os.getpid(), signal.SIGKILL)
"""

SEND = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.ui.window.single_instance import send_files, server_name
app = QCoreApplication([])
print(send_files(server_name(Path(sys.argv[1])), [Path(p) for p in sys.argv[2:]]).value)
"""


def env(home: Path) -> dict[str, str]:
    """A child that failed to hand off would open a window: keep its preferences out of ~."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}


def wait_for(qtbot: QtBot, process: "subprocess.Popen[str]") -> tuple[int, str, str]:
    """Let this process's event loop serve the child until it exits (killed if it hangs)."""
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=20_000)
    finally:
        if process.poll() is None:
            process.kill()
    out, err = process.communicate()
    return process.returncode, out, err


def serve(window: MainWindow) -> InstanceServer:
    server = claim(window.workspace.data_dir, [])
    assert server is not None and server.is_listening()
    server.attach(window)
    return server


def article_titles(workspace: Workspace) -> list[str]:
    workspace.library.refresh()
    return sorted(a.title for a in workspace.library)


def test_server_name_is_per_data_folder(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    assert len(server_name(tmp_path)) < 40  # Unix socket paths are short


def test_second_start_hands_its_files_to_the_running_window(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    server = serve(window)
    new = tmp_path / "harbour.txt"
    new.write_text(NEW_TEXT, encoding="utf-8")
    window.showMinimized()
    folders = ["--library", str(workspace.library_dir), "--data", str(workspace.data_dir)]
    second = subprocess.Popen(
        [sys.executable, "-m", "app", *folders, str(new)],
        cwd=ROOT,
        env=env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    code, out, err = wait_for(qtbot, second)
    assert code == 0, err
    assert "brought the running Readmark forward and handed it 1 file(s)" in out
    qtbot.waitUntil(
        lambda: (
            window.current_article is not None
            and window.current_article.title == "Harbour Bridge Reopens After Repairs"
        ),
        timeout=10_000,
    )
    assert not window.isMinimized()
    assert "Harbour Bridge Reopens After Repairs" in article_titles(workspace)
    assert window.message_bar.kind == "info"
    assert "Added 1 new article" in window.message_bar.text()
    server.close()


def test_a_start_without_files_only_brings_the_window_forward(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    server = serve(window)
    before = article_titles(workspace)
    with qtbot.waitSignal(server.files_received, timeout=10_000) as received:
        sender = subprocess.Popen(
            [sys.executable, "-c", SEND, str(workspace.data_dir)],
            cwd=ROOT,
            env=env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        code, out, err = wait_for(qtbot, sender)
    assert (code, out.strip()) == (0, HandOff.DELIVERED.value), err
    assert received.args == [[]]
    assert article_titles(workspace) == before
    server.close()


def test_stale_socket_of_a_crashed_instance_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_FIRST_INSTANCE, str(data)],
        cwd=ROOT,
        env=env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert crashed.returncode == -9, crashed.stderr
    socket_file = Path(QDir.tempPath()) / server_name(data)
    assert socket_file.exists(), "the killed instance should have left its socket behind"
    assert send_files(server_name(data), []) is HandOff.NO_SERVER
    server = claim(data, [])
    assert server is not None and server.is_listening()
    server.close()
    assert not socket_file.exists()


def test_a_name_that_cannot_be_listened_on_is_a_false_not_a_crash(tmp_path: Path) -> None:
    """When listening fails, the error is compared with Qt's "address in use", which is a
    QAbstractSocket error: naming it on QLocalSocket (which has no such member) raised
    AttributeError at start-up instead."""
    name = server_name(tmp_path / "data")
    blocker = Path(QDir.tempPath()) / name
    blocker.mkdir()
    (blocker / "keep").write_text("a folder where the socket would go", encoding="utf-8")
    server = InstanceServer(name)
    try:
        assert server.listen() is False
    finally:
        server.close()
        shutil.rmtree(blocker)


def test_new_instance_never_hands_off(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    running = claim(data, [])
    assert running is not None and running.is_listening()
    args = build_parser().parse_args(["--new-instance", "--data", str(data), str(tmp_path)])
    with qtbot.assertNotEmitted(running.files_received, wait=300):
        separate = claim_for(args)
    assert separate is not None and not separate.is_listening()
    running.close()


def test_screenshot_runs_stand_alone(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    running = claim(data, [])
    assert running is not None
    args = build_parser().parse_args(["--data", str(data), "--screenshot", str(tmp_path / "s")])
    with qtbot.assertNotEmitted(running.files_received, wait=300):
        alone = claim_for(args)
    assert alone is not None and not alone.is_listening()
    running.close()


def test_a_malformed_message_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    running = claim(tmp_path / "data", [])
    assert running is not None
    socket = QLocalSocket()
    socket.connectToServer(running.name)
    assert socket.waitForConnected(1000)
    with qtbot.assertNotEmitted(running.files_received, wait=300):
        socket.write(b"this is not json\n")
        socket.flush()
        qtbot.waitUntil(
            lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState,
            timeout=5000,
        )
    running.close()


def test_unsupported_file_shows_the_reason_in_the_window(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    before = article_titles(workspace)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    window.open_files([pdf])
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=10_000)
    assert window.message_bar.kind == "error"
    text = window.message_bar.text()
    assert text.startswith("Could not open report.pdf: ")
    assert len(text) > len("Could not open report.pdf: ") + 5
    assert article_titles(workspace) == before


def test_a_library_file_is_opened_not_imported(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    before = sorted(p.name for p in workspace.library_dir.iterdir())
    own_file = workspace.library.get(NATO).path
    assert own_file is not None
    with qtbot.waitSignal(window.article_opened, timeout=5000):
        window.open_files([own_file])
    assert window.current_article is not None and window.current_article.id == NATO
    assert sorted(p.name for p in workspace.library_dir.iterdir()) == before


def test_the_same_text_again_opens_the_existing_article(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    first = tmp_path / "harbour.txt"
    first.write_text(NEW_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        window.open_files([first])
    assert window.current_article is not None
    imported_id = window.current_article.id
    window.open_article(NATO)
    again = tmp_path / "copy of harbour.txt"
    again.write_text(NEW_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        window.open_files([again, tmp_path / "missing.txt"])
    assert window.current_article is not None and window.current_article.id == imported_id
    assert article_titles(workspace).count("Harbour Bridge Reopens After Repairs") == 1
    assert "missing.txt" in window.message_bar.text()


@pytest.mark.parametrize("first_is_bad", [True, False])
def test_the_first_good_file_is_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, first_is_bad: bool
) -> None:
    good = tmp_path / "harbour.txt"
    good.write_text(NEW_TEXT, encoding="utf-8")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    order = [bad, good] if first_is_bad else [good, bad]
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        window.open_files(order)
    assert window.current_article is not None
    assert window.current_article.title == "Harbour Bridge Reopens After Repairs"
    assert "empty.txt" in window.message_bar.text()
