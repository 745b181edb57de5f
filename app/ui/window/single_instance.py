"""One Readmark window per data folder: a second start hands its files to the first and quits.

Two windows on one data folder would each keep their own undo stack and index writer over the
same annotation files; the second start therefore brings the running window forward and
passes it the files to import, over a ``QLocalServer`` named after the user and data folder.
A socket left behind by a crashed instance is removed and this start serves instead.
``--new-instance`` (and ``--screenshot``, which must never hand its work to someone else)
skips all of it.

Protocol: the client sends one UTF-8 JSON line ``{"files": ["/abs/path", ...]}``; the server
answers ``ok`` once the window has taken the files.
"""

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.core.json_input import parse_json
from app.core.workspace import default_data_dir

CONNECT_TIMEOUT_MS = 500
ANSWER_TIMEOUT_MS = 5000
ACK = b"ok\n"
MAX_MESSAGE = 4 * 1024 * 1024  # the paths of thousands of files; more is not a message of ours


class Window(Protocol):
    """What the hand-off needs from the main window."""

    def open_files(self, paths: list[Path]) -> None: ...


class HandOff(Enum):
    DELIVERED = "delivered"  # a running instance took the files
    NO_SERVER = "no server"  # nobody listens (none running, or a stale socket)
    NO_ANSWER = "no answer"  # someone listens but did not confirm in time


def server_name(data_dir: Path) -> str:
    """Per user and per data folder, short enough for a Unix socket path."""
    owner = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    key = f"{owner}\0{data_dir.expanduser().resolve()}"
    return "readmark-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def send_files(name: str, files: Sequence[Path]) -> HandOff:
    """Give the files to the instance listening on ``name`` (blocking, a few ms when it runs)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return HandOff.NO_SERVER
    message = json.dumps({"files": [str(Path(f).expanduser().resolve()) for f in files]})
    socket.write((message + "\n").encode("utf-8"))
    socket.waitForBytesWritten(ANSWER_TIMEOUT_MS)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return HandOff.DELIVERED if answer == ACK else HandOff.NO_ANSWER


class InstanceServer(QObject):
    """Listens for later starts; emits what they ask for, on the GUI thread."""

    files_received = Signal(list)  # list[Path]; may be empty: "just come forward"

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)

    def is_listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Listen on the name; a socket nobody answers on is a crashed instance's, so remove it."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def attach(self, window: Window) -> None:
        """Send what later starts hand over to the window, and bring it forward each time."""

        def take(paths: list[Path]) -> None:
            bring_forward(window)
            if paths:
                window.open_files(paths)

        self.files_received.connect(take)

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            message = parse_json(line, max_bytes=MAX_MESSAGE, texts=False)
            files = [Path(f) for f in message["files"] if isinstance(f, str)]
        except (ValueError, KeyError, TypeError):
            print(f"readmark: ignored a malformed message from another start: {line!r}")
            socket.disconnectFromServer()
            return
        self.files_received.emit(files)
        socket.write(ACK)
        socket.flush()


def bring_forward(window: object) -> None:
    """Un-minimise, raise and focus (the window manager may still only flash the task bar)."""
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def claim(
    data_dir: Path, files: Sequence[Path], *, new_instance: bool = False
) -> InstanceServer | None:
    """Become the instance for ``data_dir``, or hand ``files`` to the one that already is.

    Returns None when a running instance took the files (this process should exit), else a
    server: listening when this start is the instance, idle with ``--new-instance`` or when a
    running instance does not answer (this start then runs on its own and says so).
    """
    server = InstanceServer(server_name(data_dir))
    if new_instance:
        return server
    outcome = send_files(server.name, files)
    if outcome is HandOff.DELIVERED:
        return None
    if outcome is HandOff.NO_ANSWER:
        print(
            "readmark: another Readmark on this data folder is not answering; "
            "starting a separate window",
            file=sys.stderr,
        )
        return server
    if not server.listen() and send_files(server.name, files) is HandOff.DELIVERED:
        return None  # another start won the race to listen; it has the files now
    return server


def claim_for(args: argparse.Namespace) -> InstanceServer | None:
    """``claim`` for the window's launch arguments (``files``, ``--data``, ``--new-instance``).

    A ``--screenshot`` run always stands alone: its picture must come from this process.
    """
    files: list[Path] = list(args.files)
    new_instance = bool(getattr(args, "new_instance", False) or args.screenshot)
    server = claim(args.data or default_data_dir(), files, new_instance=new_instance)
    if server is None:
        handed = f" and handed it {len(files)} file(s)" if files else ""
        print(f"readmark: brought the running Readmark forward{handed}")
    return server
