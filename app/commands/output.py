"""What the subcommands share: exit statuses (see ``app.cli``) and terminal output."""

import codecs
import json
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def tolerant_streams() -> None:
    """Called once at CLI start: a character the terminal's encoding cannot show (a title's
    "…" under ``PYTHONIOENCODING=ascii``, a file name that is not UTF-8) is printed as a
    backslash escape instead of ending the command with ``UnicodeEncodeError``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _speaks_unicode(stream: TextIO) -> bool:
    try:
        return codecs.lookup(stream.encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def print_json(value: Any) -> None:
    """JSON on stdout that parses whatever the terminal's encoding: non-ASCII text is
    written as ``\\u`` escapes when stdout is not UTF-8."""
    json.dump(
        value, sys.stdout, ensure_ascii=not _speaks_unicode(sys.stdout), indent=2, default=str
    )
    sys.stdout.write("\n")


def warn(problem: object) -> None:
    """A warning for the user: always on stderr, so stdout stays the command's result
    (``list --json`` output is JSON and nothing else)."""
    print(f"warning: {problem}", file=sys.stderr)


def warn_all(problems: Iterable[object]) -> None:
    for problem in problems:
        warn(problem)


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


class ProgressLine:
    """Progress of long work on stderr. On a terminal, one line rewritten in place (at most ten
    times a second) and cleared at the end, so the result printed next stands alone. Elsewhere
    (a log, CI) silent, unless ``every_seconds`` asks for a plain line now and then to show
    that a long build is alive."""

    def __init__(self, label: str, *, every_seconds: float | None = None) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.interval = 0.1 if self.tty else every_seconds
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int, name: str = "") -> None:
        now = time.monotonic()
        if self.interval is None or (now - self._last < self.interval and done < total):
            return
        self._last, self._shown = now, True
        line = f"{self.label} {done}/{total} {name}".rstrip()[:79]
        sys.stderr.write(f"\r{line.ljust(79)}" if self.tty else f"{line}\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self._shown and self.tty:
            sys.stderr.write("\r" + " " * 79 + "\r")
            sys.stderr.flush()
