"""The Qt application object, the workspace and the main window, wired together once."""

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.core.errors import InvalidInput, ReadmarkError
from app.core.workspace import Workspace
from app.ui.resources import set_app_identity
from app.ui.window.main_window import MainWindow
from app.ui.window.settings import WindowSettings, default_settings
from app.ui.window.single_instance import claim_for

# The offscreen platform (``--screenshot``, CI) says this for every window it shows; it is
# not about anything Readmark does, and five copies of it bury the messages that matter.
HARMLESS_QT_MESSAGES = frozenset({"This plugin does not support propagateSizeHints()"})


def _print_qt_message(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message not in HARMLESS_QT_MESSAGES:
        print(message, file=sys.stderr)


def qt_app() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_print_qt_message)
    app = QApplication(["readmark"])
    app.setApplicationName("Readmark")
    app.setOrganizationName("Readmark")
    app.setStyle("Fusion")
    set_app_identity(app)
    return app


def run(args: argparse.Namespace) -> int:
    """Open the window on the workspace the arguments name; returns the exit status."""
    app = qt_app()
    instance = claim_for(args)
    if instance is None:
        return 0  # the running window took the files
    screenshot: Path | None = args.screenshot
    try:
        # a window opens from the library's snapshot and catches up on a worker (start_sync);
        # a screenshot is taken at once, so it reads the files first
        workspace = Workspace(args.library, args.data, verify_library=screenshot is not None)
    except (ReadmarkError, OSError) as exc:
        print(f"readmark: {exc}", file=sys.stderr)
        return 1
    with workspace, tempfile.TemporaryDirectory(prefix="readmark-shot-") as scratch:
        store = (
            QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
            if screenshot
            else default_settings()
        )
        window = MainWindow(workspace, WindowSettings(store))
        instance.attach(window)
        previous_hook = sys.excepthook
        sys.excepthook = window.errors.excepthook
        try:
            if args.theme:
                window.set_theme(args.theme)
            if screenshot:
                from app.ui.window.screenshot import take_screenshot

                try:
                    ok = take_screenshot(
                        app,
                        window,
                        screenshot,
                        article=args.article,
                        search=args.search,
                        actions=args.action,
                    )
                except InvalidInput as exc:
                    print(f"readmark: {exc}", file=sys.stderr)
                    return 2
                finally:
                    window.close()
                if not ok:
                    print(f"readmark: could not write {screenshot}", file=sys.stderr)
                return 0 if ok else 1
            window.show()
            if args.search:
                window.search_pane.set_query(args.search)
            if args.article:
                window.open_article(args.article)
            else:
                window.restore_last_article()
            QTimer.singleShot(0, window.start_sync)
            if args.files:
                QTimer.singleShot(0, lambda: window.open_files(list(args.files)))
            return int(app.exec())
        finally:
            sys.excepthook = previous_hook
