"""Paints an annotation as a card and edits its note in place.

A card: a colour chip and the shortened quote, the tags as chips, the note, and when it was
created and changed. Painting (not one widget per card) keeps an article with hundreds of
highlights fast; the note editor is a real ``NoteEditor`` opened inside the card.
"""

from PySide6.QtCore import QEvent, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.annotations.sidebar.card_pictures import CardPictures
from app.ui.annotations.sidebar.card_text import CardParts, colour_links, footer_text
from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.annotations.sidebar.note_editor import NoteEditor
from app.ui.annotations.sidebar.orphan_card import (
    REATTACH,
    button_rects,
    buttons_height,
    explanation,
    paint_buttons,
)
from app.ui.themes import Theme
from app.ui.widgets.rows import Index
from app.ui.widgets.safe_document import SafeDocument

MARGIN = 6
PAD = 10
CHIP = 10
QUOTE_LINES = 4
NOTE_LINES = 6
FOOTER_LINES = 4  # "Placed by a close match…· edited …" wraps instead of being cut
REASON_LINES = 40  # an orphan's reason is read whole
EDITOR_HEIGHT = 130
NOTE_PREVIEW = 600
NOTE_CACHE = 2000
WARM_UP_TEXT = "Created 5 Dec 2026 · the summit's final declaration"


class CardDelegate(QStyledItemDelegate):
    # Saves go by annotation id, not through the view: the view forgets an editor before
    # Escape or a closing card hides it, and the last words typed must still arrive.
    sig_note_saved = Signal(str, str)  # annotation id, the note as typed
    sig_note_discarded = Signal(str, str)  # annotation id, the note to go back to
    sig_reattach = Signal(str)  # an orphan's "Re-attach to selection" (annotation id)
    sig_delete = Signal(str)  # an orphan's "Delete"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.editing: QPersistentModelIndex | None = None
        self.can_reattach = False  # whether the reader has a selection to re-attach to
        self._notes: dict[tuple[str, int, str], QTextDocument] = {}  # note, width, font+link
        # Card heights by what the card shows: every refresh after a highlight asked each card
        # again (text layout per card, ~0.5 ms each), which made the GUI stall grow with the
        # number of highlights on the article.
        self._sizes: dict[tuple[object, ...], QSize] = {}
        self._fonts_for: dict[str, tuple[QFont, QFont, QFont]] = {}
        self.pictures = CardPictures()

    def _note_document(self, note: str, font: QFont, width: int) -> QTextDocument:
        """The note rendered from Markdown, laid out for the card's width (cached: sizeHint
        and paint both ask, for every card, on every scroll)."""
        key = (note, width, f"{font.key()} {self.theme.link}")
        document = self._notes.get(key)
        if document is None:
            if len(self._notes) > NOTE_CACHE:
                self._notes.clear()
            document = SafeDocument()
            document.setDefaultFont(font)
            document.setDocumentMargin(0)
            document.setMarkdown(note)
            colour_links(document, self.theme.link)
            document.setTextWidth(width)
            self._notes[key] = document
        return document

    def _note_height(self, font: QFont, width: int, note: str) -> int:
        document = self._note_document(note, font, width)
        limit = QFontMetrics(font).lineSpacing() * NOTE_LINES
        return min(int(document.size().height()) + 1, limit)

    def warm_up(self, view: QAbstractItemView) -> None:
        """Measure and draw a line in each of the card's fonts, off screen: the session's
        first card loaded its fonts' metrics and glyphs in the landing of the first
        highlight (1.5-2 ms more than the next, issue 11)."""
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        image = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        try:
            for font in self._fonts(option):
                self._text_height(font, 200, WARM_UP_TEXT, QUOTE_LINES)
                painter.setFont(font)
                painter.drawText(QRect(0, 0, 200, 60), Qt.TextFlag.TextWordWrap, WARM_UP_TEXT)
        finally:
            painter.end()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.pictures.clear()

    # -- layout --------------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        """The quote, body and small fonts for the view's font, made once per font: the
        view asks every card's size after each row change, three fonts a card."""
        key = option.font.key()
        fonts = self._fonts_for.get(key)
        if fonts is None:
            quote = QFont(option.font)
            quote.setItalic(True)
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
            fonts = self._fonts_for[key] = (quote, QFont(option.font), small)
        return fonts

    @staticmethod
    def _text_height(font: QFont, width: int, text: str, max_lines: int) -> int:
        if not text:
            return 0
        metrics = QFontMetrics(font)
        rect = metrics.boundingRect(
            QRect(0, 0, max(10, width), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return min(rect.height(), metrics.lineSpacing() * max_lines)

    def _chips_height(self, font: QFont, width: int, tags: list[str]) -> int:
        if not tags:
            return 0
        return len(self._chip_rows(font, width, tags)) * (QFontMetrics(font).height() + 6)

    @staticmethod
    def _chip_rows(font: QFont, width: int, tags: list[str]) -> list[list[tuple[str, int]]]:
        metrics = QFontMetrics(font)
        rows: list[list[tuple[str, int]]] = [[]]
        used = 0
        for tag in tags:
            chip = metrics.horizontalAdvance(tag) + 14
            if rows[-1] and used + chip > width:
                rows.append([])
                used = 0
            rows[-1].append((tag, chip))
            used += chip + 6
        return rows

    @staticmethod
    def _parts(index: Index) -> "CardParts":
        orphan = bool(index.data(AnnotationRole.ORPHAN))
        return CardParts(
            quote=str(index.data(AnnotationRole.QUOTE) or ""),
            tags=list(index.data(AnnotationRole.TAGS) or []),
            note=str(index.data(AnnotationRole.NOTE) or "")[:NOTE_PREVIEW].strip(),
            footer=footer_text(
                str(index.data(AnnotationRole.CREATED) or ""),
                str(index.data(AnnotationRole.MODIFIED) or ""),
                "" if orphan else str(index.data(AnnotationRole.STATUS) or ""),
            ),
            orphan=orphan,
            explanation=explanation(index.data(AnnotationRole.NOW_READS)) if orphan else "",
        )

    def _is_editing(self, index: Index) -> bool:
        return self.editing is not None and self.editing.isValid() and self.editing == index

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        quote_font, body_font, small = self._fonts(option)
        width = max(120, option.rect.width() or 300) - 2 * (MARGIN + PAD)
        editing = self._is_editing(index)
        # A card changes only with a new modified time, status or note (a note being typed
        # is not saved yet): one role asked per card instead of eleven, and no layout.
        key = (index.data(AnnotationRole.CARD), editing, width, option.font.key())
        known = self._sizes.get(key)
        if known is None:
            if len(self._sizes) > NOTE_CACHE:
                self._sizes.clear()
            fonts = (quote_font, body_font, small)
            known = self._sizes[key] = self._size(self._parts(index), editing, width, fonts)
        return QSize(known)

    def _size(
        self, parts: "CardParts", editing: bool, width: int, fonts: tuple[QFont, QFont, QFont]
    ) -> QSize:
        quote_font, body_font, small = fonts
        height = 2 * PAD + 2 * MARGIN
        height += self._text_height(quote_font, width - CHIP - 8, parts.quote, QUOTE_LINES)
        tags = parts.tags
        height += (self._chips_height(small, width, tags) + 4) if tags else 0
        if editing:
            height += EDITOR_HEIGHT + 6
        elif parts.note:
            height += self._note_height(body_font, width, parts.note) + 6
        height += self._text_height(small, width, parts.footer, FOOTER_LINES) + 6
        if parts.orphan:
            height += self._text_height(small, width, parts.explanation, REASON_LINES) + 4
            height += buttons_height(small, width) + 8
        return QSize(width, height)

    # -- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """An unchanged card from its picture (``card_pictures.py``); the selected one gets
        the accent's frame over it, a picture too: a new highlight moves the selection,
        and a picture per selected state laid the previously selected card out again at
        each landing (a frame stroked anew costs 0.14 ms a card). An orphan's buttons
        follow the reader's selection and the style's state, so orphans are drawn each time
        (they are few)."""
        if index.data(AnnotationRole.ORPHAN):
            self._draw(painter, option, index)
            return
        key = (
            index.data(AnnotationRole.CARD),
            index.data(AnnotationRole.COLOUR),
            tuple(index.data(AnnotationRole.TAGS) or ()),
            self._is_editing(index),
            option.font.key(),
        )

        def unselected(into: QPainter, at: QStyleOptionViewItem) -> None:
            at.state &= ~QStyle.StateFlag.State_Selected
            self._draw(into, at, index)

        self.pictures.show(painter, option, key, unselected)
        if option.state & QStyle.StateFlag.State_Selected:
            frame = ("selected", self.theme.accent)
            self.pictures.show(painter, option, frame, lambda into, at: self._frame(into, at.rect))

    def _frame(self, painter: QPainter, rect: QRect, selected: bool = True) -> None:
        """The card's rounded frame: the accent's 2 px when selected (drawn over the 1 px
        border, which it covers), else the border filled with the card's colour."""
        theme = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            QPen(QColor(theme.accent if selected else theme.border), 2 if selected else 1)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush if selected else QColor(theme.alternate))
        painter.drawRoundedRect(QRectF(card_rect(rect)).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.restore()

    def _draw(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        theme = self.theme
        quote_font, body_font, small = self._fonts(option)
        parts = self._parts(index)
        card = QRectF(card_rect(option.rect))
        self._frame(painter, option.rect, selected=False)
        if option.state & QStyle.StateFlag.State_Selected:
            self._frame(painter, option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = int(card.left()) + PAD
        y = int(card.top()) + PAD
        width = int(card.width()) - 2 * PAD
        colour = str(index.data(AnnotationRole.COLOUR) or "")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.highlights.get(colour, theme.muted)))
        painter.drawEllipse(QRectF(x, y + 3, CHIP, CHIP))
        quote_height = self._text_height(quote_font, width - CHIP - 8, parts.quote, QUOTE_LINES)
        painter.setPen(QColor(theme.text))
        painter.setFont(quote_font)
        painter.drawText(
            QRect(x + CHIP + 8, y, width - CHIP - 8, quote_height),
            Qt.TextFlag.TextWordWrap,
            parts.quote,
        )
        y += quote_height + 4
        tags = parts.tags
        if tags:
            y = self._paint_chips(painter, small, x, y, width, tags) + 4
        if self._is_editing(index):
            y += EDITOR_HEIGHT + 6
        elif parts.note:
            note_height = self._note_height(body_font, width, parts.note)
            document = self._note_document(parts.note, body_font, width)
            painter.save()
            painter.translate(x, y + 2)
            painter.setClipRect(QRect(0, 0, width, note_height))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
            document.documentLayout().draw(painter, context)
            painter.restore()
            y += note_height + 6
        painter.setFont(small)
        if parts.orphan:
            painter.setPen(QColor(theme.error_text))
            height = self._text_height(small, width, parts.explanation, REASON_LINES)
            painter.drawText(
                QRect(x, y + 2, width, height), Qt.TextFlag.TextWordWrap, parts.explanation
            )
            y += height + 4
        painter.setPen(QColor(theme.muted))
        footer_height = self._text_height(small, width, parts.footer, FOOTER_LINES)
        painter.drawText(
            QRect(x, y + 2, width, footer_height), Qt.TextFlag.TextWordWrap, parts.footer
        )
        if parts.orphan:
            paint_buttons(painter, option.widget, self._buttons(option), self.can_reattach)
        painter.restore()

    def _buttons(self, option: QStyleOptionViewItem) -> list[tuple[str, QRect]]:
        """An orphan card's buttons, at the bottom of the card."""
        small = self._fonts(option)[2]
        card = card_rect(option.rect)
        bottom = card.top() + card.height() - PAD
        return button_rects(small, card.left() + PAD, bottom, card.width() - 2 * PAD)

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        """A click on an orphan card's button acts on that card's annotation."""
        if (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and index.data(AnnotationRole.ORPHAN)
        ):
            at = event.position().toPoint()
            for text, rect in self._buttons(option):
                if rect.contains(at) and (text != REATTACH or self.can_reattach):
                    signal = self.sig_reattach if text == REATTACH else self.sig_delete
                    signal.emit(str(index.data(AnnotationRole.ID)))
                    return True
        return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]

    def _paint_chips(
        self, painter: QPainter, font: QFont, x: int, y: int, width: int, tags: list[str]
    ) -> int:
        metrics = QFontMetrics(font)
        painter.setFont(font)
        for row in self._chip_rows(font, width, tags):
            left = x
            for tag, chip in row:
                rect = QRectF(left, y, min(chip, width), metrics.height() + 2)
                painter.setPen(QPen(QColor(self.theme.border), 1))
                painter.setBrush(QColor(self.theme.window))
                painter.drawRoundedRect(rect, 8, 8)
                painter.setPen(QColor(self.theme.text))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag)
                left += chip + 6
            y += metrics.height() + 6
        return y

    # -- note editing --------------------------------------------------------------------

    def note_rect(self, option: QStyleOptionViewItem, index: Index) -> QRect:
        quote_font, _body, small = self._fonts(option)
        card = card_rect(option.rect)
        width = card.width() - 2 * PAD
        parts = self._parts(index)
        y = card.top() + PAD
        y += self._text_height(quote_font, width - CHIP - 8, parts.quote, QUOTE_LINES) + 4
        tags = parts.tags
        if tags:
            y += self._chips_height(small, width, tags) + 4
        return QRect(card.left() + PAD, y, width, EDITOR_HEIGHT)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = NoteEditor(parent)
        annotation_id = str(index.data(AnnotationRole.ID) or "")
        editor.sig_save.connect(lambda text: self.sig_note_saved.emit(annotation_id, text))
        editor.sig_discard.connect(lambda text: self.sig_note_discarded.emit(annotation_id, text))
        self.editing = QPersistentModelIndex(index)
        self.sizeHintChanged.emit(index)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, NoteEditor) and not editor.is_dirty():
            fresh = not editor.toPlainText()
            editor.set_note(index.data(AnnotationRole.NOTE) or "")
            if fresh:
                editor.moveCursor(QTextCursor.MoveOperation.End)  # go on writing at the end

    def setModelData(self, editor: QWidget, model: object, index: Index) -> None:
        if isinstance(editor, NoteEditor):
            index.model().setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(self.note_rect(option, index))

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        self.editing = None
        super().destroyEditor(editor, index)
        self.sizeHintChanged.emit(index)


def card_rect(row: QRect) -> QRect:
    """The card's rectangle within its row (the row's margins around it)."""
    return row.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2)
