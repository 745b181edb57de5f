"""The reader: one article, rendered calmly, with highlights, search hits and no network.

It shows ``render(article.body).html`` under a small header (title, byline, date, source)
and converts every position through ``app.ui.reader.positions.PositionMap``, so callers only ever
speak core positions. Links never open by themselves: ``sig_external_link`` hands the URL to
the window, which asks the user first. It is a ``SafeBrowser``: only vetted inline images
load, so showing an article can never fetch or read anything.
"""

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from app.core.article import Article
from app.core.render import render
from app.ui.reader.document import (
    SERIF_FAMILIES,
    header_html,
    reader_html,
    reader_palette,
    stylesheet,
)
from app.ui.reader.highlights import (
    FLASH_ALPHA,
    HighlightLayer,
    HighlightSpan,
    background,
    extra_selection,
    highlight_alpha,
    spans_at,
    translucent,
)
from app.ui.reader.hits import HitCounter, paint_outlines
from app.ui.reader.positions import PositionMap
from app.ui.themes import LIGHT, Theme
from app.ui.widgets.safe_document import SafeBrowser

LAYER_ORDER = ("highlights", "flash")  # search hits are outlines painted over both
FLASH_MS = 900
TOP_THIRD = 3


class Reader(SafeBrowser):
    """A read-only article view that speaks core positions."""

    sig_external_link = Signal(QUrl)
    sig_highlight_clicked = Signal(str)
    sig_document_changed = Signal()
    sig_article_shown = Signal(object)  # the Article now shown, or None
    sig_hit_changed = Signal(int, int)  # the current hit (from 0, -1 for none) and how many

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        # A caret the keyboard can move and select with (Shift+arrows), so highlighting
        # works without a mouse.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setUndoRedoEnabled(False)
        self.anchorClicked.connect(self._on_anchor)
        self.article: Article | None = None
        self.positions: PositionMap | None = None
        self._theme: Theme = LIGHT
        self._font_size = 13.0
        self._reading_width = 70
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._highlights: list[HighlightSpan] = []
        self.highlight_layer = HighlightLayer()
        self._hits: list[tuple[int, int]] = []
        self._current_hit = -1
        self.selection_actions: list[QAction] = []
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self.set_selection_layer("flash", []))
        self.hit_counter = HitCounter(self)
        self._footer: QWidget | None = None
        self._apply_palette()
        self._render()

    # -- content -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The core text of the shown article (empty when none is shown)."""
        return self.positions.core_text if self.positions else ""

    def show_article(self, article: Article | None) -> None:
        """Show an article from the top; hits, highlights and flashes of the last one go."""
        self.article = article
        self._highlights = []
        self._layers = {}
        self._render()
        self.clear_hits()
        self.verticalScrollBar().setValue(0)
        self.sig_article_shown.emit(article)

    def _render(self) -> None:
        """(Re)build the document; layers survive as core ranges through the rebuild."""
        saved = self._layers_as_core_ranges()
        document = self.document()
        font = QFont()
        font.setFamilies(SERIF_FAMILIES)
        font.setPointSizeF(self._font_size)
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(stylesheet(self._theme, self._font_size))
        document.setDocumentMargin(max(24.0, self._font_size * 2))
        article = self.article
        if article is None:
            self.setHtml(
                '<p class="meta" align="center"><br/><br/>'
                "Choose an article in the library to read it here.</p>"
            )
            self.positions = None
        else:
            header, header_blocks = header_html(article)
            rendered = render(article.body)
            self.setHtml(header + reader_html(rendered.html))
            body_block = document.findBlockByNumber(header_blocks)
            body_start = (
                body_block.position() if body_block.isValid() else document.characterCount() - 1
            )
            self.positions = PositionMap(document, body_start, rendered.text)
        self._apply_reading_width()
        self._layers = {}
        self.highlight_layer.forget()
        self._restore_layers(saved)
        self.sig_document_changed.emit()

    def _layers_as_core_ranges(self) -> dict[str, list[tuple[int, int, Any]]]:
        if self.positions is None:
            return {}
        saved: dict[str, list[tuple[int, int, Any]]] = {}
        for name, layer in self._layers.items():
            if name == "highlights":
                continue
            saved[name] = [
                (
                    *self.positions.range_to_core(
                        sel.cursor.selectionStart(), sel.cursor.selectionEnd()
                    ),
                    QTextCharFormat(sel.format),  # a copy: the selection is freed
                )
                for sel in layer
            ]
        return saved

    def _restore_layers(self, saved: dict[str, list[tuple[int, int, Any]]]) -> None:
        positions = self.positions
        if positions is None:
            self._refresh_layers()
            return
        document = self.document()
        for name, ranges in saved.items():
            self._layers[name] = [
                extra_selection(document, positions, s, e, fmt) for s, e, fmt in ranges
            ]
        self._draw_highlights()
        self._draw_hits()

    # -- layers --------------------------------------------------------------------------

    def set_selection_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one named layer of extra selections; layers are painted in a fixed order."""
        if selections:
            self._layers[name] = list(selections)
        else:
            self._layers.pop(name, None)
        self._refresh_layers()

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        """One named layer's selections, as drawn now (a flash is a layer of its own)."""
        return list(self._layers.get(name, []))

    def _refresh_layers(self) -> None:
        names = [n for n in LAYER_ORDER if n in self._layers]
        names += sorted(n for n in self._layers if n not in LAYER_ORDER)
        self.setExtraSelections([sel for n in names for sel in self._layers[n]])

    def set_highlights(self, spans: list[HighlightSpan]) -> None:
        """Draw the article's annotations (core ranges) in their theme colours; spans drawn
        before keep their selections, so a new highlight costs one selection, not all."""
        self._highlights = list(spans)
        self._draw_highlights()

    def _draw_highlights(self) -> None:
        if self.positions is None:
            return
        layer = self.highlight_layer.selections(
            self.document(),
            self.positions,
            self._highlights,
            self._theme.highlights,
            highlight_alpha(self._theme.background),
        )
        self.set_selection_layer("highlights", layer)

    def highlight_at(self, core_pos: int) -> str | None:
        """The id of the innermost highlight covering a core position."""
        found = spans_at(self._highlights, core_pos)
        return found[0].annotation_id if found else None

    def flash(self, start: int, end: int) -> None:
        """Briefly mark a range so the eye finds it after a jump."""
        if self.positions is None:
            return
        fmt = background(translucent(self._theme.selection, FLASH_ALPHA))
        self.set_selection_layer(
            "flash", [extra_selection(self.document(), self.positions, start, end, fmt)]
        )
        self._flash_timer.start(FLASH_MS)

    # -- search hits ---------------------------------------------------------------------

    def mark_hits(self, positions: list[tuple[int, int]], scroll: bool = True) -> None:
        """Mark search hits (core ranges) and scroll to the first one; the marks of the
        last query go."""
        self._hits = sorted((s, e) for s, e in positions if e > s)
        self._current_hit = 0 if self._hits else -1
        self._draw_hits()
        if self._hits and scroll:
            self.scroll_to_position(self._hits[0][0])

    def clear_hits(self) -> None:
        """No query any more (or another article): no marks, no counter."""
        self.mark_hits([])

    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    def current_hit(self) -> int:
        """Index of the current hit, -1 when there are none."""
        return self._current_hit

    def next_hit(self) -> bool:
        return self._step_hit(1)

    def previous_hit(self) -> bool:
        return self._step_hit(-1)

    def _step_hit(self, step: int) -> bool:
        if not self._hits:
            return False
        self._current_hit = (self._current_hit + step) % len(self._hits)
        self._draw_hits()
        self.scroll_to_position(self._hits[self._current_hit][0])
        return True

    def _draw_hits(self) -> None:
        """Repaint the outlines and say which hit is current ("Hit 3 of 15")."""
        total = len(self._hits) if self.positions is not None else 0
        self.hit_counter.show_count(self._current_hit, total, self.viewport().geometry())
        self.viewport().update()
        self.sig_hit_changed.emit(self._current_hit if total else -1, total)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._hits and self.positions is not None:
            ranges = [self.positions.range_to_qt(s, e) for s, e in self._hits]
            scroll = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
            paint_outlines(
                self.viewport(),
                self.document(),
                ranges,
                self._current_hit,
                self._theme,
                event.rect(),
                scroll,
            )

    # -- appearance ----------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        fraction = self.scroll_fraction()
        self._theme = theme
        self._apply_palette()
        self._render()
        self.set_scroll_fraction(fraction)

    def theme(self) -> Theme:
        return self._theme

    def _apply_palette(self) -> None:
        t = self._theme
        self.setPalette(reader_palette(self.palette(), t))
        self.hit_counter.apply_theme(t)

    def font_size(self) -> float:
        return self._font_size

    def set_font_size(self, points: float) -> None:
        fraction = self.scroll_fraction()
        self._font_size = max(6.0, min(48.0, float(points)))
        self._render()
        self.set_scroll_fraction(fraction)

    def reading_width(self) -> int:
        return self._reading_width

    def set_reading_width(self, chars: int) -> None:
        """The text column, in average characters of the body font (calm reading: 65-75)."""
        self._reading_width = max(30, min(200, int(chars)))
        self._apply_reading_width()

    def _apply_reading_width(self) -> None:
        """Centre the column; never closer to the pane's edges than the document margin.

        The root frame's left and right margins replace the document margin on those sides,
        so a narrow pane (no room to centre) keeps the margin as its padding: the text must
        not touch the divider or the scroll bar."""
        metrics = QFontMetricsF(self.document().defaultFont())
        column = self._reading_width * metrics.averageCharWidth()
        padding = self.document().documentMargin()
        side = max(padding, (self.viewport().width() - column) / 2)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        if abs(frame.leftMargin() - side) < 0.5 and abs(frame.rightMargin() - side) < 0.5:
            return
        frame.setLeftMargin(side)
        frame.setRightMargin(side)
        root.setFrameFormat(frame)

    def text_margins(self) -> tuple[float, float]:
        """The space between the pane's edges and the text column, left and right."""
        frame = self.document().rootFrame().frameFormat()
        return frame.leftMargin(), frame.rightMargin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_footer()
        self._apply_reading_width()
        self.hit_counter.place(self.viewport().geometry())

    def set_footer(self, footer: QWidget) -> None:
        """A strip under the page (related articles, versions): outside the scrolled text,
        so it stays in view, and the reader stays one widget in the window's splitter."""
        footer.setParent(self)
        self._footer = footer
        footer.show()
        self.place_footer()

    def place_footer(self) -> None:
        """Make room for the footer at its current height (call when it folds or unfolds)."""
        footer = self._footer
        if footer is None:
            return
        height = footer.sizeHint().height() if not footer.isHidden() else 0
        self.setViewportMargins(0, 0, 0, height)
        view = self.viewport().geometry()
        footer.setGeometry(view.left(), view.bottom() + 1, view.width(), height)
        footer.raise_()

    # -- scrolling -----------------------------------------------------------------------

    def scroll_to_position(self, core_pos: int) -> None:
        """Bring a core position into view, a third of the way down the page."""
        if self.positions is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(core_pos))
        bar = self.verticalScrollBar()
        top = self.cursorRect(cursor).top() + bar.value()
        bar.setValue(int(top - self.viewport().height() / TOP_THIRD))

    def scroll_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(round(max(0.0, min(1.0, fraction)) * bar.maximum()))

    # -- selection, clicks and links -----------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as a core range without edge breaks; None when nothing is selected."""
        cursor = self.textCursor()
        if self.positions is None or not cursor.hasSelection():
            return None
        start, end = self.positions.range_to_core(cursor.selectionStart(), cursor.selectionEnd())
        start, end = self.positions.trimmed(start, end)
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        """Select a core range in the widget, as a drag of the mouse would."""
        if self.positions is None:
            return
        qt_start, qt_end = self.positions.range_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.positions is None or self.textCursor().hasSelection():
            return
        if self.anchorAt(event.position().toPoint()):
            return
        qt_pos = self.cursorForPosition(event.position().toPoint()).position()
        if qt_pos < self.positions.body_start:
            return
        found = self.highlight_at(self.positions.to_core(qt_pos))
        if found is not None:
            self.sig_highlight_clicked.emit(found)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The standard menu (copy, select all) plus highlighting for a selection, or the
        actions on the highlight under the mouse."""
        menu = self.createStandardContextMenu(event.pos())
        if self.positions is not None and self.selection_actions:
            found = None
            if self.selected_range() is None:
                qt_pos = self.cursorForPosition(event.pos()).position()
                found = self.highlight_at(self.positions.to_core(qt_pos))
                if found is not None:
                    self.sig_highlight_clicked.emit(found)
            if self.selected_range() is not None or found is not None:
                menu.addSeparator()
                menu.addActions(self.selection_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
            return
        self.sig_external_link.emit(url)
