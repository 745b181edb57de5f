"""Start the desktop window: argument parsing, the display check, the Qt application."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__

THEME_NAMES = ("light", "dark", "sepia")  # app.ui.themes.THEMES; not imported to start fast

NO_DISPLAY = (
    "readmark: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "  Start it on a desktop session, under a virtual screen (xvfb-run python -m app),\n"
    "  or without a screen: python -m app --offscreen --screenshot window.png\n"
    "  (the same as QT_QPA_PLATFORM=offscreen)."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readmark", description="Readmark desktop window.")
    parser.add_argument("files", nargs="*", type=Path, help="files to import and open")
    parser.add_argument("--library", type=Path, metavar="DIR", help="library folder")
    parser.add_argument("--data", type=Path, metavar="DIR", help="data folder")
    parser.add_argument(
        "--offscreen", action="store_true", help="run without a screen (Qt's offscreen platform)"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="render the window to a PNG file and quit"
    )
    parser.add_argument("--article", metavar="ID", help="open this article")
    parser.add_argument("--search", metavar="QUERY", help="search for QUERY and open the best hit")
    parser.add_argument("--theme", choices=THEME_NAMES, help="colour theme for this run")
    parser.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="NAME",
        help="with --screenshot: run this menu command first (e.g. tag_library, next_hit)",
    )
    parser.add_argument(
        "--new-instance",
        action="store_true",
        help="open a separate window even when Readmark already runs on this data folder",
    )
    parser.add_argument("--version", action="version", version=f"Readmark {__version__}")
    return parser


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.offscreen or (args.screenshot and not has_display()):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from app.ui.application import run

    return run(args)
