"""Start the desktop window: the display check, then the Qt application."""

import os
import sys
from collections.abc import Sequence

from app.window_options import build_parser

NO_DISPLAY = (
    "readmark: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "  Start it on a desktop session, under a virtual screen (xvfb-run make run in a\n"
    "  source checkout, xvfb-run readmark when installed), or render the window to a picture\n"
    "  without a screen (make screenshot, or readmark --offscreen --screenshot window.png)."
)


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
    from app.ui.window.application import run

    return run(args)
