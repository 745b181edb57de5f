"""Every menu command of the window: its text, shortcut, tooltip and menu.

Shortcuts use ``QKeySequence`` standard keys where the platform has one, so a Mac user gets
Cmd+O and a KDE user gets what their desktop says. Each tooltip names the shortcut; Help >
Keyboard shortcuts lists the same actions, so the list can never go stale.
"""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from app.ui.themes import THEMES
from app.ui.window.focus_commands import copy_from_focus, select_all_in_focus
from app.ui.window.settings import READING_WIDTHS
from app.ui.window.undo_history import step

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | list[QKeySequence.StandardKey | str] | None
WIDTH_NAMES = dict(
    zip(READING_WIDTHS, ("Narrow", "Medium", "Comfortable", "Wide", "Full"), strict=True)
)


def set_keys(action: QAction, keys: Keys, tip: str) -> None:
    """Shortcuts without repeats (a standard key often lists the extra key we add), and a
    tooltip that names the first one as the platform writes it."""
    sequences: list[QKeySequence] = []
    for key in keys if isinstance(keys, list) else [keys] if keys is not None else []:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key))
        else:
            sequences.append(QKeySequence(key))
    unique = list(dict.fromkeys(s.toString() for s in sequences if not s.isEmpty()))
    sequences = [QKeySequence(s) for s in unique]
    action.setShortcuts(sequences)
    shown = sequences[0].toString(QKeySequence.SequenceFormat.NativeText) if sequences else ""
    action.setToolTip(f"{tip} ({shown})" if shown else tip)
    action.setStatusTip(tip)


def place(window: "MainWindow", menu: QMenu, action: QAction) -> QAction:
    """In its menu, and on the window so its shortcut works even with the menu bar hidden."""
    window.addAction(action)
    menu.addAction(action)
    return action


def make_action(
    window: "MainWindow",
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    keys: Keys = None,
    tip: str = "",
    *,
    name: str,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    set_keys(action, keys, tip or text.replace("&", "").rstrip("…"))
    action.triggered.connect(lambda _checked=False: slot())
    return place(window, menu, action)


class StepAction(QAction):
    """Undo or Redo, named for the step it would take ("Undo Highlight in yellow …")."""

    def __init__(self, label: str, window: "MainWindow") -> None:
        super().__init__(label, window)
        self.label = label

    def name_step(self, what: str) -> None:
        self.setText(f"{self.label} {what}" if what else self.label)


def stack_action(window: "MainWindow", menu: QMenu, *, back: bool, keys: Keys, tip: str) -> QAction:
    """Not ``QUndoStack.createUndoAction``: the step must first save a note being typed
    (``undo_history.step``), which that action's direct connection to the stack skips."""
    stack = window.undo_stack
    action = StepAction("&Undo" if back else "&Redo", window)
    action.setObjectName("undo" if back else "redo")
    if back:
        stack.undoTextChanged.connect(action.name_step)
        stack.canUndoChanged.connect(action.setEnabled)
    else:
        stack.redoTextChanged.connect(action.name_step)
        stack.canRedoChanged.connect(action.setEnabled)
    action.name_step(stack.undoText() if back else stack.redoText())
    action.setEnabled(stack.canUndo() if back else stack.canRedo())
    set_keys(action, keys, tip)
    action.triggered.connect(lambda _checked=False: step(window, back=back))
    return place(window, menu, action)


def one_checked(window: "MainWindow", actions: list[QAction]) -> None:
    """Checkable actions of which one is on at a time (the theme, the reading width)."""
    group = QActionGroup(window)
    for action in actions:
        action.setCheckable(True)
        group.addAction(action)


def build_menus(window: "MainWindow", bar: QMenuBar) -> dict[str, QAction]:
    """Create the menus and return their actions by object name (for the theme and width
    checks, ``--action`` and the tests)."""
    add = partial(make_action, window)

    file_menu = bar.addMenu("&File")
    add(
        file_menu,
        "&Import Files…",
        window.flows.import_files,
        QKeySequence.StandardKey.Open,
        "Import articles from .txt, .md, .html or Reuters .sgm files",
        name="import_files",
    )
    add(
        file_menu,
        "Import &Folder…",
        window.flows.import_folder,
        "Ctrl+Shift+O",
        "Import every article file in a folder",
        name="import_folder",
    )
    file_menu.addSeparator()
    add(
        file_menu,
        "&Export Annotations…",
        window.flows.export_annotations,
        "Ctrl+E",
        "Export highlights and notes as Markdown, CSV, W3C JSON-LD or CSL-JSON",
        name="export",
    )
    file_menu.addSeparator()
    add(
        file_menu,
        "&Update Search Index",
        window.sync_index,
        QKeySequence.StandardKey.Refresh,
        "Re-read the library folder and update the search index",
        name="sync_index",
    )
    file_menu.addSeparator()
    add(
        file_menu,
        "&Quit",
        window.close,
        [QKeySequence.StandardKey.Quit, "Ctrl+Q"],
        "Quit Readmark",
        name="quit",
    )

    edit_menu = bar.addMenu("&Edit")
    stack_action(
        window,
        edit_menu,
        back=True,
        keys=QKeySequence.StandardKey.Undo,
        tip="Undo the last change (it is shown first, and the status bar says what it was)",
    )
    stack_action(
        window,
        edit_menu,
        back=False,
        keys=["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo],
        tip="Redo what was undone",
    )
    add(
        edit_menu,
        "Undo &History",
        lambda: window.undo_history.toggle(),
        "Ctrl+Alt+Z",
        "Every change you made; click one to go back to it, several steps at once",
        name="undo_history",
    )
    edit_menu.addSeparator()
    add(
        edit_menu,
        "&Copy",
        lambda: copy_from_focus(window),
        QKeySequence.StandardKey.Copy,
        "Copy the selected text, or the title of the chosen article",
        name="copy",
    )
    add(
        edit_menu,
        "Select &All",
        lambda: select_all_in_focus(window),
        QKeySequence.StandardKey.SelectAll,
        "Select all the text of the field, or the whole article",
        name="select_all",
    )
    edit_menu.addSeparator()
    add(
        edit_menu,
        "&Find in Library",
        window.focus_search,
        [QKeySequence.StandardKey.Find, "Ctrl+K"],
        "Search the library as you type",
        name="find",
    )
    add(
        edit_menu,
        "&Save Search…",
        lambda: window.story.saved.save_current(),
        "Ctrl+S",
        "Save the search in the field under a name; it shows its new matches after imports",
        name="save_search",
    )
    edit_menu.addSeparator()
    add(
        edit_menu,
        "Article &Details…",
        window.flows.edit_details,
        "Ctrl+I",
        "Edit the title, author, date, source, URL and tags of this article",
        name="edit_details",
    )

    view_menu = bar.addMenu("&View")
    theme_menu = view_menu.addMenu("&Theme")
    one_checked(
        window,
        [
            add(
                theme_menu,
                theme.label,
                partial(window.set_theme, theme.name),
                tip=f"{theme.label} colours",
                name=f"theme_{theme.name}",
            )
            for theme in THEMES.values()
        ],
    )
    theme_menu.addSeparator()
    add(
        theme_menu,
        "&Next Theme",
        window.next_theme,
        "Ctrl+Shift+L",
        "Switch to the next theme: light, dark, sepia",
        name="next_theme",
    )
    view_menu.addSeparator()
    add(
        view_menu,
        "&Larger Text",
        window.zoom_in,
        [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
        "Make the reader's text larger",
        name="zoom_in",
    )
    add(
        view_menu,
        "&Smaller Text",
        window.zoom_out,
        QKeySequence.StandardKey.ZoomOut,
        "Make the reader's text smaller",
        name="zoom_out",
    )
    add(
        view_menu,
        "&Actual Size",
        window.zoom_reset,
        "Ctrl+0",
        "Reset the reader's text size",
        name="zoom_reset",
    )
    width_menu = view_menu.addMenu("Reading &Width")
    one_checked(
        window,
        [
            add(
                width_menu,
                f"{label} ({chars} characters)",
                partial(window.set_reading_width, chars),
                tip=f"About {chars} characters per line",
                name=f"width_{chars}",
            )
            for chars, label in WIDTH_NAMES.items()
        ],
    )
    width_menu.addSeparator()
    add(
        width_menu,
        "Wi&der Column",
        lambda: window.step_reading_width(1),
        "Ctrl+]",
        "More characters per line",
        name="wider",
    )
    add(
        width_menu,
        "Na&rrower Column",
        lambda: window.step_reading_width(-1),
        "Ctrl+[",
        "Fewer characters per line",
        name="narrower",
    )
    view_menu.addSeparator()
    full = add(
        view_menu,
        "&Full Screen",
        window.toggle_full_screen,
        QKeySequence.StandardKey.FullScreen,
        "Use the whole screen",
        name="full_screen",
    )
    full.setCheckable(True)

    go_menu = bar.addMenu("&Go")
    add(
        go_menu,
        "&Next Search Hit",
        window.reader.next_hit,
        QKeySequence.StandardKey.FindNext,
        "Jump to the next search hit in the article",
        name="next_hit",
    )
    add(
        go_menu,
        "&Previous Search Hit",
        window.reader.previous_hit,
        QKeySequence.StandardKey.FindPrevious,
        "Jump to the previous search hit",
        name="previous_hit",
    )
    go_menu.addSeparator()
    add(
        go_menu,
        "Next &Article",
        lambda: window.step_article(1),
        "Alt+Down",
        "Open the next article in the list",
        name="next_article",
    )
    add(
        go_menu,
        "Previous A&rticle",
        lambda: window.step_article(-1),
        "Alt+Up",
        "Open the previous article in the list",
        name="previous_article",
    )
    go_menu.addSeparator()
    add(
        go_menu,
        "&Library",
        window.focus_library,
        "Ctrl+1",
        "Move the keyboard focus to the article list",
        name="focus_library",
    )
    add(
        go_menu,
        "&Reader",
        window.focus_reader,
        "Ctrl+2",
        "Move the keyboard focus to the reader",
        name="focus_reader",
    )
    add(
        go_menu,
        "A&nnotations",
        window.focus_annotations,
        "Ctrl+3",
        "Move the keyboard focus to the annotation sidebar",
        name="focus_annotations",
    )

    help_menu = bar.addMenu("&Help")
    add(
        help_menu,
        "&Keyboard Shortcuts",
        window.flows.show_shortcuts,
        [QKeySequence.StandardKey.HelpContents, "Ctrl+/"],
        "List every keyboard shortcut",
        name="shortcuts",
    )
    add(
        help_menu,
        "&About Readmark",
        window.flows.show_about,
        tip="Version and licence",
        name="about",
    )
    return {action.objectName(): action for action in window.actions()}
