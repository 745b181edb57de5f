"""The command line: a thin layer over ``app.core`` (never Qt).

Exit status: 0 on success, 1 when some inputs failed (the rest were still processed),
2 for usage errors.
"""

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from app import __version__
from app.commands import COMMAND_MODULES
from app.commands.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, tolerant_streams
from app.core.errors import InvalidInput, ReadmarkError, os_problem
from app.core.valid_text import check_text
from app.core.workspace import Workspace
from app.window_options import build_parser as window_parser

GLOBAL_OPTIONS = ("--library", "--data")


def _add_folder_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--library",
        type=Path,
        metavar="DIR",
        default=default,
        help="library folder (default: $READMARK_LIBRARY or <data>/library)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        default=default,
        help="data folder for annotations and the index "
        "(default: $READMARK_DATA or the user data folder)",
    )


def _window_usage() -> str:
    """The window's own options, listed under the commands so ``readmark --help`` shows
    everything; taken from the window's parser, so the two never disagree."""
    window = window_parser()
    shared = {"help", "version", "library", "data"}
    formatter = window._get_formatter()
    formatter.add_usage("readmark [FILE ...] [--library DIR] [--data DIR]", [], [], "usage: ")
    formatter.start_section("without a command, the desktop window opens; window options")
    formatter.add_arguments([a for a in window._actions if a.dest not in shared])
    formatter.end_section()
    return formatter.format_help()


def build_parser() -> argparse.ArgumentParser:
    # --library and --data go before or after the command (`readmark --data D import F`,
    # `readmark import F --data D`): the top level sets them, and the command's copies only
    # override when given (SUPPRESS), because argparse otherwise resets them to None.
    common = argparse.ArgumentParser(add_help=False)
    _add_folder_options(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="readmark",
        description="Read, search and annotate a personal library of news articles, offline.",
        epilog=_window_usage(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"Readmark {__version__}")
    _add_folder_options(parser, None)
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


def _chosen_actions(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Iterator[argparse.Action]:
    """The options and arguments of the command (and sub-command) that was given."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen in action.choices:
                yield from _chosen_actions(action.choices[chosen], args)
        else:
            yield action


def check_text_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Every text argument must be savable: a shell argument that is not UTF-8 (``$'\\xff'``)
    reaches Python as a lone surrogate and would fail only when written. File names (Path
    arguments) may hold any bytes and are not checked."""
    for action in _chosen_actions(parser, args):
        value = getattr(args, action.dest, None)
        texts = value if isinstance(value, list) else [value]
        label = action.option_strings[0] if action.option_strings else action.dest.upper()
        for text in texts:
            if isinstance(text, str):
                check_text(text, f"the argument {label}")


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        check_text_arguments(parser, args)
    except InvalidInput as exc:
        print(f"readmark: {exc}", file=sys.stderr)
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
    except OSError as exc:  # the last net: commands word the folders they write themselves
        print(f"readmark: {os_problem(exc)}", file=sys.stderr)
        return EXIT_FAILED
