"""``readmark``: the desktop window by default, a CLI subcommand when one is named.

The folder options may come before the command, as in ``git -C`` or ``docker --host``:
``readmark --data D import F`` runs the import, it does not open the window. A first word
that is neither a command nor a file is a usage error naming the commands, never a file the
window would then fail to open.
"""

import sys
from collections.abc import Sequence
from pathlib import Path

CLI_FLAGS = ("-h", "--help", "--version")
FOLDER_OPTIONS = ("--library", "--data")


def first_word(args: Sequence[str]) -> str | None:
    """The first argument that is not a folder option or its value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in FOLDER_OPTIONS:
            skip = True
        elif arg.startswith("-"):
            if arg == "--":
                return None
            continue
        else:
            return arg
    return None


def looks_like_a_file(word: str) -> bool:
    """What a file manager or a shell passes: an existing path, or one with a folder or an
    extension (a missing file then gets its own message in the window)."""
    return Path(word).exists() or "/" in word or "." in word.lstrip(".")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from app.cli import command_names

    commands = command_names()
    word = first_word(args)
    asks_cli = any(flag in args[: args.index(word)] if word else flag in args for flag in CLI_FLAGS)
    if word in commands or (word is None and asks_cli):
        from app.cli import main as cli_main

        return cli_main(args)
    if word is not None and not looks_like_a_file(word):
        names = ", ".join(sorted(commands))
        print(
            f"readmark: '{word}' is not a command or a file (commands: {names}; "
            "readmark --help for more)",
            file=sys.stderr,
        )
        return 2
    from app.ui.launch import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
