"""What the window keeps from one session to the next: its size and panes, the theme, font
and reading width, and the article open with its scroll position (``WindowSettings``)."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

DEFAULT_SIZES = [340, 640, 300]  # for the first run's 1280-pixel window
SETTLE_MS = 800  # how long a restored article's first layout passes may move its scroll


def restore_layout(window: "MainWindow") -> None:
    settings = window.settings
    geometry = settings.geometry
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1280, 800)
    window.splitter.setSizes(settings.splitter_sizes or DEFAULT_SIZES)
    window.set_theme(settings.theme)
    window.reader.set_font_size(settings.font_size)
    window.set_reading_width(settings.reading_width)


def restore_last_article(window: "MainWindow") -> bool:
    """Reopen the article and scroll position of the last session, if still there."""
    last = window.settings.last_article
    if last is None or last not in window.workspace.library:
        return False
    fraction = window.settings.scroll_fraction
    if not window.open_article(last):
        return False
    _hold_scroll(window, fraction)
    return True


def _hold_scroll(window: "MainWindow", fraction: float) -> None:
    """Keep the reader at ``fraction`` while the first layout passes change its length."""
    reader = window.reader
    bar = reader.verticalScrollBar()

    def keep(*_range: int) -> None:
        reader.set_scroll_fraction(fraction)

    bar.rangeChanged.connect(keep)
    keep()
    QTimer.singleShot(SETTLE_MS, bar, lambda: bar.rangeChanged.disconnect(keep))


def save_state(window: "MainWindow") -> None:
    settings = window.settings
    settings.geometry = window.saveGeometry()
    settings.splitter_sizes = window.splitter.sizes()
    settings.last_article = window.current_article.id if window.current_article else None
    settings.scroll_fraction = window.reader.scroll_fraction()
    settings.sync()
