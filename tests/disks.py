"""Real bad disks for tests: a tmpfs of a given size, remounted read-only or filled up.

Mounting needs root with mount rights (a container may lack them); the test then skips and
says why, never passes without having run.
"""

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """``folder`` as a fresh tmpfs of ``size`` (``"8m"``), unmounted afterwards."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        why = mounted.stderr.strip() or f"mount exited with {mounted.returncode}"
        pytest.skip(f"cannot mount a tmpfs here (needs root and mount rights): {why}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def fill(disk: Path) -> None:
    """Write until the disk refuses one more byte."""
    with open(disk / "filler", "wb", buffering=0) as handle:
        for block in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * block)
