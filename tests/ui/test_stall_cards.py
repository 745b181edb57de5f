"""Issue 11's stall with the sidebar on screen: after a highlight lands the card list
repaints, and only the new card is laid out; the others come from their pictures, with
the selection's frame drawn over them. What is painted stays what ``QListView`` and the card
painted directly give, pixel for pixel. Real widgets offscreen, a real store and writes
on the real write worker."""

import re

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage, QPainter
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
    """What the list paints (its viewport; the scroll bar beside it is Qt's own)."""
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def like_the_sidebar_was(view: QListView, theme: Theme) -> QListView:
    """A plain ``QListView`` set up as the sidebar's card list was before it laid its
    cards out itself."""
    view.setStyleSheet(f"QAbstractItemView {{ background: {theme.window}; }}")
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setWordWrap(True)
    view.setFrameShape(QListView.Shape.NoFrame)
    return view


def test_a_landing_paints_the_new_card_and_the_one_unselected(harness: Harness, monkeypatch):
    """Highlighting down an article with the list at its bottom: each landing scrolls to
    the new card. It paints that card and the one that lost the selection, not every
    card in view (8 in the stall bench's window)."""
    h = harness
    h.open()
    highlight_words(h, 10)
    view = h.controller.sidebar.view
    view.scrollToBottom()
    QApplication.processEvents()
    painted: list[int] = []
    paint = CardDelegate.paint

    def noting(self: CardDelegate, painter: QPainter, option, index: QModelIndex) -> None:
        painted.append(index.row())
        paint(self, painter, option, index)

    monkeypatch.setattr(CardDelegate, "paint", noting)
    for k in range(3):
        painted.clear()
        highlight_words(h, 1, first=10 + k)
        QApplication.processEvents()
        new = view.currentIndex().row()
        assert new == view.model().rowCount() - 1
        assert new in painted
        assert set(painted) <= {new, new - 1}, painted
    assert len(rows_in_view(view)) >= 4


def test_the_card_list_paints_what_qlistview_paints_in_every_theme(harness: Harness, qtbot):
    """Same rows at the same places, same selection, same pixels: at the top and scrolled
    part of the way down (one card cut by the top edge)."""
    h = harness
    h.open()
    highlight_words(h, 12)
    sidebar = h.controller.sidebar
    sidebar.select(str(sidebar.model.index(2, 0).data(Qt.ItemDataRole.UserRole + 1)))
    for theme in (LIGHT, DARK, SEPIA):
        sidebar.apply_theme(theme)
        ours = card_view("ours", sidebar.cards, CardDelegate(theme))
        ours.set_background(theme.window)
        assert isinstance(ours, CardListView)
        plain = like_the_sidebar_was(QListView(), theme)
        plain.setModel(sidebar.cards)
        plain.setItemDelegate(CardDelegate(theme))
        plain.setSelectionModel(ours.selectionModel())
        ours.selectionModel().select(
            sidebar.cards.index(2, 0), ours.selectionModel().SelectionFlag.ClearAndSelect
        )
        for view in (ours, plain):
            view.resize(420, 500)
            view.show()
            qtbot.waitExposed(view)
        ranges = (ours.verticalScrollBar(), plain.verticalScrollBar())
        qtbot.waitUntil(  # the cards out of view are measured in batches
            lambda bars=ranges: bars[0].maximum() == bars[1].maximum() > 0
        )
        for scrolled in (0, ours.verticalScrollBar().maximum() // 2 + 7):
            for view in (ours, plain):
                view.verticalScrollBar().setValue(scrolled)
            for row in range(sidebar.cards.rowCount()):
                index = sidebar.cards.index(row, 0)
                assert ours.visualRect(index) == plain.visualRect(index), (theme.name, row)
                centre = plain.visualRect(index).center()
                assert ours.indexAt(centre) == plain.indexAt(centre)
            assert grab(ours) == grab(plain), (theme.name, scrolled)
        for view in (ours, plain):
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


def card_height(index: QModelIndex) -> int:
    """Cards of different heights, each keeping its own when rows come and go."""
    return 20 + 3 * (len(str(index.data() or "")) % 5) + 2 * (len(str(index.data() or "")) % 3)


class CountingDelegate(QStyledItemDelegate):
    """Counts the cards measured and notes the rows painted."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0
        self.painted: list[int] = []

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self.asked += 1
        return QSize(200, card_height(index))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.painted.append(index.row())
        super().paint(painter, option, index)


def counting_list(qtbot, rows: int = 30) -> tuple[CardListView, QStringListModel]:
    model = QStringListModel([f"card {n}" for n in range(rows)])
    view = CardListView()
    qtbot.addWidget(view)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # as the sidebar's
    view.setModel(model)
    view.setItemDelegate(CountingDelegate())
    view.resize(240, 300)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def stacked(view: CardListView) -> bool:
    """Every row right below the one before, as tall as its delegate says, as wide as the
    list, and found again at its centre."""
    model, scrolled = view.model(), view.verticalScrollBar().value()
    top = -scrolled
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        if rect != QRect(0, top, view.viewport().width(), card_height(index)):
            return False
        if view.indexAt(rect.center()) != index:
            return False
        top += rect.height()
    return view.verticalScrollBar().maximum() == max(0, scrolled + top - view.viewport().height())


def test_the_card_list_measures_only_the_cards_that_changed(qtbot):
    """A card coming is measured alone and the ones below move down; a card going is not
    measured at all; the event loop is left nothing. QListView measured every card at each
    change, one entry into Python each (a wait for the interpreter each while a worker
    ran; 500 cards: tens of ms)."""
    view, model = counting_list(qtbot)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountingDelegate)
    view.verticalScrollBar().setValue(45)
    changes = {
        "insert": (lambda: model.insertRows(3, 2), 2),
        "insert at the end": (lambda: model.insertRows(model.rowCount(), 1), 1),
        "remove": (lambda: model.removeRows(0, 2), 0),
    }
    for name, (change, measured) in changes.items():
        QApplication.processEvents()
        delegate.asked = 0
        change()
        assert delegate.asked == measured, name
        assert stacked(view), name
        delegate.asked = 0
        QApplication.processEvents()
        assert delegate.asked == 0, name  # nothing left for the event loop


def rows_in_view(view: CardListView) -> list[int]:
    model = view.model()
    return [
        row
        for row in range(model.rowCount())
        if view.visualRect(model.index(row, 0)).intersects(view.viewport().rect())
    ]


def test_a_change_repaints_only_the_cards_it_moved(qtbot):
    """The cards above a change stay as painted; a change below the list's edge paints
    nothing. Every landing used to repaint every card in view."""
    view, model = counting_list(qtbot)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountingDelegate)
    view.verticalScrollBar().setValue(45)
    QApplication.processEvents()
    shown = rows_in_view(view)
    assert len(shown) >= 8
    changes = {
        "insert": (lambda: model.insertRows(shown[3], 1), shown[3]),
        "remove": (lambda: model.removeRows(shown[4], 1), shown[4]),
        "edit": (lambda: model.setData(model.index(shown[5], 0), "a longer card"), shown[5]),
    }
    for name, (change, first) in changes.items():
        delegate.painted.clear()
        change()
        QApplication.processEvents()
        assert delegate.painted, name
        assert min(delegate.painted) == first, (name, delegate.painted)
        assert set(delegate.painted) <= set(rows_in_view(view)), name
    below = model.rowCount() - 1
    assert below not in rows_in_view(view)
    delegate.painted.clear()
    model.insertRows(below, 1)
    QApplication.processEvents()
    assert delegate.painted == []


def test_a_scroll_paints_only_the_strip_it_uncovers(qtbot):
    """With its background set (an opaque viewport), a scroll moves what is painted; a
    style sheet background made Qt repaint the whole list at every scroll step, and the
    list scrolls at every highlight made at its bottom."""
    view, _model = counting_list(qtbot)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountingDelegate)
    view.set_background("#fdfbf7")
    view.move(400, 400)  # away from the pointer: the card under it repaints as it moves
    QApplication.processEvents()
    before = rows_in_view(view)
    delegate.painted.clear()
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 12)
    QApplication.processEvents()
    after = rows_in_view(view)
    assert delegate.painted
    assert set(delegate.painted) <= {after[-1], after[-2]}
    assert len(before) >= 8


def test_a_new_list_or_order_measures_the_cards_in_view_first(qtbot):
    """A new model, order or many new cards measure the cards in view at once and the
    others in batches from the event loop, each card once: an article opened with 500
    highlights shows its first cards without waiting for the rest."""
    view, model = counting_list(qtbot)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountingDelegate)
    model.setStringList([])
    changes = {
        "filled": lambda: model.insertRows(0, 400),  # an article opened
        "reset": lambda: model.setStringList([f"new {n}" for n in range(400)]),
        "sort": lambda: model.sort(0, Qt.SortOrder.DescendingOrder),
    }
    for name, change in changes.items():
        QApplication.processEvents()
        delegate.asked = 0
        change()
        in_view = delegate.asked
        assert 0 < in_view < 30, name
        shown = [model.index(row, 0) for row in range(in_view)]
        assert view.viewport().rect().bottom() < view.visualRect(shown[-1]).bottom(), name
        assert delegate.asked == in_view, name  # those in view were measured already
        qtbot.waitUntil(lambda: delegate.asked == model.rowCount())
        assert stacked(view), name
        QApplication.processEvents()
        assert delegate.asked == model.rowCount(), name  # each card once


def test_a_card_out_of_view_is_measured_when_it_is_asked_for(qtbot):
    """Going to the last card before the batches reach it measures what lies above it and
    scrolls it fully into view."""
    view, model = counting_list(qtbot)
    model.setStringList([f"card {n}" for n in range(400)])
    last = model.index(399, 0)
    view.scrollTo(last)
    assert view.viewport().rect().contains(view.visualRect(last))
    assert view.indexAt(view.visualRect(last).center()) == last
    assert stacked(view)


def test_a_changed_card_is_measured_again(qtbot):
    class Growing(CountingDelegate):
        def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
            self.asked += 1
            return QSize(200, 20 + len(str(index.data())))

    view, model = counting_list(qtbot, rows=5)
    view.setItemDelegate(Growing())
    QApplication.processEvents()
    before = view.visualRect(model.index(3, 0))
    grown = "a card whose note grew"
    model.setData(model.index(1, 0), grown)
    assert view.visualRect(model.index(3, 0)).top() == before.top() + len(grown) - len("card 1")


def test_a_narrower_list_measures_its_cards_again(qtbot):
    """Narrower cards wrap into more lines: every card is measured at the new width."""

    class Wrapping(CountingDelegate):
        def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
            self.asked += 1
            return QSize(option.rect.width(), 20 + 4000 // max(1, option.rect.width()))

    view, model = counting_list(qtbot, rows=8)
    view.setItemDelegate(Wrapping())
    for width in (400, 200):
        view.resize(width, 300)
        QApplication.processEvents()
        expected = 20 + 4000 // view.viewport().width()
        assert [view.visualRect(model.index(r, 0)).height() for r in range(8)] == [expected] * 8


def test_a_hidden_card_list_measures_when_it_is_shown(qtbot):
    view, model = counting_list(qtbot)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountingDelegate)
    view.hide()
    delegate.asked = 0
    for _ in range(5):
        model.insertRows(0, 1)
    assert delegate.asked == 0
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: stacked(view))


def test_keys_clicks_and_scrolling_move_through_the_cards(qtbot):
    view, model = counting_list(qtbot)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 0  # the first key chooses the first card
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_End)
    last = view.currentIndex()
    assert last.row() == model.rowCount() - 1
    assert view.viewport().rect().contains(view.visualRect(last))  # scrolled to it
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert 0 < view.currentIndex().row() < last.row()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0 and view.verticalScrollBar().value() == 0
    third = view.visualRect(model.index(2, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=third.center())
    assert view.selectionModel().selectedIndexes() == [model.index(2, 0)]
    view.scrollTo(model.index(5, 0), view.ScrollHint.PositionAtTop)
    assert view.visualRect(model.index(5, 0)).top() == 0
    view.scrollTo(model.index(25, 0))  # below: brought up to the bottom edge
    assert view.visualRect(model.index(25, 0)).bottom() == view.viewport().height() - 1
    view.scrollTo(model.index(24, 0))  # already in view: nothing moves
    assert view.visualRect(model.index(25, 0)).bottom() == view.viewport().height() - 1
    assert view.indexAt(QPoint(5, view.viewport().height() + 400)) == QModelIndex()


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
