"""The reader widget: header, typography, hits, themes, scrolling, links and no loading."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from app.core.article import Article
from app.ui.reader.highlights import HighlightSpan
from app.ui.reader.view import Reader
from app.ui.themes import DARK, LIGHT, SEPIA

LONG_BODY = "\n\n".join(
    f"Paragraph {n} talks about the Aegis Ashore system and other matters of state." * 3
    for n in range(80)
)


def article(body: str = LONG_BODY, **fields: object) -> Article:
    defaults: dict[str, object] = {
        "id": "a1",
        "title": "NATO Prepares for 75th Summit",
        "author": "Olga Nesterova",
        "date": dt.date(2024, 6, 19),
        "source": "ONEST",
    }
    defaults.update(fields)
    return Article(body=body, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def reader(qtbot):
    widget = Reader()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_header_shows_title_byline_date_and_source_above_the_body(reader):
    reader.show_article(article("Body starts here."))
    blocks = reader.toPlainText().split("\n")
    assert blocks[0] == "NATO Prepares for 75th Summit"
    assert blocks[1] == "Olga Nesterova · 19 June 2024 · ONEST"
    assert blocks[2] == "Body starts here."
    assert reader.text == "Body starts here."
    assert reader.positions.to_qt(0) == reader.document().findBlockByNumber(2).position()


def test_header_without_byline_has_only_the_title(reader):
    reader.show_article(Article(id="x", title="Only a title", body="Text."))
    assert reader.toPlainText() == "Only a title\nText."
    assert reader.positions.to_qt(0) == len("Only a title") + 1


def test_no_article_shows_a_hint_and_no_positions(reader):
    reader.show_article(None)
    assert reader.positions is None
    assert reader.text == ""
    assert "Choose an article" in reader.toPlainText()
    reader.mark_hits([(0, 3)])
    assert reader.selected_range() is None


def test_body_font_is_a_serif_with_generous_line_height(reader):
    reader.show_article(article())
    font = reader.document().defaultFont()
    assert any("Serif" in f or f in ("Georgia", "Charter", "serif") for f in font.families())
    body_block = reader.document().findBlock(reader.positions.to_qt(0))
    fmt = body_block.blockFormat()
    assert fmt.lineHeightType() == 1  # proportional
    assert fmt.lineHeight() >= 140


def test_reading_width_limits_the_line_to_about_seventy_characters(reader):
    reader.resize(1600, 700)
    reader.show_article(article())
    reader.set_reading_width(70)
    block = reader.document().findBlock(reader.positions.to_qt(0))
    layout = block.layout()
    first_line = layout.lineAt(0)
    assert 55 <= first_line.textLength() <= 85
    reader.set_reading_width(40)
    assert (
        reader.document().findBlock(reader.positions.to_qt(0)).layout().lineAt(0).textLength() < 50
    )


def test_hits_are_marked_and_walked_with_next_and_previous(reader):
    reader.show_article(article())
    text = reader.text
    hits = []
    start = 0
    while (k := text.find("Aegis Ashore", start)) >= 0:
        hits.append((k, k + len("Aegis Ashore")))
        start = k + 1
    reader.mark_hits(hits[::-1])  # order does not matter
    assert reader.current_hit() == 0
    assert reader.hits() == hits
    assert reader.hit_counter.text() == f"Hit 1 of {len(hits)}"
    assert reader.next_hit() and reader.current_hit() == 1
    assert reader.previous_hit() and reader.previous_hit()
    assert reader.current_hit() == len(hits) - 1
    last_value = reader.verticalScrollBar().value()
    assert last_value > 0
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.positions.to_qt(hits[-1][0]))
    assert 0 <= reader.cursorRect(cursor).top() < reader.viewport().height()
    reader.mark_hits([])
    assert not reader.next_hit()


def test_scroll_to_position_brings_the_text_into_view(reader):
    reader.show_article(article())
    target = reader.text.index("Paragraph 60")
    reader.scroll_to_position(target)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.positions.to_qt(target))
    rect = reader.cursorRect(cursor)
    assert 0 <= rect.top() <= reader.viewport().height()


def test_scroll_fraction_round_trips(reader):
    reader.show_article(article())
    reader.set_scroll_fraction(0.5)
    assert reader.scroll_fraction() == pytest.approx(0.5, abs=0.01)
    reader.set_scroll_fraction(2)
    assert reader.scroll_fraction() == 1.0


def test_font_size_and_theme_keep_the_place_and_the_highlights(reader):
    reader.show_article(article())
    reader.set_highlights([HighlightSpan("h1", 10, 30, "green")])
    reader.mark_hits([(100, 112)])
    reader.set_scroll_fraction(0.4)
    reader.set_font_size(18)
    assert reader.font_size() == 18
    assert reader.document().defaultFont().pointSizeF() == 18
    assert reader.scroll_fraction() == pytest.approx(0.4, abs=0.03)
    for theme in (DARK, SEPIA, LIGHT):
        reader.apply_theme(theme)
        assert reader.palette().base().color().name() == theme.background
        texts = [s.cursor.selectedText() for s in reader.extraSelections()]
        assert texts == [reader.text[10:30]]  # the hit is an outline, not a layer
        assert reader.hits() == [(100, 112)]
        green = [
            s for s in reader.extraSelections() if s.cursor.selectedText() == reader.text[10:30]
        ]
        colour = green[0].format.background().color()
        assert colour.name() == theme.highlights["green"]


def test_overlapping_highlights_are_both_visible(reader):
    reader.show_article(article())
    reader.set_highlights(
        [HighlightSpan("long", 0, 60, "yellow"), HighlightSpan("short", 20, 30, "blue")]
    )
    layer = reader.extraSelections()
    assert [s.cursor.selectedText() for s in layer] == [reader.text[0:60], reader.text[20:30]]
    assert all(s.format.background().color().alpha() < 255 for s in layer)
    assert reader.highlight_at(25) == "short"
    assert reader.highlight_at(5) == "long"
    assert reader.highlight_at(70) is None


def test_clicking_a_highlight_reports_its_id(reader, qtbot):
    reader.show_article(article())
    reader.set_highlights([HighlightSpan("h1", 0, 40, "pink")])
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.positions.to_qt(5))
    point = reader.cursorRect(cursor).center()
    with qtbot.waitSignal(reader.sig_highlight_clicked) as blocker:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["h1"]


def test_flash_marks_a_range_then_goes(reader, qtbot):
    reader.show_article(article())
    reader.flash(5, 15)
    assert [s.cursor.selectedText() for s in reader.extraSelections()] == [reader.text[5:15]]
    qtbot.waitUntil(lambda: not reader.extraSelections(), timeout=3000)


def test_a_flash_survives_a_theme_and_font_change(reader):
    reader.show_article(article())
    reader.flash(5, 15)
    reader.apply_theme(DARK)
    reader.set_font_size(16)
    assert [s.cursor.selectedText() for s in reader.extraSelections()] == [reader.text[5:15]]


def test_layers_merge_and_replace_by_name(reader):
    reader.show_article(article())
    hl = QTextEdit.ExtraSelection()
    hl.cursor = reader.textCursor()
    reader.set_selection_layer("custom", [hl])
    reader.set_highlights([HighlightSpan("h", 0, 4, "yellow")])
    assert len(reader.extraSelections()) == 2
    reader.set_selection_layer("custom", [])
    assert len(reader.extraSelections()) == 1


def test_selection_converts_to_a_trimmed_core_range(reader):
    reader.show_article(article("First paragraph.\n\nSecond 😀 one."))
    reader.select_range(6, 18)
    assert reader.textCursor().selectedText() == "paragraph.\u2029S"
    assert reader.selected_range() == (6, 18)
    reader.select_range(16, 18)  # the break and one letter: the break is trimmed
    assert reader.selected_range() == (17, 18)


def test_links_never_open_by_themselves(reader, qtbot):
    reader.show_article(article("See [the source](https://example.org/page) now."))
    with qtbot.waitSignal(reader.sig_external_link) as blocker:
        reader.anchorClicked.emit(QUrl("https://example.org/page"))
    assert blocker.args[0].toString() == "https://example.org/page"
    assert reader.source().isEmpty()
    assert "See the source now." in reader.toPlainText()


def test_no_remote_or_local_resource_is_ever_loaded(reader, tmp_path: Path):
    picture = tmp_path / "pic.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    image.save(str(picture))
    image_kind = QTextDocument.ResourceType.ImageResource.value
    stylesheet_kind = QTextDocument.ResourceType.StyleSheetResource.value
    for kind, url in [
        (image_kind, QUrl("https://example.org/x.png")),
        (image_kind, QUrl.fromLocalFile(str(picture))),
        (stylesheet_kind, QUrl("http://example.org/a.css")),
    ]:
        for loaded in (reader.loadResource(kind, url), reader.document().loadResource(kind, url)):
            assert loaded is None or loaded.width() == 1  # nothing, or the blank stand-in
    # Even raw HTML that slipped past the sanitiser cannot make the document load anything.
    reader.setSearchPaths([str(tmp_path)])
    reader.setHtml(f'<img src="{QUrl.fromLocalFile(str(picture)).toString()}"><img src="pic.png">')
    reader.viewport().grab()
    for name in (QUrl.fromLocalFile(str(picture)), QUrl("pic.png")):
        loaded = reader.document().resource(image_kind, name)
        assert loaded is None or loaded.width() == 1


def test_inline_data_images_still_show(reader):
    image = QImage(3, 3, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    from PySide6.QtCore import QBuffer, QByteArray

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    url = "data:image/png;base64," + bytes(data.toBase64()).decode()
    loaded = reader.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))
    assert isinstance(loaded, QImage) and loaded.width() == 3


def test_void_qt_calls_keep_none_alive(reader):
    """PySide6 6.12.0 on Python 3.11 steals a reference to None (and True/False) per void
    call, and a long session then aborts with "deallocating None"; pyproject.toml keeps
    that release out, and this test catches a binding that brings it back."""
    reader.show_article(article("Short."))
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(5_000):
        reader.verticalScrollBar().setValue(0)
        reader.setReadOnly(True)
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert [a - b for a, b in zip(after, before, strict=True)] == pytest.approx([0, 0, 0], abs=50)
