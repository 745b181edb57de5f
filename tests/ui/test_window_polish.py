"""The window without rough edges: a library list that reads, a tag filter for hundreds of
tags, folder tags only when asked, what the index is doing, messages that go."""

import datetime as dt
import shutil
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.library import Library
from app.core.workspace import Workspace
from app.ui.annotations.sidebar.card_delegate import FOOTER_LINES, MARGIN, PAD
from app.ui.annotations.sidebar.card_text import footer_text
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.library.article_list_model import DATE, SOURCE, TITLE, ArticleListModel
from app.ui.library.pane import ALL_TAGS, LibraryPane
from app.ui.tags.list_model import COUNT_ROLE
from app.ui.themes import THEMES
from app.ui.window.main_window import MainWindow
from app.ui.window.message_bar import SYNC
from tests.ui.window_fixtures import AEGIS, open_window, settle

BBC_TITLE = "Ad sales boost Time Warner profit as the quarter ends on a high note"


def bbc_articles(count: int = 3) -> list[Article]:
    """Articles as the BBC folder gives them: a title and a body, no source, no date."""
    return [
        Article(id=f"bbc-{n}", title=f"{BBC_TITLE} ({n})", body="Quarterly profits rose.\n")
        for n in range(count)
    ]


def test_titles_take_the_free_width_when_columns_are_empty(qtbot: QtBot) -> None:
    pane = LibraryPane()
    qtbot.addWidget(pane)
    pane.resize(340, 500)
    pane.show()
    pane.set_articles(bbc_articles())
    view = pane.view
    assert view.isColumnHidden(SOURCE) and view.isColumnHidden(DATE)
    assert view.columnWidth(TITLE) >= view.viewport().width() - 2
    assert view.model().index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole).startswith(BBC_TITLE)
    dated = Article(
        id="dated", title="Dated", body="x\n", source="A rather long source name", date=None
    )
    pane.set_articles([*bbc_articles(), dated])
    assert not view.isColumnHidden(SOURCE) and view.isColumnHidden(DATE)
    assert view.columnWidth(TITLE) > view.columnWidth(SOURCE)


def test_the_tag_filter_narrows_as_you_type_and_shows_counts(qtbot: QtBot) -> None:
    pane = LibraryPane()
    qtbot.addWidget(pane)
    pane.show()
    articles = bbc_articles(3)
    for n, article in enumerate(articles):
        article.tags = ["Earn", "acq"] if n else ["earn"]
    articles += [
        Article(id=f"t{n}", title=f"T{n}", body="x\n", tags=[f"tag{n}"]) for n in range(300)
    ]
    pane.set_articles(articles)
    assert pane.tag_button.text().startswith(ALL_TAGS)
    qtbot.mouseClick(pane.tag_button, Qt.MouseButton.LeftButton)
    picker = pane.tag_picker
    assert pane.tag_popup.isVisible()
    assert picker.model.rowCount() == 302  # every tag, not the first 300
    first = picker.model.index(0, 0)
    assert (first.data(), first.data(COUNT_ROLE)) == ("earn  (3)", 3)  # one spelling, counted
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "3 articles tagged 'earn'"
    qtbot.keyClicks(picker.field, "ac")
    assert picker.shown_tags() == ["acq"]
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    assert not pane.tag_popup.isVisible()
    assert pane.model.rowCount() == 2
    assert pane.tag_button.text().startswith("acq")
    assert pane.count.text() == "2 of 303 articles"
    pane.show_tag_popup()
    qtbot.mouseClick(pane.all_tags_button, Qt.MouseButton.LeftButton)
    assert pane.model.rowCount() == 303


def test_the_import_dialog_makes_folder_tags_only_when_ticked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    inbox = tmp_path / "reuters21578" / "wire"
    inbox.mkdir(parents=True)
    (inbox / "one.md").write_text("# Rates rise\n\nThe bank raised rates.\n", encoding="utf-8")
    (inbox / "two.md").write_text("# Rates fall\n\nThe bank cut rates.\n", encoding="utf-8")
    dialog = window.flows.run_import([tmp_path / "reuters21578"], ask=True)
    qtbot.addWidget(dialog)
    assert dialog.folder_tags.isVisible() and not dialog.folder_tags.isChecked()
    assert dialog.report is None and dialog.start_button is not None
    dialog.folder_tags.setChecked(True)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.report is not None and len(dialog.report.imported) == 2
    tags = [window.workspace.library.get(i).tags for i in dialog.report.ids]
    assert tags == [["reuters21578", "wire"]] * 2
    files = window.flows.run_import([inbox / "one.md"], ask=True)  # files: no question
    qtbot.addWidget(files)
    assert files.started and files.folder_tags.isHidden()
    qtbot.waitUntil(lambda: files.report is not None, timeout=30_000)


def test_the_first_index_build_says_what_it_does_and_shows_results_when_ready(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    window.workspace.index.close()
    shutil.rmtree(workspace.data_dir / "index")
    pane = window.search_pane
    with qtbot.waitSignal(window.index_synced, timeout=60_000):
        window.sync_index(reread_library=False)
        assert window.status.index_state.text().startswith("Building the search index")
        with qtbot.waitSignal(pane.results_shown, timeout=10_000):
            pane.set_query("summit")
        hint = pane.hint.text()
        assert hint.startswith("Building the search index") and "another process" not in hint
        assert "Results appear as soon as it is ready." in hint
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert not pane.hint.isVisible()
    assert window.status.index_state.text().startswith("Index rebuilt")
    window.status._expiry.setInterval(50)  # the 8 s of MESSAGE_MS, shortened
    window.status.set_index_state("Index up to date.")
    qtbot.waitUntil(lambda: window.status.index_state.text() == "", timeout=2000)


def test_the_message_bar_is_dismissed_by_esc_and_goes_when_the_problem_does(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = window.message_bar
    window.errors.report(OSError(28, "No space left on device"), "Saving the note")
    assert bar.isVisible()
    window.reader.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.reader)
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    window.errors.report(OSError(28, "No space left on device"), "Saving the note")
    window.open_article(AEGIS)
    window.reader.select_range(0, 5)
    assert window.annotations.controller.highlight("green") is not None  # a save that works
    settle(window)
    assert not bar.isVisible()
    window.errors.report(OSError(5, "Input/output error"), "Updating the search index", SYNC)
    window.errors.report(OSError(28, "No space left on device"), "Saving the note")
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        window.sync_index()
    assert bar.isVisible()  # a sync working says nothing about saving
    bar.close_button.click()
    assert not bar.isVisible()
    window.errors.report(OSError(5, "Input/output error"), "Updating the search index", SYNC)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        window.sync_index()
    assert not bar.isVisible()


def test_the_last_article_scroll_and_splitter_are_kept_per_library(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    other_root = tmp_path / "other"
    other_lib = Library(other_root / "library")
    other_lib.add(Article(id="harbour", title="Harbour", body="Boats.\n\n" * 400))
    first = open_window(qtbot, workspace, tmp_path)
    first.open_article(AEGIS)
    first.splitter.setSizes([300, 700, 280])
    sizes = first.splitter.sizes()
    first.close()
    with Workspace(other_root / "library", other_root / "data") as other:
        second = open_window(qtbot, other, tmp_path)  # the same settings file
        assert second.settings.last_article is None
        assert second.settings.splitter_sizes is None
        assert not second.restore_last_article()
        second.open_article("harbour")
        second.reader.set_scroll_fraction(0.6)
        second.splitter.setSizes([200, 900, 180])
        second.close()
        third = open_window(qtbot, workspace, tmp_path)
        assert third.settings.last_article == AEGIS
        assert third.settings.splitter_sizes == sizes
        third.close()
        fourth = open_window(qtbot, other, tmp_path)
        assert fourth.settings.last_article == "harbour"
        assert fourth.settings.scroll_fraction > 0.5
        fourth.close()


def test_the_selection_bar_never_covers_the_line_above_the_selection(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_article(AEGIS)
    reader = window.reader
    bar = window.annotations.controller.selection_bar
    text = reader.text
    starts = [0, text.index("Aegis Ashore"), len(text) // 2, len(text) - 40]
    placed = {"above": 0, "below": 0}
    for start in starts:
        reader.select_range(start, start + 12)
        reader.scroll_to_position(start)
        bar.follow_selection()
        assert bar.isVisible(), start
        cursor = reader.textCursor()
        first = QTextCursor(cursor)
        first.setPosition(cursor.selectionStart())
        line = reader.cursorRect(first)
        above = QTextCursor(first)
        if above.movePosition(QTextCursor.MoveOperation.Up):
            assert not bar.geometry().intersects(reader.cursorRect(above)), start
        assert not bar.geometry().intersects(line), start  # nor the selection itself
        placed["above" if bar.geometry().bottom() < line.top() else "below"] += 1
    assert placed["below"] >= 1


def test_cards_wrap_their_footer_and_notes_take_the_theme_link_colour(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_article(AEGIS)
    start = window.reader.text.index("Aegis Ashore")
    window.reader.select_range(start, start + len("Aegis Ashore"))
    note = "See [the NATO page](https://nato.int) first."
    step = window.annotations.controller.highlight("yellow", note=note)
    settle(window)
    annotation = step.annotation if step is not None else None
    assert annotation is not None
    qtbot.wait(1100)  # the edit's time differs from the creation's: "· edited …" shows
    window.annotations.controller.save_note(annotation.id, note + " Edited.")
    settle(window)
    note += " Edited."
    sidebar = window.annotations.controller.sidebar
    view, delegate = sidebar.view, sidebar.delegate
    footer = str(view.model().index(0, 0).data(AnnotationRole.MODIFIED))
    assert footer != str(view.model().index(0, 0).data(AnnotationRole.CREATED))
    index = view.model().index(0, 0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    small = delegate._fonts(option)[2]
    long_footer = footer_text("2026-11-30T10:00:00", "2026-12-01T11:00:00", "fuzzy")
    heights = []
    for width in (900, 230):
        option.rect = QRect(0, 0, width, 100)
        heights.append(delegate.sizeHint(option, index).height())
        assert delegate._text_height(small, width, long_footer, FOOTER_LINES) > 0
    line = QFontMetrics(small).lineSpacing()
    narrow = 230 - 2 * (MARGIN + PAD)
    assert QFontMetrics(small).horizontalAdvance(long_footer) > narrow  # it has to wrap
    assert delegate._text_height(small, narrow, long_footer, FOOTER_LINES) >= 2 * line
    assert heights[1] > heights[0]  # the narrow card grows instead of cutting
    for name in THEMES:
        window.set_theme(name)
        document = delegate._note_document(note, option.font, 300)
        cursor = QTextCursor(document)
        cursor.setPosition(document.toPlainText().index("NATO") + 1)
        assert cursor.charFormat().isAnchor()
        assert cursor.charFormat().foreground().color().name() == THEMES[name].link, name


def test_a_title_without_source_and_date_runs_over_their_columns(qtbot: QtBot) -> None:
    pane = LibraryPane()
    qtbot.addWidget(pane)
    pane.resize(340, 400)
    pane.show()
    qtbot.waitExposed(pane)
    reuters = Article(
        id="r", title=BBC_TITLE, body="x\n", source="Reuters", date=dt.date(1987, 3, 2)
    )
    pane.set_articles([*bbc_articles(1), reuters])
    view = pane.view
    assert not view.isColumnHidden(SOURCE) and not view.isColumnHidden(DATE)
    image = view.viewport().grab().toImage()
    source = view.header().sectionViewportPosition(SOURCE)
    width = view.header().sectionSize(SOURCE)

    def inked(row: int) -> int:
        """Pixels unlike the row's background in the first half of the source column."""
        rect = view.visualRect(view.model().index(row, SOURCE))
        background = image.pixel(view.viewport().width() - 2, rect.center().y())
        return sum(
            image.pixel(x, y) != background
            for x in range(source + 2, source + width // 2)
            for y in range(rect.top() + 2, rect.bottom() - 2)
        )

    bbc_row, reuters_row = pane.model.row_of("bbc-0"), pane.model.row_of("r")
    assert pane.model.title_spans(bbc_row) and not pane.model.title_spans(reuters_row)
    assert inked(bbc_row) > 20  # the title's letters, where the empty source would be
    assert inked(reuters_row) > 20  # "Reuters"
    blank = Article(id="blank", title="x", body="x\n", source="Reuters", date=dt.date(1987, 3, 2))
    assert not ArticleListModel([blank]).title_spans(0)


def test_the_import_dialog_makes_keyword_tags_only_when_ticked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.core.test_web_metadata import PAGE

    inbox = tmp_path / "saved"
    inbox.mkdir()
    (inbox / "budget.html").write_text(PAGE, encoding="utf-8")
    dialog = window.flows.run_import([inbox], ask=True)
    qtbot.addWidget(dialog)
    assert dialog.keyword_tags.isVisible() and not dialog.keyword_tags.isChecked()
    assert dialog.start_button is not None
    dialog.keyword_tags.setChecked(True)
    with qtbot.waitSignal(window.index_synced, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.report is not None
    (article_id,) = dialog.report.ids
    assert window.workspace.library.get(article_id).tags == ["budget", "EU", "Brussels"]
