"""``--screenshot FILE``: bring the real window into a given state and save it as a PNG.

Used for the README and docs screenshots and by the e2e test. It waits on the window's own
signals (index synced, results shown) instead of sleeping, with a timeout so a broken state
still produces a picture and an exit status instead of hanging.
"""

from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from app.core.errors import InvalidInput
from app.ui.window.main_window import MainWindow

SIZE = (1440, 900)
PANES = [370, 740, 330]
WAIT_MS = 60_000


def wait_for(signal: SignalInstance, timeout_ms: int = WAIT_MS) -> bool:
    """Run the event loop until ``signal`` fires; False after the timeout."""
    loop = QEventLoop()
    fired: list[bool] = []

    def stop(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(stop)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(stop)
    return bool(fired)


def settle(app: QApplication, ms: int = 150) -> None:
    """Let layouts, delayed scrolls and repaints happen before the grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take_screenshot(
    app: QApplication,
    window: MainWindow,
    path: Path,
    *,
    article: str | None = None,
    search: str | None = None,
    actions: list[str] | None = None,
) -> bool:
    """Sync the index, run the search, open the article, run menu commands, then grab.

    An unknown menu command is the caller's mistake (a typo in a script that makes
    pictures), so it raises ``InvalidInput`` before anything runs instead of a picture
    without it."""
    unknown = [name for name in actions or [] if name not in window.menu_actions]
    if unknown:
        known = ", ".join(sorted(window.menu_actions))
        raise InvalidInput(f"no menu command {', '.join(map(repr, unknown))}; known: {known}")
    window.resize(*SIZE)
    window.show()
    window.splitter.setSizes(PANES)
    settle(app, 50)
    window.sync_index(reread_library=False)
    wait_for(window.index_synced)
    hits: list[tuple[int, int]] = []
    if search:
        window.search_pane.field.setText(search)
        if window.search_pane.result is None or window.search_pane.query() != search:
            QTimer.singleShot(0, window.search_pane.run_now)
            wait_for(window.search_pane.results_shown)
        result = window.search_pane.result
        if result is not None and result.hits:
            chosen = next((h for h in result.hits if h.id == article), None) if article else None
            first = chosen or result.hits[0]
            article, hits = first.id, list(first.positions)
            row = result.hits.index(first)
            view = window.search_pane.view
            view.selectionModel().blockSignals(True)
            view.setCurrentIndex(window.search_pane.model.index(row, 0))
            view.selectionModel().blockSignals(False)
    if article:
        window.open_article(article, hits or None)
    elif not search:
        window.restore_last_article() or _open_newest(window)
    settle(app, 50)
    for name in actions or []:
        window.menu_actions[name].trigger()
    settle(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(path), "PNG")


def _open_newest(window: MainWindow) -> bool:
    articles = window.workspace.library.sorted_articles()
    return window.open_article(articles[0].id) if articles else False
