"""The core and the CLI must never pull in Qt: they run on machines with no display."""

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import importlib, pkgutil, sys
import app.core, app.cli, app.commands
for package in (app.core, app.commands):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "app.ui")))
print(",".join(bad))
"""


def test_core_and_cli_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Qt modules imported by core/CLI: {result.stdout}"
