"""The CLI as a real subprocess on folders of the test's own."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def run_cli(
    library: Path, data: Path, *args: str, as_nobody: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS --library L --data D``; the caller's READMARK_* variables are
    dropped, so only the folders given here count.

    ``as_nobody`` runs it as the unprivileged user (with its home beside the data folder):
    root reads and writes anything, so a real permission error needs this.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    prefix: list[str] = []
    if as_nobody:
        prefix = NOBODY
        env["HOME"] = str(data.parent)
    folders = ["--library", str(library), "--data", str(data)]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *args, *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
