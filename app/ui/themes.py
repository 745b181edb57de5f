"""Light, dark and sepia: every colour the window and the reader use, in one place.

The reader, the sidebar and the stylesheet all read the same ``Theme`` so a highlight has the
same colour on its card as in the text. Stylesheets are templates in ``resources/themes``
filled from the theme's fields, so a colour is never written twice.
"""

import re
from dataclasses import asdict, dataclass
from functools import cache

from PySide6.QtGui import QColor, QPalette

from app.ui.resources import read_text, resource_path

DEFAULT_THEME = "light"
_TOKEN = re.compile(r"@([a-z_]+)@")


@dataclass(frozen=True)
class Theme:
    """Colours as ``#rrggbb`` strings; ``highlights`` maps each of the five colour names."""

    name: str
    label: str
    dark: bool
    window: str  # menu bar, status bar, side panes
    base: str  # list and field backgrounds
    background: str  # the reader's page
    alternate: str  # alternating list rows, cards
    text: str
    muted: str  # dates, counts, secondary lines
    border: str
    accent: str  # focus rings, selected chips, links in the chrome
    selection: str
    selection_text: str
    link: str
    search_hit: str  # every search hit in the reader
    search_hit_current: str  # the hit F3 moved to
    error_background: str
    error_text: str
    info_background: str
    diff_added: str  # words a newer version added (the versions view)
    diff_removed: str
    diff_changed: str
    highlights: dict[str, str]  # every name in the core's COLOURS


LIGHT = Theme(
    name="light",
    label="Light",
    dark=False,
    window="#f4f3f1",
    base="#ffffff",
    background="#fdfcf9",
    alternate="#f8f7f5",
    text="#1f1f1f",
    muted="#6b6b6b",
    border="#d9d6d0",
    accent="#3465a4",
    selection="#c7d9f2",
    selection_text="#111111",
    link="#2a5d9f",
    search_hit="#ffe08a",
    search_hit_current="#ffb347",
    error_background="#fbe3e1",
    error_text="#8a1c12",
    info_background="#e4eefb",
    diff_added="#c8ecc0",
    diff_removed="#f8cdc8",
    diff_changed="#fbe2a4",
    highlights={
        "yellow": "#ffe680",
        "green": "#b9e4a6",
        "blue": "#a9d2ff",
        "pink": "#ffb8d2",
        "purple": "#d9c0ff",
    },
)

DARK = Theme(
    name="dark",
    label="Dark",
    dark=True,
    window="#232427",
    base="#1b1c1e",
    background="#1e1f21",
    alternate="#26282b",
    text="#dcdad5",
    muted="#a5a29a",
    border="#3a3c40",
    accent="#7aa7e0",
    selection="#34506f",
    selection_text="#f2f2f2",
    link="#8fb8ee",
    search_hit="#6b5a17",
    search_hit_current="#7a530e",
    error_background="#4a2522",
    error_text="#ffd2cc",
    info_background="#243447",
    diff_added="#2d5531",
    diff_removed="#652b2b",
    diff_changed="#5a4818",
    highlights={
        "yellow": "#655a20",
        "green": "#3c5e34",
        "blue": "#2e4f75",
        "pink": "#713a52",
        "purple": "#55417a",
    },
)

SEPIA = Theme(
    name="sepia",
    label="Sepia",
    dark=False,
    window="#ece3d0",
    base="#f6efdf",
    background="#f5eddc",
    alternate="#efe6d2",
    text="#3b3024",
    muted="#675a4a",
    border="#d6c8ad",
    accent="#7d5026",
    selection="#e0cfa9",
    selection_text="#2b2118",
    link="#7a4b1c",
    search_hit="#f0cf6e",
    search_hit_current="#e6a64a",
    error_background="#f2d6c9",
    error_text="#7d2413",
    info_background="#e6dcc3",
    diff_added="#cfe2b0",
    diff_removed="#f0c4b6",
    diff_changed="#ecd398",
    highlights={
        "yellow": "#f2d873",
        "green": "#c6dba0",
        "blue": "#b7d0e2",
        "pink": "#efbcc6",
        "purple": "#d5c0e2",
    },
)

THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK, SEPIA)}

# Every text colour with the backgrounds it is drawn on (field names of Theme; "highlights"
# stands for each highlight colour). Each pair must reach WCAG AA, 4.5:1, in every theme
# (tests/ui/test_theme_contrast.py): a colour added to the window is added here first.
_PAGES = ("window", "base", "background", "alternate", "info_background")
READABLE_PAIRS: dict[str, tuple[str, ...]] = {
    "text": (
        *_PAGES,
        "search_hit",
        "search_hit_current",
        "highlights",
        "diff_added",
        "diff_removed",
        "diff_changed",
    ),
    "base": ("accent",),  # a saved search's new-match badge
    "muted": _PAGES,
    "link": ("base", "background", "alternate"),
    "accent": ("window", "base", "alternate", "info_background"),
    "selection_text": ("selection",),
    "error_text": ("error_background", "window"),
}


def get_theme(name: str | None) -> Theme:
    """The named theme; an unknown name (an old settings file) falls back to light."""
    return THEMES.get(name or DEFAULT_THEME, LIGHT)


@cache
def _template(name: str) -> str:
    return read_text("themes", name)


def stylesheet(theme: Theme) -> str:
    """The window's Qt stylesheet: the shared template with this theme's colours filled in."""
    values = {k: v for k, v in asdict(theme).items() if isinstance(v, str)}
    values.update({f"hl_{k}": v for k, v in theme.highlights.items()})
    arrow = "arrow-down-light.png" if theme.dark else "arrow-down-dark.png"
    values["arrow"] = resource_path("themes", arrow).as_posix()

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _TOKEN.sub(fill, _template("window.qss"))


def palette(theme: Theme) -> QPalette:
    """A palette for the widgets the stylesheet does not reach (menus, dialogs, tooltips)."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alternate,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.Mid: theme.border,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    muted = QColor(theme.muted)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return pal
