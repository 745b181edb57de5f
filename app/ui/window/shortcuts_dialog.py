"""Help > Keyboard shortcuts: built from the window's own menus and actions, so never stale."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _worth_listing(keys: str) -> bool:
    """Skip keys only special keyboards have ("Open", "Zoom In"); keep F-keys and chords."""
    return "+" in keys or len(keys) <= 3 or (keys.startswith("F") and keys[1:].isdigit())


def shortcut_text(action: QAction) -> str:
    shown = (s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
    return ",  ".join(dict.fromkeys(k for k in shown if _worth_listing(k)))


def menu_rows(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(command, shortcuts)]) for every menu, submenus flattened with a prefix."""

    def walk(menu: QMenu, prefix: str) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            label = action.text().replace("&", "")
            if isinstance(sub, QMenu):
                rows.extend(walk(sub, f"{prefix}{label} › "))
            else:
                rows.append((f"{prefix}{label}".rstrip("…"), shortcut_text(action)))
        return rows

    groups = []
    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            groups.append((top.text().replace("&", ""), walk(menu, "")))
    return groups


class ShortcutsDialog(QDialog):
    """Every menu command with its keys, plus keys that belong to a pane, not a menu."""

    def __init__(
        self,
        bar: QMenuBar,
        extra: list[tuple[str, list[tuple[str, str]]]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(520, 620)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        for title, rows in [*menu_rows(bar), *(extra or [])]:
            group = QTreeWidgetItem(self.tree, [title, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for command, keys in rows:
                QTreeWidgetItem(self.tree, [f"    {command}", keys])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [(item.text(0).strip(), item.text(1)) for item in items if item is not None]
