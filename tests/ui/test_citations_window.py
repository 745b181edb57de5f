"""Citations in the real window: Edit > Citation Style is remembered in the settings; Copy
Citation (Edit menu, the library list's context menu) and Copy Quote with Citation (Edit
menu, a card's context menu) put the core's text and HTML on the clipboard in that style;
the Markdown export from the dialog is written in it too."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from app.core.export.styles import STYLE_NAMES, STYLES, cite_article, quote_with_citation
from app.core.render import render
from app.core.workspace import Workspace
from app.ui.widgets.rows import ARTICLE_ID_ROLE as ARTICLE_ID
from app.ui.window.main_window import MainWindow
from app.ui.window.settings import WindowSettings
from tests.ui.annotation_fixtures import when_menu_opens
from tests.ui.window_fixtures import AEGIS, NATO, open_window


def clipboard() -> tuple[str, str]:
    data = QApplication.clipboard().mimeData()
    assert data.hasText() and data.hasHtml()
    return data.text(), data.html()


def choose_style(window: MainWindow, style: str) -> None:
    window.menu_actions[f"citation_style_{style}"].trigger()


def test_the_style_menu_lists_six_styles_and_is_remembered(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    styles = next(a.menu() for a in edit.actions() if a.text() == "Citation &Style")
    assert [a.text() for a in styles.actions()] == list(STYLE_NAMES.values())
    assert len(STYLES) == 6
    assert window.menu_actions["citation_style_apa"].isChecked()  # the default
    choose_style(window, "mla")
    assert window.menu_actions["citation_style_mla"].isChecked()
    assert not window.menu_actions["citation_style_apa"].isChecked()
    window.settings.sync()
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert WindowSettings(stored).citation_style == "mla"
    window.close()
    again = open_window(qtbot, workspace, tmp_path)
    assert again.menu_actions["citation_style_mla"].isChecked()


def test_copy_citation_of_the_open_article_in_the_chosen_style(
    window: MainWindow, workspace: Workspace
):
    action = window.menu_actions["copy_citation"]
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    window.open_article(NATO)
    article = workspace.library.get(NATO)
    for style in ("chicago-author-date", "vancouver"):
        choose_style(window, style)
        action.trigger()
        expected = cite_article(NATO, article, style)
        assert clipboard() == (expected.text, expected.html)
        if style == "chicago-author-date":
            assert "<i>ONEST</i>" in clipboard()[1] and "ONEST," in clipboard()[0]
    assert clipboard()[0].startswith("1. Nesterova O.")  # Vancouver numbers its entries
    assert STYLE_NAMES["vancouver"] in window.status.currentMessage()


def test_copy_citation_from_the_library_list_cites_the_row_clicked(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
):
    window.open_article(NATO)
    choose_style(window, "harvard")
    view = window.library_pane.view
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ARTICLE_ID) == AEGIS)
    point = view.visualRect(model.index(row, 0)).center()

    def click_copy(menu: QMenu) -> None:
        entry = next(a for a in menu.actions() if a.objectName() == "copy_citation_here")
        entry.trigger()
        menu.close()

    when_menu_opens(click_copy)
    view.customContextMenuRequested.emit(point)
    expected = cite_article(AEGIS, workspace.library.get(AEGIS), "harvard")
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == expected.text)
    assert clipboard() == (expected.text, expected.html)


def test_copy_quote_with_citation_from_the_card_menu_and_the_edit_menu(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
):
    text = render(workspace.library.get(AEGIS).body).text
    start = text.index("Aegis Ashore")
    annotation = workspace.annotations.create(AEGIS, start, start + 12)
    window.open_article(AEGIS)
    choose_style(window, "apa")
    sidebar = window.annotations.controller.sidebar
    view = sidebar.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 1)
    point = view.visualRect(view.model().index(0, 0)).center()
    offered: list[str] = []

    def click_copy(menu: QMenu) -> None:
        offered.extend(a.objectName() for a in menu.actions())
        next(a for a in menu.actions() if a.objectName() == "copy_quote_here").trigger()
        menu.close()

    when_menu_opens(click_copy)
    view.customContextMenuRequested.emit(point)
    expected = quote_with_citation(annotation, workspace.library.get(AEGIS), "apa")
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == expected.text)
    assert "delete_highlight" in offered and "annotate_tag" in offered
    assert sidebar.current_id() == annotation.id  # the card right-clicked is chosen
    assert clipboard()[0].startswith("“Aegis Ashore” (")
    assert "<blockquote>" in clipboard()[1]
    choose_style(window, "chicago-note")  # the Edit menu copies the chosen card
    window.menu_actions["copy_quote"].trigger()
    noted = quote_with_citation(annotation, workspace.library.get(AEGIS), "chicago-note")
    assert clipboard()[0] == noted.text != expected.text


def test_copy_quote_without_a_chosen_card_says_what_to_do(window: MainWindow):
    window.open_article(NATO)
    QApplication.clipboard().setText("unchanged")
    window.menu_actions["copy_quote"].trigger()
    assert QApplication.clipboard().text() == "unchanged"
    assert "Choose a highlight" in window.status.currentMessage()


def test_the_markdown_export_uses_the_chosen_style(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
):
    text = render(workspace.library.get(NATO).body).text
    start = text.index("NATO")
    workspace.annotations.create(NATO, start, start + 4)
    choose_style(window, "mla")
    dialog = window.flows.export_annotations()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("md"))
    target = tmp_path / "notes.md"
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(target)
    written = target.read_text(encoding="utf-8")
    assert "19 June 2024" in written  # MLA's date; APA writes "(2024, June 19)"
    assert "(2024, June 19)" not in written
