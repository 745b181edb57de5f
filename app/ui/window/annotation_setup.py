"""Puts the annotation UI into the main window: the sidebar in ``annotation_pane``, the tag
library as a dock (Ctrl+Shift+T), the highlight actions in the Edit menu, errors to the
window's message bar. The window calls ``install_annotations`` once and ``apply_theme``."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from app.ui.annotations.controller import AnnotationController
from app.ui.export.citation_actions import Citations
from app.ui.tags.library_dock import TagLibrary
from app.ui.themes import Theme

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

TAG_LIBRARY_KEYS = "Ctrl+Shift+T"
COOCCURRENCE_KEYS = "Ctrl+Alt+T"
DOCK_HEIGHT = 260


class AnnotationUI(QObject):
    """What the window holds on to: the controller, the tag library and its dock."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.controller = AnnotationController(
            window.workspace, window.operations, window.reader, window.undo_stack, parent=self
        )
        self.controller.sig_error.connect(window.errors.report)
        window.annotation_layout.addWidget(self.controller.sidebar)
        self.tag_library = TagLibrary(self.controller, window.tasks)
        self.tag_library.sig_open_annotation.connect(self.open_at)
        self.dock = QDockWidget("Tag Library", window)
        self.dock.setObjectName("tagLibraryDock")
        self.dock.setWidget(self.tag_library)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._dock_sized = False
        self.dock.visibilityChanged.connect(self._size_dock)
        self.toggle_tag_library: QAction = self.dock.toggleViewAction()
        self.toggle_tag_library.setText("&Tag Library")
        self.toggle_tag_library.setObjectName("tag_library")
        self.toggle_tag_library.setShortcut(QKeySequence(TAG_LIBRARY_KEYS))
        self.toggle_tag_library.setToolTip(
            f"Every tag with its highlights across the library ({TAG_LIBRARY_KEYS})"
        )
        self._add_to_menus()

    def _menu(self, title: str) -> QMenu:
        """One of the menus ``build_menus`` made before the annotations were installed."""
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
                return menu
        raise LookupError(f"the window has no {title} menu")

    def _add_to_menus(self) -> None:
        actions = self.controller.act.all
        highlight = self._menu("Edit").addMenu("&Highlight")
        highlight.setToolTipsVisible(True)
        highlight.addActions(actions)
        view = self._menu("View")
        view.addSeparator()
        view.addAction(self.toggle_tag_library)
        together = QAction("Tags Used &Together", self.window)
        together.setObjectName("tag_cooccurrence")
        together.setShortcut(QKeySequence(COOCCURRENCE_KEYS))
        together.setToolTip(
            f"The tag library's table of tags used on the same passage ({COOCCURRENCE_KEYS})"
        )
        together.triggered.connect(lambda _checked=False: self.show_cooccurrence())
        view.addAction(together)
        for action in (*actions, self.toggle_tag_library, together):
            self.window.menu_actions[action.objectName()] = action
        self.citations = Citations(self.window, self.controller, self._menu("Edit"))

    def show_cooccurrence(self) -> None:
        self.dock.show()
        self.tag_library.tabs.setCurrentWidget(self.tag_library.cooccurrence)

    def _size_dock(self, visible: bool) -> None:
        """A calm first size: a strip under the panes, not half the window."""
        if visible and not self._dock_sized:
            self._dock_sized = True
            QTimer.singleShot(
                0,
                lambda: self.window.resizeDocks(
                    [self.dock], [DOCK_HEIGHT], Qt.Orientation.Vertical
                ),
            )

    def open_at(self, article_id: str, annotation_id: str) -> None:
        """From the tag library: open the article and go to the highlight."""
        if self.window.open_article(article_id):
            self.controller.go_to(annotation_id)

    def apply_theme(self, theme: Theme) -> None:
        self.controller.apply_theme(theme)
        self.tag_library.apply_theme(theme)


def install_annotations(window: "MainWindow") -> AnnotationUI:
    return AnnotationUI(window)
