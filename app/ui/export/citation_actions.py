"""Citations in the window: the citation style (Edit > Citation Style, remembered in the
settings and used by the Markdown export too), "Copy Citation" for the open article or the
one right-clicked in the library list, and "Copy Quote with Citation" for the chosen or
right-clicked highlight card.

The text is the core's (``app.core.export.styles``, citeproc-py with the CSL project's
styles); the clipboard gets it as plain text and as HTML, so a word processor keeps the
italics and a plain editor gets clean text.
"""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu

from app.core.article import Article
from app.core.errors import ReadmarkError
from app.core.export.styles import STYLE_NAMES, Cited, cite_article, quote_with_citation
from app.ui.annotations.controller import AnnotationController
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.widgets.rows import ARTICLE_ID_ROLE
from app.ui.window.actions import make_action, one_checked

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

COPY_CITATION_KEYS = "Ctrl+Shift+C"
COPY_QUOTE_KEYS = "Ctrl+Alt+C"
SHOWN_MS = 6000


def put_on_clipboard(cited: Cited) -> QMimeData:
    """Both forms in one clipboard entry: the receiving program takes the richest it reads."""
    data = QMimeData()
    data.setText(cited.text)
    data.setHtml(cited.html)
    QApplication.clipboard().setMimeData(data)
    return data


class Citations(QObject):
    """The citation actions, their menus and the context menus that offer them."""

    def __init__(self, window: "MainWindow", controller: AnnotationController, edit: QMenu):
        super().__init__(window)
        self.window = window
        self.controller = controller
        edit.addSeparator()
        self.copy_citation_action = make_action(
            window,
            edit,
            "Copy &Citation",
            self.copy_citation,
            COPY_CITATION_KEYS,
            "Copy the open article's reference in the citation style (text and HTML)",
            name="copy_citation",
        )
        self.copy_quote_action = make_action(
            window,
            edit,
            "Copy &Quote with Citation",
            self.copy_quote,
            COPY_QUOTE_KEYS,
            "Copy the chosen highlight in quotation marks with its citation (text and HTML)",
            name="copy_quote",
        )
        styles = edit.addMenu("Citation &Style")
        styles.setToolTipsVisible(True)
        self.style_actions = {
            style: make_action(
                window,
                styles,
                label,
                partial(self.set_style, style),
                tip=f"Cite in {label}",
                name=f"citation_style_{style}",
            )
            for style, label in STYLE_NAMES.items()
        }
        one_checked(window, list(self.style_actions.values()))
        self.style_actions[self.style()].setChecked(True)
        for action in (self.copy_citation_action, self.copy_quote_action):
            window.menu_actions[action.objectName()] = action
        for action in self.style_actions.values():
            window.menu_actions[action.objectName()] = action
        self._offer_in(window.library_pane.view, self._library_menu)
        for view in (controller.sidebar.view, controller.sidebar.orphan_view):
            self._offer_in(view, partial(self._card_menu, view))
        window.article_opened.connect(self._on_article)
        self._on_article(window.current_article)

    @staticmethod
    def _offer_in(view: QAbstractItemView, show: Callable[[QPoint], None]) -> None:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(show)

    def style(self) -> str:
        return self.window.settings.citation_style

    def set_style(self, style: str) -> None:
        self.window.settings.citation_style = style
        self.style_actions[style].setChecked(True)
        self._tell(f"Citations now in {STYLE_NAMES[style]}")

    def _on_article(self, article: Article | None) -> None:
        self.copy_citation_action.setEnabled(article is not None)
        self.copy_quote_action.setEnabled(article is not None)

    def _tell(self, message: str) -> None:
        self.window.status.showMessage(message, SHOWN_MS)

    def copy_citation(self, article_id: str | None = None) -> QMimeData | None:
        """The article's reference (the open one unless another is named) on the clipboard."""
        library = self.window.workspace.library
        article = library.get(article_id) if article_id else self.window.current_article
        if article is None:
            self._tell("Open an article to copy its citation")
            return None
        try:
            cited = cite_article(article.id, article, self.style())
        except (ReadmarkError, OSError) as exc:
            self.window.errors.report(exc, "Copying the citation")
            return None
        self._tell(f"Citation copied ({STYLE_NAMES[self.style()]})")
        return put_on_clipboard(cited)

    def copy_quote(self, annotation_id: str | None = None) -> QMimeData | None:
        """The chosen highlight (or the one named) quoted with its citation."""
        sidebar = self.controller.sidebar
        chosen = annotation_id or sidebar.current_id() or self.controller.current_id
        annotation = self.controller.entry(chosen) if chosen else None
        if annotation is None:
            self._tell("Choose a highlight card to copy it with its citation")
            return None
        library = self.window.workspace.library
        article = library.get(annotation.article_id) if annotation.article_id in library else None
        try:
            cited = quote_with_citation(annotation, article, self.style())
        except (ReadmarkError, OSError) as exc:
            self.window.errors.report(exc, "Copying the quote")
            return None
        self._tell(f"Quote copied with its citation ({STYLE_NAMES[self.style()]})")
        return put_on_clipboard(cited)

    def _library_menu(self, point: QPoint) -> None:
        view = self.window.library_pane.view
        index = view.indexAt(point)
        if not index.isValid():
            return
        article_id = str(index.data(ARTICLE_ID_ROLE))
        menu = QMenu(view)
        copy = partial(self.copy_citation, article_id)
        menu.addAction(copy_entry(menu, self.copy_citation_action, copy))
        menu.exec(view.viewport().mapToGlobal(point))

    def _card_menu(self, view: QAbstractItemView, point: QPoint) -> None:
        index = view.indexAt(point)
        if not index.isValid():
            return
        annotation_id = str(index.data(AnnotationRole.ID))
        self.controller.sidebar.select(annotation_id)
        menu = QMenu(view)
        copy = partial(self.copy_quote, annotation_id)
        menu.addAction(copy_entry(menu, self.copy_quote_action, copy))
        menu.addSeparator()
        menu.addActions(self.controller.act.all)
        menu.exec(view.viewport().mapToGlobal(point))


def copy_entry(menu: QMenu, action: QAction, copy: Callable[[], object]) -> QAction:
    """A context menu's own entry for a copy: it acts on the row clicked, which need not be
    the open article or the chosen card; text and shortcut as in the Edit menu."""
    entry = QAction(action.text(), menu)
    entry.setObjectName(f"{action.objectName()}_here")
    entry.setShortcut(action.shortcut())
    entry.setToolTip(action.toolTip())
    entry.triggered.connect(lambda _checked=False: copy())
    return entry
