"""Where the bundle's megabytes go, by package: ``python packaging/bundle_sizes.py dist/Readmark``.

A folder listing alone hides most of it: Python code sits compressed in the executable's
archive, and shared libraries lie loose at the top of ``_internal``. So every file is charged
to the package it belongs to (``numpy.libs`` to numpy, ``pypdfium2_raw`` to pypdfium2, each
module in the archive to its top-level package), Qt is split into ICU, libraries, plugins and
bindings, and the standard library's pieces are one "Python" line. The benchmarks' Packaging
table is made from this output.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

from PyInstaller.archive.readers import CArchiveReader

MB = 1e6
# Folders named for something other than their package.
ALIASES = {
    "numpy.libs": "numpy",
    "pillow.libs": "PIL",
    "pypdfium2_raw": "pypdfium2",
    "pypdfium2_cfg": "pypdfium2",
    "_yaml": "yaml",
    "feedparser_sgmllib": "feedparser",
    "dateparser_data": "dateparser",
    "PySide6": "PySide6 bindings",  # its Python modules in the archive
    "lib-dynload": "Python",
    "python3.11": "Python",
    "base_library.zip": "Python",
    "licenses": "licence texts and metadata",
}
STDLIB = set(sys.stdlib_module_names) | {"__main__", "_pyi_rth_utils", "pyimod02_importers"}


def qt_part(parts: tuple[str, ...]) -> str:
    """PySide6's folder holds four different costs; name them apart."""
    name = parts[-1]
    if "plugins" in parts:
        return "Qt plugins"
    if name.startswith("libicu"):
        return "Qt: ICU (Unicode data)"
    if "lib" in parts:
        return "Qt libraries"
    return "PySide6 bindings"


def owner(relative: Path) -> str:
    """The package a file under ``_internal`` belongs to."""
    parts = relative.parts
    top = parts[0]
    if top == "PySide6":
        return qt_part(parts)
    if top.endswith((".dist-info", ".egg-info")):
        return "licence texts and metadata"
    if len(parts) == 1 and ".so" in top:
        return "Python" if top.startswith("libpython") else "shared libraries (system)"
    return ALIASES.get(top, top)


def archive_sizes(executable: Path) -> Counter[str]:
    """Compressed Python modules in the executable's archive, by top-level package."""
    sizes: Counter[str] = Counter()
    carchive = CArchiveReader(str(executable))
    accounted = 0
    for name, (_offset, length, *_rest, kind) in carchive.toc.items():
        accounted += length
        if kind != "z":
            sizes["Python" if name in STDLIB else "executable and start-up"] += length
            continue
        for module, (_kind, _where, size) in carchive.open_embedded_archive(name).toc.items():
            top = module.split(".")[0]
            python = top in STDLIB or top.startswith("_sysconfigdata")
            sizes["Python" if python else ALIASES.get(top, top)] += size
    sizes["executable and start-up"] += executable.stat().st_size - accounted
    return sizes


def bundle_sizes(bundle: Path) -> Counter[str]:
    executable = bundle / bundle.name
    sizes = archive_sizes(executable)
    internal = bundle / "_internal"
    for path in internal.rglob("*"):
        if path.is_file() and not path.is_symlink():
            sizes[owner(path.relative_to(internal))] += path.stat().st_size
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle folder, e.g. dist/Readmark")
    parser.add_argument("--min-mb", type=float, default=0.05, help="smaller packages are summed")
    args = parser.parse_args(argv)
    sizes = bundle_sizes(args.bundle)
    small = 0
    for name, size in sizes.most_common():
        if size / MB < args.min_mb:
            small += size
        else:
            print(f"{size / MB:8.2f}  {name}")
    print(f"{small / MB:8.2f}  (packages under {args.min_mb} MB each)")
    print(f"{sum(sizes.values()) / MB:8.2f}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
