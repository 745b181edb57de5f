"""Build the one-folder bundle ``dist/Readmark/`` with PyInstaller (``make package``).

PyInstaller is a build tool, not a dependency of the app: when it is missing it is installed
into the environment running this script (the project's ``.venv``), never system-wide; the
version comes from the ``package`` extra in ``pyproject.toml``.

``--if-changed`` skips the build when the bundle was made from exactly these sources (a
fingerprint of the app, resources, library, spec and tool versions is kept beside it), so the
packaging test and CI pay for the build once.
"""

import argparse
import hashlib
import subprocess
import sys
import time
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "readmark.spec"
NAME = "Readmark"
INPUTS = (
    *("app", "resources", "library", "packaging/readmark.spec", "packaging/readmark_main.py"),
    "pyproject.toml",  # a new dependency changes what the bundle holds
)


def in_virtualenv() -> bool:
    return sys.prefix != sys.base_prefix


def pyinstaller_requirement() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    requirement: str = next(r for r in extras["package"] if r.lower().startswith("pyinstaller"))
    return requirement


def ensure_pyinstaller() -> None:
    try:
        version("pyinstaller")
        return
    except PackageNotFoundError:
        pass
    if not in_virtualenv():
        raise SystemExit(
            "build_bundle: PyInstaller is missing and this Python is not a virtual environment;"
            " run `make package` (it uses the project's .venv) instead of installing system-wide"
        )
    requirement = pyinstaller_requirement()
    print(f"build_bundle: installing {requirement} into {sys.prefix}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for tool in ("pyinstaller", "PySide6-Essentials", "readmark"):
        digest.update(f"{tool}={version(tool)}\n".encode())
    for name in INPUTS:
        base = ROOT / name
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, if_changed: bool) -> Path:
    bundle = dist / NAME
    stamp = work / "fingerprint"
    ensure_pyinstaller()
    wanted = fingerprint()
    current = stamp.read_text(encoding="utf-8") if stamp.exists() else ""
    if if_changed and current == wanted and (bundle / NAME).exists():
        print(f"build_bundle: {bundle} is up to date")
        return bundle
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, check=True, cwd=ROOT)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    if fingerprint() == wanted:
        stamp.write_text(wanted, encoding="utf-8")
    else:  # a source changed while PyInstaller was copying it: never call this build current
        stamp.unlink(missing_ok=True)
        print("build_bundle: sources changed during the build; the next --if-changed rebuilds")
    seconds = time.monotonic() - started
    megabytes = folder_size(bundle) / 1e6
    print(f"build_bundle: {bundle} built in {seconds:.0f} s, {megabytes:.1f} MB")
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's cache"
    )
    parser.add_argument("--if-changed", action="store_true", help="skip an up-to-date build")
    args = parser.parse_args(argv)
    build(args.dist.resolve(), args.work.resolve(), args.if_changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
