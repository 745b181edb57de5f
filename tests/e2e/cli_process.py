"""The CLI as a real subprocess on folders of the test's own."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_cli(library: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS --library L --data D``; the caller's READMARK_* variables are
    dropped, so only the folders given here count."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMARK_")}
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--library", str(library), "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
