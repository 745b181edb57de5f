"""Errors as one plain sentence inside the window, never a traceback or a modal box.

``ErrorReporter.report`` is the one place that turns an exception into that sentence. Errors
Readmark expects (``ReadmarkError``, file-system errors) already say what went wrong; anything
else is logged with its traceback to ``<data>/logs/readmark.log`` and reported the same way, and
the app keeps running.
"""

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.core.errors import ReadmarkError, os_problem

LOG_NAME = "readmark.log"
log = logging.getLogger("readmark")


class MessageBar(QFrame):
    """A strip at the top of the window: a sentence and a close button."""

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
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Dismiss this message")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    @property
    def kind(self) -> str:
        return str(self.property("kind"))

    def text(self) -> str:
        return self.label.text()

    def show_message(self, text: str, kind: str = "error", timeout_ms: int = 0) -> None:
        """Show one sentence; info messages may fade after ``timeout_ms``, errors stay."""
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

    def report(self, exc: BaseException, context: str = "") -> None:
        text, unexpected = describe_error(exc)
        if unexpected:
            log.error("%s", context or "unexpected error", exc_info=exc)
            if self.log_file is not None:
                text += f" Details are in {self.log_file.baseFilename}."
        else:
            log.warning("%s%s", f"{context}: " if context else "", text)
        if context:
            text = f"{context}: {text}"
        self.bar.show_message(text, "error")

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
