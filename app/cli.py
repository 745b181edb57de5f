"""The command line: a thin layer over ``app.core`` (never Qt).

Exit status: 0 on success, 1 when some inputs failed (the rest were still processed),
2 for usage errors.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.commands import COMMAND_MODULES
from app.commands.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from app.core.errors import ReadmarkError
from app.core.workspace import Workspace


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        help="library folder (default: $READMARK_LIBRARY or the bundled library)",
    )
    common.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="data folder for annotations and the index "
        "(default: $READMARK_DATA or the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="readmark",
        description="Read, search and annotate a personal library of news articles, offline. "
        "Without a command, the desktop window opens.",
    )
    parser.add_argument("--version", action="version", version=f"Readmark {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def command_names() -> set[str]:
    """The subcommand names, so ``__main__`` can tell a command from a file to open."""
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with Workspace(args.library, args.data) as workspace:
            status: int = args.run(workspace, args)
            return status
    except ReadmarkError as exc:
        print(f"readmark: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("readmark: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
