"""Where ``pip install .`` put Readmark's shared files (bundled library, resources).

A wheel cannot place folders beside the ``app`` package, so ``pyproject.toml`` installs them
as data files under ``<prefix>/share/readmark/``. The prefix differs between a venv, ``--user``
and ``--prefix`` installs; the package's RECORD lists every installed file relative to
site-packages, so it knows the answer in all of them.
"""

from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path, PurePath

SHARE = ("share", "readmark")


def installed_share_dir(name: str) -> Path | None:
    """``<prefix>/share/readmark/<name>`` of the installed distribution, if it has one."""
    try:
        dist = distribution("readmark")
    except PackageNotFoundError:
        return None
    wanted = (*SHARE, name)
    width = len(wanted)
    for file in dist.files or ():
        parts = PurePath(str(file)).parts
        for start in range(len(parts) - width):
            if parts[start : start + width] == wanted:
                located = dist.locate_file(PurePath(*parts[: start + width]))
                return Path(str(located)).resolve()
    return None
