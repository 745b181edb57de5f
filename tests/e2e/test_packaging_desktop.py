"""Desktop integration files: the launcher and AppStream metainfo validate with the freedesktop
tools, agree with the package, and ``install_desktop.py`` installs them for one user."""

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP_ID = "io.github.readmark.Readmark"
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str, package: str) -> str:
    """The validators come from Debian packages that `make system-deps` installs."""
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: install the Debian package {package} (make system-deps)")
    return found


def desktop_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(path)],
        capture_output=True,
        text=True,
    )


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = desktop_validate(DESKTOP)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_opens_markdown_text_and_html() -> None:
    fields = entry(DESKTOP)
    assert fields["Name"] == "Readmark"
    assert fields["Comment"]
    assert fields["Categories"] == "Office;Viewer;"
    assert {"text/markdown", "text/plain", "text/html"} <= set(fields["MimeType"].split(";"))
    assert fields["Exec"].endswith(" %F")  # several files, as local paths
    assert fields["Icon"] == APP_ID


def test_metainfo_validates_without_network() -> None:
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    problems = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, output


def test_metainfo_agrees_with_the_package_and_launcher() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == version("readmark")
    images = [i.text or "" for i in root.findall("screenshots/screenshot/image")]
    assert images and all(i.startswith("https://") for i in images)
    for image in images:
        in_repo = image.split("/main/", 1)[1]
        assert (ROOT / in_repo).is_file(), f"screenshot {in_repo} is not in the repository"
    media = {m.text for m in root.findall("provides/mediatype")}
    assert media == {"text/markdown", "text/plain", "text/html"}


def test_install_desktop_for_the_current_user(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    program = tmp_path / "Read Mark $HOME" / "readmark-gui"
    script = ROOT / "packaging" / "install_desktop.py"
    command = [sys.executable, str(script), "--data-home", str(data_home)]
    done = subprocess.run(
        [*command, "--exec", str(program)], capture_output=True, text=True, check=True
    )
    assert f"The launcher runs: {program}" in done.stdout
    installed = data_home / "applications" / DESKTOP.name
    result = desktop_validate(installed)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    # The Desktop Entry spec: quoted, with $ escaped, and the file format doubles backslashes.
    escaped = str(program).replace("$", "\\\\$")
    assert entry(installed)["Exec"] == f'"{escaped}" %F'
    hicolor = data_home / "icons" / "hicolor"
    for size in SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (data_home / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()

    subprocess.run([*command, "--uninstall"], capture_output=True, text=True, check=True)
    left = [p for p in data_home.rglob(f"{APP_ID}*")]
    assert left == []


def test_install_desktop_refuses_an_unknown_command(tmp_path: Path) -> None:
    script = ROOT / "packaging" / "install_desktop.py"
    result = subprocess.run(
        [sys.executable, str(script), "--data-home", str(tmp_path), "--exec", "no-such-readmark"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "no-such-readmark: no such command on PATH" in result.stderr
    assert not (tmp_path / "applications").exists()
