"""The annotation actions (five colours, Tag, Note, Delete) with their keys and tooltips.

One set of ``QAction``s serves the reader's keys, the floating selection bar, the context
menu, the sidebar's keys and the Edit menu, so all of them behave and read the same. The
shortcuts are widget shortcuts: 1-5, T and N only act where the focus is on the reader or a
card list, never while typing in a field.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from app.core.annotations import COLOURS
from app.ui.annotations.sidebar.filter_bar import colour_icon
from app.ui.themes import Theme


def make_action(
    parent: QObject,
    name: str,
    text: str,
    keys: str | QKeySequence,
    tip: str,
    slot: Callable[[], object],
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


@dataclass
class AnnotationActions:
    colours: dict[str, QAction]
    tag: QAction
    note: QAction
    delete: QAction

    @property
    def on_selection(self) -> list[QAction]:
        """What the selection bar offers: the colours, Tag and Note."""
        return [*self.colours.values(), self.tag, self.note]

    @property
    def all(self) -> list[QAction]:
        return [*self.on_selection, self.delete]

    def set_icons(self, theme: Theme) -> None:
        for colour, action in self.colours.items():
            action.setIcon(colour_icon(theme.highlights.get(colour, theme.muted), 16))


def annotation_actions(
    parent: QObject,
    highlight: Callable[[str], object],
    tag: Callable[[], object],
    note: Callable[[], object],
    delete: Callable[[], object],
) -> AnnotationActions:
    colours = {
        colour: make_action(
            parent,
            f"highlight_{colour}",
            colour.capitalize(),
            str(number),
            f"Highlight in {colour} ({number})",
            lambda c=colour: highlight(c),  # type: ignore[misc]
        )
        for number, colour in enumerate(COLOURS, start=1)
    }
    return AnnotationActions(
        colours=colours,
        tag=make_action(
            parent, "annotate_tag", "&Tag…", "T", "Tag the selection or highlight (T)", tag
        ),
        note=make_action(
            parent,
            "annotate_note",
            "&Note",
            "N",
            "Add a note to the selection or highlight (N)",
            note,
        ),
        delete=make_action(
            parent,
            "delete_highlight",
            "&Delete Highlight",
            QKeySequence(QKeySequence.StandardKey.Delete),
            "Delete the selected highlight (Delete)",
            delete,
        ),
    )
