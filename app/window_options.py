"""The desktop window's command-line options, apart from Qt.

``readmark --help`` lists them beside the commands, and the CLI must never import Qt or
``app.ui`` (it runs on machines with no display), so they live here, in plain argparse.
"""

import argparse
from pathlib import Path

THEME_NAMES = ("light", "dark", "sepia")  # app.ui.themes.THEMES; not imported to start fast


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
    parser.add_argument("--version", action=_PrintVersion)
    return parser


class _PrintVersion(argparse.Action):
    """``--version``, the version looked up only when asked (importlib.metadata costs 70 ms
    of every window start)."""

    def __init__(self, option_strings: list[str], dest: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS)
        self.help = "show the version and exit"

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from app import __version__

        parser.exit(message=f"Readmark {__version__}\n")
