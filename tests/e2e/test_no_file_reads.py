"""The real window, traced: showing a hostile article and its notes never opens a user file.

``python -m app --offscreen --screenshot`` runs under ``strace -f -e trace=open,openat,openat2``
on a library whose article (an SVG data image naming the canary by ``href`` and ``xlink:href``,
``<img>`` with absolute, ``file:`` and relative paths) and whose highlight note and article note
(``![](file:///...)``, ``<img src>``) all name a canary file in ``tmp_path``. The canary must
never be opened (issue 10, items 2 and 3). Needs ``strace`` (``make system-deps`` installs it)
and a kernel that lets a process trace its child.
"""

import base64
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from app.core.article import Article
from app.core.library import Library
from app.core.render import render
from app.core.workspace import Workspace
from tests.e2e.test_window_e2e import isolated_env


def _strace() -> str:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (make system-deps installs the Debian package)")
    probe = subprocess.run(
        [strace, "-f", "-o", "/dev/null", "true"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (ptrace not permitted): {probe.stderr.strip()}")
    return strace


def _svg(canary: Path, attribute: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="40" height="40"><image {attribute}="{canary}" width="40" height="40"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _hostile(canary: Path) -> str:
    return "\n\n".join(
        [
            "A canary paragraph.",
            f"![file url](file://{canary})",
            f'<img src="{canary}" alt="absolute">',
            f'<img src="file:{canary}" alt="file colon">',
            f'<img src="{canary.name}" alt="relative">',
            f'<img src="{_svg(canary, "href")}" alt="svg href">',
            f'<img src="{_svg(canary, "xlink:href")}" alt="svg xlink">',
        ]
    )


def test_showing_a_hostile_article_and_notes_opens_no_user_file(tmp_path: Path) -> None:
    strace = _strace()
    canary = tmp_path / "canary.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor(13, 250, 77))
    assert image.save(str(canary))
    library_dir, data_dir = tmp_path / "library", tmp_path / "data"
    library = Library(library_dir)
    library.add(Article(id="hostile", title="Hostile", body=_hostile(canary) + "\n"))
    with Workspace(library_dir, data_dir) as workspace:
        text = render(library.get("hostile").body).text
        start = text.index("canary paragraph")
        workspace.annotations.create("hostile", start, start + 16, note=_hostile(canary))
        workspace.annotations.create_note("hostile", _hostile(canary))
    png, log = tmp_path / "out.png", tmp_path / "strace.log"
    command = [
        *(strace, "-f", "-e", "trace=open,openat,openat2", "-o", str(log)),
        *(sys.executable, "-m", "app", "--library", str(library_dir), "--data", str(data_dir)),
        *("--offscreen", "--screenshot", str(png), "--article", "hostile"),
    ]
    result = subprocess.run(
        command,
        cwd=tmp_path,  # so the relative "canary.png" would resolve to the canary
        env=isolated_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.stat().st_size > 0
    opened = log.read_text(errors="replace")
    assert "hostile.json" in opened, "the trace saw the app read the notes: it works"
    assert "canary.png" not in opened, [line for line in opened.splitlines() if "canary" in line]
