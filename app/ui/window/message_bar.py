"""Errors as one plain sentence inside the window, never a traceback or a modal box.

``ErrorReporter.report`` is the one place that turns an exception into that sentence. Errors
Readmark expects (``ReadmarkError``, file-system errors) already say what went wrong; anything
else is logged with its traceback to ``<data>/logs/readmark.log`` and reported the same way, and
the app keeps running.

The bar can be dismissed (its close button, or Esc where nothing else takes the key), and an
error leaves by itself once what failed works again: each message has a topic ("sync",
"save", "library"), and the window resolves a topic when a sync or a save next succeeds or
the library reads without problems.
"""

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.core.errors import ReadmarkError, os_problem

LOG_NAME = "readmark.log"
SYNC, SAVE, LIBRARY = "sync", "save", "library"  # topics: what success makes obsolete
log = logging.getLogger("readmark")


class MessageBar(QFrame):
    """A strip at the top of the window: a sentence and a close button."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setProperty("kind", "info")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(8)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label, 1)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("dismissMessage")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss this message (Esc)")
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button)
        self.topic = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.hide()

    @property
    def kind(self) -> str:
        return str(self.property("kind"))

    def text(self) -> str:
        return self.label.text()

    def show_message(
        self, text: str, kind: str = "error", timeout_ms: int = 0, topic: str = ""
    ) -> None:
        """Show one sentence; info messages may fade after ``timeout_ms``; errors stay until
        dismissed or until their ``topic`` is resolved."""
        self.topic = topic
        self.label.setText(text)
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        for child in self.findChildren(QWidget):
            self.style().unpolish(child)
            self.style().polish(child)
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
        self.show()

    def dismiss(self) -> None:
        self._timer.stop()
        self.topic = ""
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def resolve(self, topic: str) -> bool:
        """What the message was about works again: it goes. False when another shows."""
        if not topic or self.topic != topic or not self.isVisible():
            return False
        self.dismiss()
        return True


def sentence(text: str) -> str:
    """The core's lower-case messages as a sentence: capital first, full stop last."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def describe_error(exc: BaseException) -> tuple[str, bool]:
    """A sentence for the user, and whether the error was one we did not expect."""
    if isinstance(exc, ReadmarkError):
        return sentence(str(exc)), False
    if isinstance(exc, OSError):  # the core's one wording: the folder and what to do
        return sentence(str(os_problem(exc))), False
    return f"Something unexpected went wrong ({type(exc).__name__}: {exc}).", True


class ErrorReporter:
    """Turns any exception into the message bar's sentence, logging the unexpected ones."""

    def __init__(self, bar: MessageBar, log_file: logging.FileHandler | None) -> None:
        self.bar = bar
        self.log_file = log_file  # None when the log could not be opened: nothing to point at

    def report(self, exc: BaseException, context: str = "", topic: str | None = None) -> None:
        """Show the error; a problem met while doing something (a ``context``) is taken as a
        failed save unless the caller names its ``topic``: the next save that works clears it."""
        text, unexpected = describe_error(exc)
        if unexpected:
            log.error("%s", context or "unexpected error", exc_info=exc)
            if self.log_file is not None:
                text += f" Details are in {self.log_file.baseFilename}."
        else:
            log.warning("%s%s", f"{context}: " if context else "", text)
        if context:
            text = f"{context}: {text}"
        self.bar.show_message(
            text, "error", topic=(SAVE if context else "") if topic is None else topic
        )

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """``sys.excepthook`` for exceptions escaping Qt slots: report and keep running."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(exc.with_traceback(tb))


def start_error_log(log_dir: Path) -> logging.FileHandler | None:
    """Append warnings and tracebacks to ``<data>/logs/readmark.log``; None if not writable.

    The caller removes the handler again (``stop_error_log``) when its window closes.
    """
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_dir / LOG_NAME, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def stop_error_log(handler: logging.Handler | None) -> None:
    if handler is not None:
        log.removeHandler(handler)
        handler.close()
