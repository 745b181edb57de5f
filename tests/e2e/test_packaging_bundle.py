"""The one-folder PyInstaller bundle, run as a user would: no Python, no venv, no source tree.

The bundle is built once by ``packaging/build_bundle.py --if-changed`` into
``build/test-bundle/`` (about 15 s on 2 cores) and reused while the app, resources, library
and spec are unchanged, so reruns cost nothing and CI pays for one build.
"""

import json
import shutil
import signal
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.core.library import Library
from app.ui.single_instance import server_name
from tests.conftest import BUNDLED_LIBRARY, ROOT

pytestmark = pytest.mark.slow

BUILD = ROOT / "build" / "test-bundle"
MAX_MB = 120
MAX_START_S = 2.0
UNUSED_QT = ("WebEngine", "Qml", "Quick", "3D", "Multimedia", "Designer", "Pdf", "Charts")

STORY = (
    "Night Trains Return to the Alps\n\n"
    "By Ines Kofler\n\n"
    "Night trains between Vienna and Zurich run again from December, the railway said.\n"
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "packaging" / "build_bundle.py"), "--if-changed"),
            *("--dist", str(BUILD / "dist"), "--work", str(BUILD / "work")),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return BUILD / "dist" / "Readmark"


def bare_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no PYTHONPATH, no virtualenv, no source tree."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def run(bundle: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "Readmark"), *args],
        cwd=cwd,
        env=bare_env(cwd),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_comes_from_the_package_metadata(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"Readmark {version('readmark')}")


def test_screenshot_without_python_and_start_time(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    seconds = []
    for attempt in range(3):
        shot = tmp_path / f"window-{attempt}.png"
        started = time.perf_counter()
        done = run(bundle, tmp_path, "--offscreen", "--data", str(data), "--screenshot", str(shot))
        seconds.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, "the screenshot is blank"
    assert statistics.median(seconds) < MAX_START_S, f"start to screenshot: {seconds}"


def test_bundle_carries_the_default_library_and_searches_it(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, tmp_path, "list", "--json", "--data", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    listed = {a["id"] for a in json.loads(done.stdout)}
    assert listed == set(Library(BUNDLED_LIBRARY).ids())
    assert listed
    found = run(bundle, tmp_path, "search", "nato", "--json", "--data", str(tmp_path / "data"))
    assert found.returncode == 0, found.stderr  # Whoosh, its codecs and the analyzers came along
    assert {hit["id"] for hit in json.loads(found.stdout)["hits"]} <= listed
    assert json.loads(found.stdout)["total"] >= 1


def test_bundle_leaves_out_what_readmark_does_not_use(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    unused = [p.name for p in files if any(word in p.name for word in UNUSED_QT)]
    assert unused == []
    assert not any("translations" in p.parts for p in files)
    assert not any(p.name.startswith(("libssl", "libcrypto")) for p in files)
    assert (bundle / "_internal" / "libpython3.11.so.1.0").is_file()
    assert (bundle / "_internal" / "resources" / "themes" / "window.qss").is_file()
    licences = bundle / "_internal" / "licenses"
    assert (licences / "python" / "LICENSE.txt").is_file()
    assert (licences / "qt" / "LGPL-3").is_file()
    (pyside,) = licences.glob("pyside6_essentials-*.dist-info")
    assert "LGPL-3.0" in (pyside / "METADATA").read_text(encoding="utf-8")
    megabytes = sum(p.stat().st_size for p in files if not p.is_symlink()) / 1e6
    assert megabytes <= MAX_MB, f"bundle is {megabytes:.1f} MB"


def test_second_bundle_start_hands_a_file_to_the_first(bundle: Path, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    story = tmp_path / "night-trains.txt"
    story.write_text(STORY, encoding="utf-8")
    folders = ["--offscreen", "--library", str(library), "--data", str(tmp_path / "data")]
    first = subprocess.Popen(
        [str(bundle / "Readmark"), *folders],
        cwd=tmp_path,
        env=bare_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    socket_file = Path("/tmp") / server_name(tmp_path / "data")
    deadline = time.monotonic() + 30
    try:
        while not socket_file.exists() and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()[1]
            time.sleep(0.1)
        second = run(bundle, tmp_path, *folders, str(story))
        assert second.returncode == 0, second.stderr
        assert "brought the running Readmark forward and handed it 1 file(s)" in second.stdout
        titles: list[str] = []
        while "Night Trains Return to the Alps" not in titles and time.monotonic() < deadline:
            time.sleep(0.2)
            titles = [a.title for a in Library(library)]
        assert "Night Trains Return to the Alps" in titles
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
