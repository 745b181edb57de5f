"""``python -m app``: the desktop window by default, a CLI subcommand when one is named."""

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from app.cli import command_names

    if args and (args[0] in command_names() or args[0] in ("-h", "--help", "--version")):
        from app.cli import main as cli_main

        return cli_main(args)
    from app.ui.launch import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
