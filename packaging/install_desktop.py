"""Install (or remove) Readmark's launcher, icons and AppStream file for the current user.

``make install-desktop`` runs this. Everything goes under ``$XDG_DATA_HOME`` (normally
``~/.local/share``): no root, nothing system-wide. The launcher's ``Exec`` names an absolute
command, by default the ``readmark-gui`` beside the running Python (the project's ``.venv``);
pass ``--exec dist/Readmark/Readmark`` to launch the one-folder bundle instead.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.readmark.Readmark"
DESKTOP = f"{APP_ID}.desktop"
METAINFO = f"{APP_ID}.metainfo.xml"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def default_data_home() -> Path:
    env = os.environ.get("XDG_DATA_HOME")
    return Path(env) if env else Path.home() / ".local" / "share"


def default_exec() -> str:
    beside_python = Path(sys.executable).parent / "readmark-gui"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("readmark-gui")
    if not found:
        raise SystemExit(
            "install_desktop: no readmark-gui command found; run `make venv` first "
            "or pass --exec PATH"
        )
    return found


def resolve_program(value: str) -> str:
    """A bare name is looked up on PATH; a path is made absolute (launchers have no cwd)."""
    if os.sep not in value:
        found = shutil.which(value)
        if not found:
            raise SystemExit(f"install_desktop: {value}: no such command on PATH")
        return found
    return str(Path(value).expanduser().resolve())


def quote_exec(program: str) -> str:
    """Quote a program path as the Desktop Entry spec's Exec key wants it.

    Inside quotes, ``"`` `` ` `` ``$`` and ``\\`` take a backslash; the file format then
    escapes every backslash once more.
    """
    if not _RESERVED.intersection(program):
        return program
    inner = "".join("\\" + c if c in '"`$\\' else c for c in program)
    return f'"{inner}"'.replace("\\", "\\\\")


def targets(data_home: Path) -> dict[Path, Path]:
    """Source file -> installed file, for everything this installs."""
    hicolor = data_home / "icons" / "hicolor"
    files = {
        LINUX / METAINFO: data_home / "metainfo" / METAINFO,
        ICONS / "readmark.svg": hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        files[png] = hicolor / png.relative_to(ICONS / "hicolor")
    return files


def desktop_entry(program: str) -> str:
    lines = []
    for line in (LINUX / DESKTOP).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quote_exec(program)} %F"
        lines.append(line)
    return "\n".join(lines) + "\n"


def refresh_caches(data_home: Path) -> None:
    """Desktops pick up new launchers and icons sooner when these caches are updated."""
    commands = [
        ["update-desktop-database", "-q", str(data_home / "applications")],
        ["gtk-update-icon-cache", "-q", "-f", "-t", str(data_home / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def install(data_home: Path, program: str) -> list[Path]:
    installed = []
    desktop = data_home / "applications" / DESKTOP
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_entry(program), encoding="utf-8")
    installed.append(desktop)
    for source, target in targets(data_home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        installed.append(target)
    refresh_caches(data_home)
    return installed


def uninstall(data_home: Path) -> list[Path]:
    removed = []
    for target in [data_home / "applications" / DESKTOP, *targets(data_home).values()]:
        if target.exists():
            target.unlink()
            removed.append(target)
    refresh_caches(data_home)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec", dest="program", help="command the launcher runs (absolute)")
    parser.add_argument(
        "--data-home", type=Path, default=None, help="default: $XDG_DATA_HOME or ~/.local/share"
    )
    parser.add_argument("--uninstall", action="store_true", help="remove what install added")
    args = parser.parse_args(argv)
    data_home = (args.data_home or default_data_home()).expanduser().resolve()
    if args.uninstall:
        for path in uninstall(data_home):
            print(f"removed {path}")
        return 0
    program = resolve_program(args.program) if args.program else default_exec()
    for path in install(data_home, program):
        print(f"installed {path}")
    print(f"The launcher runs: {program}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
