"""What the subcommands share: exit statuses (see ``app.cli``) and terminal output."""

import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> None:
    """A plain aligned table; long cells are shortened with an ellipsis."""

    def cut(cell: str) -> str:
        return cell if len(cell) <= max_width else cell[: max_width - 1] + "…"

    cells = [[cut(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def is_terminal() -> bool:
    return sys.stdout.isatty()
