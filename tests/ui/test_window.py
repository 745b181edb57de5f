"""The window shell through its widgets: panes, menus, state that survives a restart, errors."""

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.workspace import Workspace
from app.ui.library.article_list_model import TITLE
from app.ui.themes import THEMES
from app.ui.widgets.rows import ARTICLE_ID_ROLE
from app.ui.window.main_window import MainWindow
from app.ui.window.message_bar import LOG_NAME
from app.ui.window.settings import DEFAULT_FONT_SIZE
from app.window_options import THEME_NAMES
from tests.ui.window_fixtures import AEGIS, NATO, open_window

MENUS = ["File", "Edit", "View", "Go", "Help"]


def menu_actions(window: MainWindow) -> list[tuple[str, QAction]]:
    found = []
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        stack = [menu]
        while stack:
            current = stack.pop()
            for action in current.actions():
                sub = action.menu()
                if isinstance(sub, QMenu):
                    stack.append(sub)
                elif not action.isSeparator():
                    found.append((action.objectName(), action))
    return found


def test_three_panes_menus_and_status(window: MainWindow) -> None:
    splitter = window.splitter
    assert splitter.count() == 3
    assert splitter.widget(0) is window.search_pane
    assert splitter.widget(1) is window.reader
    assert splitter.widget(2) is window.annotation_pane
    assert window.annotation_pane.objectName() == "annotationPane"
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == MENUS
    assert window.status.articles.text() == "5 articles"
    assert window.library_pane.model.rowCount() == 5


def test_every_command_has_a_shortcut_and_a_tooltip(window: MainWindow) -> None:
    for name, action in menu_actions(window):
        assert action.toolTip(), name
        if name != "about" and not name.startswith(("theme_", "width_", "citation_style_")):
            assert action.shortcuts(), name
    keys = {
        name: [s.toString() for s in action.shortcuts()] for name, action in menu_actions(window)
    }
    assert "Ctrl+K" in keys["find"]
    assert QKeySequence(QKeySequence.StandardKey.Find).toString() in keys["find"]
    assert "Ctrl+=" in keys["zoom_in"]
    assert "Ctrl+0" in keys["zoom_reset"]
    assert "F3" in keys["next_hit"]
    assert "Shift+F3" in keys["previous_hit"]
    assert "Ctrl+Shift+Z" in keys["redo"]


def test_help_lists_every_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.flows.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = {command: keys for command, keys in dialog.rows()}
    assert listed["Find in Library"].startswith("Ctrl+F")
    assert "Ctrl+K" in listed["Find in Library"]
    assert listed["Theme › Next Theme"] == "Ctrl+Shift+L"
    assert listed["Highlight › Green"] == "2"
    assert listed["Redo"].startswith("Ctrl+Shift+Z,  Ctrl+Y")
    assert listed["Redo"].count("Ctrl+Shift+Z") == 1 and "Redo" not in listed["Redo"]
    assert listed["Clear the search"] == "Esc"


def test_choosing_an_article_in_the_list_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    view = window.library_pane.view
    model = window.library_pane.model
    first = model.index(0, TITLE)
    assert first.data(ARTICLE_ID_ROLE) == AEGIS  # newest first
    with qtbot.waitSignal(window.article_opened):
        view.setCurrentIndex(model.index(1, TITLE))
    assert window.current_article is not None and window.current_article.id == NATO
    assert window.reader.article is window.current_article
    assert "NATO Prepares" in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_article.id == "cafe-culture-in-zurich"


def test_library_filter_boxes_narrow_the_list(window: MainWindow) -> None:
    pane = window.library_pane
    pane.source_box.setCurrentIndex(pane.source_box.findData("Reuters"))
    assert pane.model.rowCount() == 1
    assert pane.count.text() == "1 of 5 articles"
    pane.set_filter(tag="nato")
    assert pane.model.rowCount() == 2
    pane.set_filter()
    assert pane.model.rowCount() == 5
    assert pane.count.isHidden()


def test_theme_font_size_and_place_survive_a_restart(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    first = open_window(qtbot, workspace, tmp_path)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(first, Qt.Key.Key_L, ctrl_shift)
    assert first.theme() == "dark"
    qtbot.keyClick(first, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(first, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert first.reader.font_size() == DEFAULT_FONT_SIZE + 2
    qtbot.keyClick(first, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    first.open_article(NATO)
    first.splitter.setSizes([300, 700, 280])
    sizes = first.splitter.sizes()
    first.reader.set_scroll_fraction(0.5)
    fraction = first.reader.scroll_fraction()
    first.close()

    second = open_window(qtbot, workspace, tmp_path)
    assert second.theme() == "dark"
    assert second.menu_actions["theme_dark"].isChecked()
    assert second.reader.font_size() == DEFAULT_FONT_SIZE + 2
    assert second.reader.reading_width() == 80
    assert second.settings.splitter_sizes == sizes
    restored = second.splitter.sizes()  # the centre takes what the (smaller) screen leaves
    assert (restored[0], restored[2]) == (sizes[0], sizes[2])
    assert second.restore_last_article()
    assert second.current_article is not None and second.current_article.id == NATO
    qtbot.waitUntil(lambda: abs(second.reader.scroll_fraction() - fraction) < 0.02)
    qtbot.keyClick(second, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert second.reader.font_size() == DEFAULT_FONT_SIZE


def test_index_sync_runs_off_the_gui_thread_and_reports(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.index_synced, timeout=20_000) as synced:
        window.sync_index()
    assert synced.args[0].documents == 5
    assert window.status.index_state.text() == "Index up to date."
    assert not window.status.progress.isVisible()


def test_an_unexpected_error_is_a_sentence_in_the_window_and_a_log_entry(
    window: MainWindow, workspace: Workspace
) -> None:
    empty: dict[str, int] = {}
    try:
        empty["missing"]
    except KeyError as exc:
        window.errors.excepthook(KeyError, exc, exc.__traceback__)
    bar = window.message_bar
    assert bar.isVisible()
    assert bar.kind == "error"
    assert bar.text().startswith("Something unexpected went wrong (KeyError: 'missing').")
    for handler in logging.getLogger("readmark").handlers:
        handler.flush()
    logged = (workspace.log_dir / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError" in logged
    assert window.isVisible()


def test_a_library_file_deleted_while_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.open_article(NATO)
    article = window.current_article
    assert article is not None and article.path is not None
    shown_text = window.reader.text
    with qtbot.waitSignal(window.index_synced, timeout=20_000):
        article.path.unlink()
    assert "was deleted or moved" in window.message_bar.text()
    assert window.reader.text == shown_text
    assert window.library_pane.model.rowCount() == 4
    assert not window.open_article(NATO)


def test_clicking_a_column_header_sorts_the_list(qtbot: QtBot, window: MainWindow) -> None:
    header = window.library_pane.view.header()
    x = header.sectionViewportPosition(TITLE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    model = window.library_pane.model
    titles = [model.index(r, TITLE).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(
        titles, key=str.casefold, reverse=True
    )
    assert model.sort_column == TITLE


def test_a_file_in_place_of_the_index_is_set_aside_and_the_index_rebuilt(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    workspace.close()  # let go of the open index so it can be replaced by a plain file
    shutil.rmtree(workspace.index_dir)
    workspace.index_dir.write_text("not an index", encoding="utf-8")
    with qtbot.waitSignal(window.index_synced, timeout=20_000) as synced:
        window.sync_index()
    report = synced.args[0]
    assert report.rebuilt and "is not a folder" in report.reason
    assert workspace.index_dir.is_dir()
    (kept,) = workspace.data_dir.glob("index.set-aside-*")
    assert kept.read_text(encoding="utf-8") == "not an index"
    assert workspace.index.search("summit").total > 0
    assert window.open_article(NATO)


def test_a_link_that_is_not_web_or_mail_is_refused_in_the_message_bar(
    window: MainWindow,
) -> None:
    window.flows.open_external_link(QUrl("file:///etc/passwd"))
    assert window.message_bar.isVisible()
    assert "does not open links like file:///etc/passwd" in window.message_bar.text()


def test_a_missing_index_is_rebuilt_in_a_child_process_and_searched_at_once(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    workspace.close()
    shutil.rmtree(workspace.index_dir)
    assert workspace.index.state().status == "missing"
    progress: list[int] = []
    window.status.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(window.index_synced, timeout=60_000) as synced:
        window.sync_index(reread_library=False)
    report = synced.args[0]
    assert report.rebuilt and report.documents == 5
    assert workspace.index.search("stoltenberg").total == 2
    assert progress  # the child's progress reached the status bar


def test_the_theme_option_names_every_theme() -> None:
    assert set(THEME_NAMES) == set(THEMES)
