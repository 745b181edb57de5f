"""Window state remembered between runs, in ``QSettings``.

Only presentation lives here (geometry, splitter sizes, theme, font size, reading width, the
citation style, the last article and where the reader was in it); nothing the user made. The
``QSettings`` object is passed in, so tests give each window its own file and never touch the
user's preferences.

The last article, its scroll position and the splitter sizes belong to one library
(``for_library``): another library (``--library``) has other articles, and reopening one
library's last article id in another opened nothing or the wrong thing.
"""

import hashlib
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings

from app.core.export.styles import DEFAULT_STYLE, STYLES
from app.ui.themes import DEFAULT_THEME, THEMES

DEFAULT_FONT_SIZE = 13.0
MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 32.0
DEFAULT_READING_WIDTH = 70  # characters per line: 65-75 reads best
READING_WIDTHS = (55, 62, 70, 80, 95)
N = TypeVar("N", int, float)


def default_settings() -> QSettings:
    """The user's preferences file (native format, per user)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Readmark", "Readmark")


def _as_number(value: object, kind: type[N], default: N) -> N:
    """INI files hand numbers back as strings; anything unreadable falls back."""
    if not isinstance(value, int | float | str):
        return default
    try:
        return kind(value)
    except ValueError:
        return default


class WindowSettings:
    """Typed access to the stored values; odd stored values fall back to defaults."""

    def __init__(self, store: QSettings) -> None:
        self.store = store
        self.library_group = "library-default"

    def for_library(self, folder: Path) -> None:
        """Keep the per-library values under this library folder (its resolved path)."""
        path = str(folder.resolve())
        self.library_group = "library-" + hashlib.sha1(path.encode()).hexdigest()[:16]
        self.store.setValue(f"{self.library_group}/path", path)  # for a reader of the file

    def _key(self, name: str) -> str:
        return f"{self.library_group}/{name}"

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def splitter_sizes(self) -> list[int] | None:
        raw = self.store.value(self._key("splitter"))
        if not isinstance(raw, list | tuple) or len(raw) != 3:
            return None
        sizes = [_as_number(v, int, -1) for v in raw]
        return sizes if all(s >= 0 for s in sizes) and any(sizes) else None

    @splitter_sizes.setter
    def splitter_sizes(self, sizes: list[int]) -> None:
        self.store.setValue(self._key("splitter"), [int(s) for s in sizes])

    @property
    def theme(self) -> str:
        value = self.store.value("reader/theme", DEFAULT_THEME)
        return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME

    @theme.setter
    def theme(self, name: str) -> None:
        self.store.setValue("reader/theme", name)

    @property
    def font_size(self) -> float:
        size = _as_number(self.store.value("reader/font_size"), float, DEFAULT_FONT_SIZE)
        return min(MAX_FONT_SIZE, max(MIN_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, points: float) -> None:
        self.store.setValue("reader/font_size", float(points))

    @property
    def reading_width(self) -> int:
        width = _as_number(self.store.value("reader/width"), int, DEFAULT_READING_WIDTH)
        return width if width in READING_WIDTHS else DEFAULT_READING_WIDTH

    @reading_width.setter
    def reading_width(self, chars: int) -> None:
        self.store.setValue("reader/width", int(chars))

    @property
    def citation_style(self) -> str:
        """The CSL style of "Copy Citation", "Copy Quote with Citation" and the Markdown
        export (one of ``app.core.export.styles.STYLES``)."""
        value = self.store.value("citation/style", DEFAULT_STYLE)
        return value if isinstance(value, str) and value in STYLES else DEFAULT_STYLE

    @citation_style.setter
    def citation_style(self, style: str) -> None:
        self.store.setValue("citation/style", style)

    @property
    def last_article(self) -> str | None:
        value = self.store.value(self._key("last_article"))
        return value if isinstance(value, str) and value else None

    @last_article.setter
    def last_article(self, article_id: str | None) -> None:
        self.store.setValue(self._key("last_article"), article_id or "")

    @property
    def scroll_fraction(self) -> float:
        stored = self.store.value(self._key("scroll"))
        return min(1.0, max(0.0, _as_number(stored, float, 0.0)))

    @scroll_fraction.setter
    def scroll_fraction(self, fraction: float) -> None:
        self.store.setValue(self._key("scroll"), float(fraction))

    def sync(self) -> None:
        self.store.sync()
