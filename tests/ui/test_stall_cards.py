"""Issue 11's stall with the sidebar on screen: after a highlight lands the card list
repaints, and only the new card is laid out; the others come from their pictures, with
the selection's frame drawn over them. What is painted stays what ``QListView`` and the card
painted directly give, pixel for pixel. Real widgets offscreen, a real store and writes
on the real write worker."""

import re

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from app.ui.annotations.sidebar.card_delegate import CardDelegate
from app.ui.annotations.sidebar.card_list import CardListView
from app.ui.annotations.sidebar.panel import card_view
from app.ui.themes import DARK, LIGHT, SEPIA, Theme
from tests.ui.annotation_fixtures import Harness, harness_fixture  # noqa: F401


def highlight_words(h: Harness, count: int, first: int = 0) -> None:
    spans = [m.span() for m in re.finditer(r"[A-Za-z]{6,}", h.reader.text)][first:]
    for k, span in enumerate(spans[:count]):
        h.reader.select_range(*span)
        h.controller.highlight("yellow", tags=["stall"] if k % 2 else [])
        h.settle()


def laid_out_by(h: Harness, monkeypatch, action=lambda: None) -> int:
    """How many cards ``action`` and a full repaint of the card list after it lay out
    (read their parts)."""
    laid_out: list[int] = []
    parts = CardDelegate._parts
    monkeypatch.setattr(
        CardDelegate, "_parts", staticmethod(lambda index: laid_out.append(1) or parts(index))
    )
    action()
    h.controller.sidebar.view.viewport().repaint()
    monkeypatch.setattr(CardDelegate, "_parts", staticmethod(parts))
    return len(laid_out)


def test_a_landing_lays_out_only_the_new_card(harness: Harness, monkeypatch):
    h = harness
    h.open()
    highlight_words(h, 6)
    view = h.controller.sidebar.view
    visible = sum(
        1
        for row in range(view.model().rowCount())
        if view.visualRect(view.model().index(row, 0)).intersects(view.viewport().rect())
    )
    assert visible >= 4
    assert laid_out_by(h, monkeypatch) == 0  # every shown card has its picture
    # the new card (its size, its picture); the one unselected keeps its picture
    assert laid_out_by(h, monkeypatch, lambda: highlight_words(h, 1, first=6)) == 2
    sidebar = h.controller.sidebar
    for row in (0, 3):  # the selection moves: its frame is drawn over the pictures
        annotation_id = str(sidebar.model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1))
        assert laid_out_by(h, monkeypatch, lambda a=annotation_id: sidebar.select(a)) == 0


def grab(view: QListView) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def test_the_card_list_paints_what_qlistview_paints_in_every_theme(harness: Harness, qtbot):
    h = harness
    h.open()
    highlight_words(h, 5)
    sidebar = h.controller.sidebar
    sidebar.select(str(sidebar.model.index(2, 0).data(Qt.ItemDataRole.UserRole + 1)))
    for theme in (LIGHT, DARK, SEPIA):
        sidebar.apply_theme(theme)
        ours = card_view("ours", sidebar.cards, CardDelegate(theme))
        plain = QListView()
        for view in (ours, plain):
            view.setStyleSheet(f"QListView {{ background: {theme.window}; }}")
        assert isinstance(ours, CardListView)
        reference = card_view("plain", sidebar.cards, CardDelegate(theme))
        plain.setModel(sidebar.cards)
        plain.setItemDelegate(reference.itemDelegate())
        for setting in (
            "setVerticalScrollMode",
            "setHorizontalScrollBarPolicy",
            "setVerticalScrollBarPolicy",
            "setResizeMode",
            "setLayoutMode",
            "setBatchSize",
            "setWordWrap",
            "setFrameShape",
        ):
            getter = setting[3].lower() + setting[4:]
            getattr(plain, setting)(getattr(reference, getter)())
        plain.setSelectionModel(ours.selectionModel())
        ours.selectionModel().select(
            sidebar.cards.index(2, 0), ours.selectionModel().SelectionFlag.ClearAndSelect
        )
        for view in (ours, plain):
            view.resize(420, 700)
            view.show()
            qtbot.waitExposed(view)
        assert grab(ours) == grab(plain), theme.name
        for view in (ours, plain, reference):
            view.close()
            view.deleteLater()


def paint_card(delegate: CardDelegate, view: QListView, row: int, theme: Theme, *, direct: bool):
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(QPoint(0, 0), delegate.sizeHint(option, index))
    option.state |= QStyle.StateFlag.State_Selected if row == 1 else QStyle.StateFlag.State_None
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(theme.window))
    painter = QPainter(image)
    if direct:
        delegate._draw(painter, option, index)
    else:
        delegate.paint(painter, option, index)
    painter.end()
    return image


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two images of one size."""
    assert a.size() == b.size()
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if p != q:
                worst = max(worst, *(abs((p >> s & 255) - (q >> s & 255)) for s in (0, 8, 16)))
    return worst


def test_a_card_from_its_picture_is_the_card_painted_directly(harness: Harness):
    """Equal but for the rounding of the card's antialiased corners, which the picture
    blends over transparency first (at most 2 of 255 in a channel, a few pixels)."""
    h = harness
    h.open()
    highlight_words(h, 3)
    view = h.controller.sidebar.view
    for theme in (LIGHT, DARK, SEPIA):
        delegate = CardDelegate(theme)
        for row in range(3):
            direct = paint_card(delegate, view, row, theme, direct=True)
            drawn = delegate.pictures.drawn
            first = paint_card(delegate, view, row, theme, direct=False)
            again = paint_card(delegate, view, row, theme, direct=False)
            # the second came from the picture; a selected card has its frame's picture too
            assert delegate.pictures.drawn == drawn + (2 if row == 1 else 1)
            assert again == first, (theme.name, row)
            assert largest_difference(first, direct) <= 2, (theme.name, row)


def test_card_pictures_stay_within_their_budget(qtbot):
    """Scrolling through hundreds of cards keeps at most the budget's worth of pictures,
    the least recently shown dropped first."""
    from app.ui.annotations.sidebar.card_pictures import CardPictures

    card = 300 * 100 * 4
    pictures = CardPictures(budget=10 * card)
    canvas = QImage(300, 100, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(canvas)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 300, 100)

    def draw(into: QPainter, at: QStyleOptionViewItem) -> None:
        into.fillRect(at.rect, QColor("#abcdef"))

    for key in range(200):
        pictures.show(painter, option, key, draw)
    assert pictures.drawn == 200
    pictures.show(painter, option, 199, draw)  # the latest is kept
    pictures.show(painter, option, 0, draw)  # the first long gone
    painter.end()
    assert pictures.drawn == 201
    assert pictures._bytes <= 10 * card and len(pictures._pictures) == 10
    assert canvas.pixelColor(5, 5) == QColor("#abcdef")


class CountingDelegate(QStyledItemDelegate):
    """Counts the size asks made outside a paint (a paint asks the shown cards' sizes from
    within its one Python call, ``visualRect``)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0
        self.painting = False

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self.asked += not self.painting
        return QSize(200, 20 + 3 * (index.row() % 5))  # cards of different heights


class ProbedCardList(CardListView):
    def paintEvent(self, event: QPaintEvent) -> None:
        delegate = self.itemDelegate()
        assert isinstance(delegate, CountingDelegate)
        delegate.painting = True
        try:
            super().paintEvent(event)
        finally:
            delegate.painting = False


def test_the_card_list_lays_out_when_rows_change_not_later_from_the_event_loop(qtbot):
    """Cards laid out from the event loop were one wait for the interpreter each while a
    worker ran (a list of 50 cards: 30 ms): the list lays them out in the slot that hears
    of the change, and leaves the event loop no layout of its own to do."""
    model = QStringListModel([f"card {n}" for n in range(30)])
    view = ProbedCardList()
    qtbot.addWidget(view)
    view.setLayoutMode(QListView.LayoutMode.Batched)  # as the sidebar's
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setModel(model)
    delegate = CountingDelegate()
    view.setItemDelegate(delegate)
    view.resize(240, 300)
    view.show()
    qtbot.waitExposed(view)
    changes = {
        "insert": lambda: model.insertRows(3, 1),
        "remove": lambda: model.removeRows(0, 2),
        "reset": lambda: model.setStringList([f"new {n}" for n in range(12)]),
        "sort": lambda: model.sort(0),
    }
    for name, change in changes.items():
        QApplication.processEvents()
        delegate.asked = 0
        change()
        assert delegate.asked >= model.rowCount(), name  # laid out at once, every card
        delegate.asked = 0
        QApplication.processEvents()
        assert delegate.asked == 0, name  # nothing left for the event loop


def test_cards_keep_their_width_when_the_list_first_overflows(harness: Harness):
    """A scroll bar appearing would re-wrap and re-lay out every card in one landing."""
    h = harness
    h.open()
    highlight_words(h, 1)
    view = h.controller.sidebar.view
    width = view.visualRect(view.model().index(0, 0)).width()
    highlight_words(h, 14, first=1)
    assert view.verticalScrollBar().maximum() > 0  # the cards overflow the list now
    assert view.visualRect(view.model().index(0, 0)).width() == width
