"""Shared fixtures: paths to the project and to ../shared, and fresh workspaces."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("READMARK_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
W3C = SHARED / "w3c"
BUNDLED_LIBRARY = ROOT / "library"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def require_shared(path: Path) -> Path:
    """Tests that need ../shared fail loudly when it is missing, never skip silently."""
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared material must sit beside the project")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder
