"""Readmark's own files (icon, theme stylesheets): found the same way however the app runs.

Three ways to run, three places for ``resources/``: inside a PyInstaller bundle
(``sys._MEIPASS``), in a source tree or editable install (beside the ``app`` package), and
after ``pip install .`` (the wheel puts it under ``<prefix>/share/readmark/``, listed in the
package's RECORD). Every other module asks here instead of building paths itself.
"""

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QIcon

from app.core.installed import installed_share_dir

APP_ID = "io.github.readmark.Readmark"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@cache
def resources_dir() -> Path:
    """The ``resources/`` folder for this way of running; the first place that exists wins."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    source = Path(__file__).resolve().parents[2] / "resources"
    if source.is_dir():
        return source
    return installed_share_dir("resources") or source


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``; a missing one is a broken install, so say which file."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Readmark resource missing: {path} (reinstall Readmark)")
    return path


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def icon_png(size: int) -> Path:
    return resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def app_icon() -> QIcon:
    """The app icon from its rendered PNGs, so no SVG plugin has to ship in the bundle."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)))
    return icon


def set_app_identity(app: QGuiApplication) -> None:
    """Window icon, and the desktop file name Wayland and docks use to match our launcher."""
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
