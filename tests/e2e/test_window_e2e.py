"""The desktop app as a real process: under Xvfb (a real X server) and offscreen.

``python -m app --screenshot FILE`` must write a PNG of the real window: the right size, and
not blank (many colours, the reader differs from the library pane, the search hit is marked).
"""

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from app.ui.themes import DARK, LIGHT
from tests.conftest import BUNDLED_LIBRARY, ROOT

SIZE = (1440, 900)


def isolated_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "share"),
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    (tmp_path / "runtime").mkdir(mode=0o700, exist_ok=True)
    env.pop("QT_QPA_PLATFORM", None)
    return env


def colours(image: QImage, step: int = 7) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def assert_real_window(png: Path) -> QImage:
    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a readable PNG"
    assert (image.width(), image.height()) == SIZE
    assert len(colours(image)) > 50, "the screenshot is (nearly) blank"
    left = image.copy(20, 200, 300, 400)
    centre = image.copy(500, 200, 500, 400)
    assert colours(left, 5) != colours(centre, 5)
    return image


def has_hit_colour(image: QImage, hit: str) -> bool:
    wanted = QColor(hit)
    return any(
        abs(QColor(p).red() - wanted.red()) < 12
        and abs(QColor(p).green() - wanted.green()) < 12
        and abs(QColor(p).blue() - wanted.blue()) < 12
        for p in colours(image, 2)
    )


def screenshot(
    tmp_path: Path, png: Path, options: list[str], env: dict[str, str], xvfb: bool
) -> subprocess.CompletedProcess[str]:
    """``python -m app --screenshot`` on the bundled library, with a data folder in tmp_path."""
    library = ["--library", str(BUNDLED_LIBRARY), "--data", str(tmp_path / "data")]
    prefix: list[str] = []
    if xvfb:
        runner = shutil.which("xvfb-run")
        if runner is None:
            pytest.fail("xvfb-run is missing: install the Debian packages xvfb and xauth")
        prefix = [runner, "-a", "-s", "-screen 0 1600x1000x24"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *library, "--screenshot", str(png), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.slow
def test_the_window_renders_under_xvfb_with_a_search(tmp_path: Path) -> None:
    png = tmp_path / "window.png"
    result = screenshot(
        tmp_path, png, ["--search", '"Aegis Ashore"'], isolated_env(tmp_path), xvfb=True
    )
    assert result.returncode == 0, result.stderr
    image = assert_real_window(png)
    assert has_hit_colour(image, LIGHT.search_hit), "the search hits are not marked"
    assert (tmp_path / "data" / "index").is_dir()


def test_the_screenshot_option_works_without_a_display(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    png = tmp_path / "dark.png"
    result = screenshot(tmp_path, png, ["--theme", "dark", "--action", "zoom_in"], env, xvfb=False)
    assert result.returncode == 0, result.stderr
    image = assert_real_window(png)
    page = Counter(image.pixel(x, y) for x in range(420, 1000, 3) for y in range(300, 850, 3))
    background = QColor(page.most_common(1)[0][0])
    assert background.name() == DARK.background, "the dark theme did not reach the reader"


def test_an_unknown_article_is_reported_not_a_crash(tmp_path: Path) -> None:
    png = tmp_path / "missing.png"
    options = ["--offscreen", "--article", "no-such-article"]
    result = screenshot(tmp_path, png, options, isolated_env(tmp_path), xvfb=False)
    assert result.returncode == 0, result.stderr
    assert_real_window(png)
    assert "Traceback" not in result.stderr


def test_an_unknown_menu_command_is_a_usage_error_before_any_picture(tmp_path: Path) -> None:
    png = tmp_path / "missing.png"
    options = ["--offscreen", "--action", "no_such_command"]
    result = screenshot(tmp_path, png, options, isolated_env(tmp_path), xvfb=False)
    assert result.returncode == 2
    assert "no menu command 'no_such_command'; known: " in result.stderr
    assert "Traceback" not in result.stderr and not png.exists()
