"""``pip install .``: the two commands, the version from the metadata, the icon, and the
resources and bundled library found under the install prefix (not the source tree)."""

import os
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import distribution, version
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from app.ui.resources import APP_ID, ICON_SIZES, app_icon, icon_png, resources_dir, set_app_identity
from tests.conftest import BUNDLED_LIBRARY, ROOT

PROBE = """
from app.core.workspace import bundled_library_dir
from app.ui.resources import resources_dir, read_text
print(resources_dir())
print(bundled_library_dir())
print(len(read_text("themes", "window.qss")) > 0)
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The project built as a wheel and installed into a fresh prefix: (wheel, prefix)."""
    root = tmp_path_factory.mktemp("pip-install")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(root / "wheel"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (root / "wheel").glob("readmark-*.whl")
    prefix = root / "prefix"
    # --ignore-installed: without it pip "upgrades" by uninstalling the project's own
    # editable install from .venv before installing into the prefix.
    install = ["install", "--no-deps", "--no-index", "--ignore-installed"]
    subprocess.run(
        [*pip, *install, "--prefix", str(prefix), str(wheel)],
        check=True,
        capture_output=True,
    )
    return wheel, prefix


def site_packages(prefix: Path) -> Path:
    relative = Path(sysconfig.get_path("purelib")).relative_to(sysconfig.get_path("data"))
    return prefix / relative


def run_installed(prefix: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run with the installed copy first on the path, from a folder outside the source tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    env.update(PYTHONPATH=str(site_packages(prefix)), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        list(command), cwd=prefix, env=env, capture_output=True, text=True, check=True
    )


def test_installing_elsewhere_leaves_this_environment_alone(installed: tuple[Path, Path]) -> None:
    found = distribution("readmark")
    assert Path(str(found.locate_file(""))).resolve() != site_packages(installed[1]).resolve()
    assert version("readmark") == found.version


def test_wheel_declares_both_commands_and_desktop_files(installed: tuple[Path, Path]) -> None:
    wheel, _prefix = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "[console_scripts]\nreadmark = app.__main__:main" in text
    assert "[gui_scripts]\nreadmark-gui = app.__main__:main" in text
    data = f"readmark-{version('readmark')}.data/data/share"
    assert f"{data}/applications/{APP_ID}.desktop" in names
    assert f"{data}/metainfo/{APP_ID}.metainfo.xml" in names
    for size in ICON_SIZES:
        assert f"{data}/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names
    assert f"{data}/readmark/resources/themes/window.qss" in names
    for article in BUNDLED_LIBRARY.glob("*.md"):
        assert f"{data}/readmark/library/{article.name}" in names


def test_installed_commands_print_the_metadata_version(installed: tuple[Path, Path]) -> None:
    _wheel, prefix = installed
    for command in ("readmark", "readmark-gui"):
        done = run_installed(prefix, str(prefix / "bin" / command), "--version")
        assert done.stdout.strip() == f"Readmark {version('readmark')}"


def test_installed_copy_finds_resources_and_library_under_its_prefix(
    installed: tuple[Path, Path],
) -> None:
    _wheel, prefix = installed
    lines = run_installed(prefix, sys.executable, "-c", PROBE).stdout.split()
    share = (prefix / "share" / "readmark").resolve()
    assert lines == [str(share / "resources"), str(share / "library"), "True"]
    listed = run_installed(
        prefix, str(prefix / "bin" / "readmark"), "list", "--data", str(prefix / "data")
    ).stdout
    for article in BUNDLED_LIBRARY.glob("*.md"):
        assert article.stem[:40] in listed


def test_source_tree_resources_and_icon(qapp: QGuiApplication) -> None:
    assert resources_dir() == ROOT / "resources"
    for size in ICON_SIZES:
        image = QImage(str(icon_png(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the page, not a hole
        assert image.pixelColor(0, 0).alpha() == 0  # rounded corner
    icon = app_icon()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    set_app_identity(qapp)
    assert qapp.desktopFileName() == APP_ID
    assert not qapp.windowIcon().isNull()


def test_missing_resource_names_the_file() -> None:
    from app.ui.resources import resource_path

    with pytest.raises(FileNotFoundError, match=r"resources/themes/nope\.qss"):
        resource_path("themes", "nope.qss")


def test_icons_are_rendered_from_the_svg(tmp_path: Path) -> None:
    """The committed PNGs are what render_icons.py makes from the SVG today (within a small
    anti-aliasing tolerance, since Qt releases may round edges differently)."""
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    for size in (16, 48, 256):
        fresh = QImage(str(tmp_path / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        committed = QImage(str(icon_png(size)))
        images = [i.convertToFormat(QImage.Format.Format_RGBA8888) for i in (fresh, committed)]
        a, b = (bytes(image.constBits()) for image in images)  # images kept alive meanwhile
        assert len(a) == len(b) == size * size * 4
        mean_difference = sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)
        assert mean_difference < 2.0, f"{size}px icon differs from the SVG: run render_icons.py"


def base_python() -> Path:
    return Path(sys.base_prefix) / "bin" / "python3"


def has_pyinstaller(python: Path) -> bool:
    probe = subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True)
    return probe.returncode == 0


def test_packaging_never_installs_pyinstaller_system_wide(tmp_path: Path) -> None:
    python = base_python()
    assert not has_pyinstaller(python), f"{python} should not have PyInstaller to begin with"
    script = ROOT / "packaging" / "build_bundle.py"
    done = subprocess.run(
        [str(python), str(script), "--dist", str(tmp_path / "d"), "--work", str(tmp_path / "w")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "not a virtual environment" in done.stderr
    assert not has_pyinstaller(python)
    assert not (tmp_path / "d").exists()


@pytest.mark.slow
def test_packaging_installs_pyinstaller_into_the_virtualenv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([str(base_python()), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    assert not has_pyinstaller(python)
    subprocess.run(
        [str(python), "-c", "import build_bundle; build_bundle.ensure_pyinstaller()"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "packaging")},
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert has_pyinstaller(python)
    assert not has_pyinstaller(base_python())
