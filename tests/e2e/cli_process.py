"""The CLI as a real subprocess on folders of the test's own."""

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@functools.cache
def _nobody_cannot_run_readmark() -> str:
    """Why the unprivileged user cannot start ``python -m app`` here, or "" when it can.

    A checkout in a folder other users cannot enter (``mktemp -d`` makes it 0700), or a
    Python under ``/root``, is out of its reach; that says nothing about Readmark, so the
    tests that need it skip with this reason instead of failing.
    """
    probe = subprocess.run(
        [*NOBODY, sys.executable, "-c", "import app.cli"],
        cwd="/",
        env={"PYTHONPATH": str(ROOT), "HOME": "/"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode == 0:
        return ""
    last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
    return f"the unprivileged user cannot run {sys.executable} on {ROOT} ({last})"


def run_cli(
    library: Path,
    data: Path,
    *args: str,
    as_nobody: bool = False,
    folders_first: bool = False,
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS --library L --data D``; the caller's READMARK_* variables are
    dropped, so only the folders given here count.

    ``as_nobody`` runs it as the unprivileged user (with its home beside the data folder):
    root reads and writes anything, so a real permission error needs this; the test skips,
    saying why, where that user cannot reach the checkout. ``folders_first`` puts
    ``--library`` and ``--data`` before the command, as ``git -C`` users write them.
    ``environment`` adds variables (``PYTHONIOENCODING``, ``LC_ALL``...).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    prefix: list[str] = []
    if as_nobody:
        reason = _nobody_cannot_run_readmark()
        if reason:
            pytest.skip(reason)
        prefix = NOBODY
        env["HOME"] = str(data.parent)
        env["PYTHONPATH"] = str(ROOT)
    env.update(environment or {})
    folders = ["--library", str(library), "--data", str(data)]
    ordered = [*folders, *args] if folders_first else [*args, *folders]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *ordered],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
