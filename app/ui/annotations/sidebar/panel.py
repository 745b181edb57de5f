"""The annotation sidebar: cards in text order, filters, orphans, the article note.

It shows and edits; the ``AnnotationController`` decides what the edits do. Orphans sit in
their own section under the cards, with their quote, and no filter ever hides them.
"""

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.annotations.sidebar.card_delegate import CardDelegate
from app.ui.annotations.sidebar.card_list import CardListView
from app.ui.annotations.sidebar.filter_bar import FilterBar
from app.ui.annotations.sidebar.filter_model import AnnotationFilterModel
from app.ui.annotations.sidebar.list_model import AnnotationListModel, AnnotationRole
from app.ui.annotations.sidebar.note_editor import NoteEditor
from app.ui.themes import Theme


def card_view(name: str, model: AnnotationFilterModel, delegate: CardDelegate) -> CardListView:
    view = CardListView()
    view.setObjectName(name)
    view.setModel(model)
    view.setItemDelegate(delegate)
    # Always there, so the cards keep their width when the list first overflows: a
    # scroll bar showing up re-wrapped every card under the reader's eyes and laid out
    # and painted them all again in that one landing (12-48 ms, issue 11's stall).
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.setFrameShape(CardListView.Shape.NoFrame)
    view.setAccessibleName("Orphaned highlights" if name == "orphanCards" else "Highlights")
    delegate.warm_up(view)
    return view


ORPHANS_HEIGHT = 360  # the orphan section's most; more orphans scroll


class AnnotationSidebar(QWidget):
    sig_annotation_chosen = Signal(str)  # a card was clicked or activated
    sig_article_note_saved = Signal(str)
    sig_note_discarded = Signal(str, str)  # annotation id, the note to go back to
    sig_reattach = Signal(str)  # an orphan card's "Re-attach to selection" (annotation id)
    sig_delete = Signal(str)  # an orphan card's "Delete" (annotation id)
    sig_article_note_discarded = Signal(str)  # the article note to go back to

    def __init__(self, model: AnnotationListModel, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotationSidebar")
        self.model = model
        self.theme = theme
        self._selecting = False
        # One delegate per view: a delegate's editor signals go to every view it serves.
        self.delegate = CardDelegate(theme, self)
        self.orphan_delegate = CardDelegate(theme, self)
        for delegate in (self.delegate, self.orphan_delegate):
            delegate.sig_note_saved.connect(self._keep_note)
            delegate.sig_note_discarded.connect(self.sig_note_discarded)
        self.cards = AnnotationFilterModel()
        self.cards.setSourceModel(model)
        self.orphans = AnnotationFilterModel(orphans=True)
        self.orphans.setSourceModel(model)
        self.heading = QLabel("Annotations")
        self.heading.setObjectName("sidebarHeading")
        self.filters = FilterBar(theme)
        self.filters.sig_changed.connect(self._apply_filters)
        self.view = card_view("annotationCards", self.cards, self.delegate)
        self.empty = QLabel("Select text in the article and press 1–5 to highlight it.")
        self.empty.setObjectName("sidebarEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.orphan_heading = QLabel()
        self.orphan_heading.setObjectName("orphanHeading")
        self.orphan_heading.setWordWrap(True)
        self.orphan_view = card_view("orphanCards", self.orphans, self.orphan_delegate)
        self.orphan_delegate.sig_reattach.connect(self.sig_reattach)
        self.orphan_delegate.sig_delete.connect(self.sig_delete)
        self.orphan_view.viewport().installEventFilter(self)
        self.article_note_label = QLabel("Note on the whole article")
        self.article_note_label.setObjectName("articleNoteLabel")
        self.article_note = NoteEditor()
        self.article_note.setObjectName("articleNote")
        self.article_note.setAccessibleName("Note on the whole article")
        self.article_note.sig_save.connect(self.sig_article_note_saved)
        self.article_note.sig_discard.connect(self.sig_article_note_discarded)
        cards_box = QWidget()
        cards_layout = QVBoxLayout(cards_box)
        cards_layout.setContentsMargins(0, 0, 0, 0)
        cards_layout.addWidget(self.empty)
        cards_layout.addWidget(self.view, 1)
        cards_layout.addWidget(self.orphan_heading)
        cards_layout.addWidget(self.orphan_view)
        note_box = QWidget()
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(8, 4, 8, 8)
        note_layout.addWidget(self.article_note_label)
        note_layout.addWidget(self.article_note)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(cards_box)
        self.split.addWidget(note_box)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        self.heading.setContentsMargins(10, 0, 10, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.filters)
        layout.addWidget(self.split, 1)
        for view in (self.view, self.orphan_view):
            view.clicked.connect(self._on_card)
            view.activated.connect(self._on_card)
            view.selectionModel().currentChanged.connect(self._on_current)
        self.orphan_view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_counts)
        model.dataChanged.connect(lambda *_: self._update_counts())
        self.set_article_note(None, enabled=False)
        self.apply_theme(theme)
        self._update_counts()

    # -- content -------------------------------------------------------------------------

    def _keep_note(self, annotation_id: str, text: str) -> None:
        """A card's note editor saved: the card shows the text at once and the model reports
        it (``note_edited``), whether or not the editor is still open in its view."""
        row = self.model.row_of(annotation_id)
        if row >= 0:
            self.model.setData(self.model.index(row, 0), text)
        else:
            self.model.note_edited.emit(annotation_id, text)

    def set_article_note(self, text: str | None, *, enabled: bool = True) -> None:
        """The note on the whole article (None: there is none yet)."""
        if not self.article_note.is_dirty() or not enabled:
            self.article_note.set_note(text or "")
        self.article_note.setEnabled(enabled)

    def set_article_tags(self, tags: list[str]) -> None:
        self.filters.set_tags(tags)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(
            f"#annotationSidebar QPlainTextEdit {{ background: {theme.base}; color: {theme.text};"
            f" border: 1px solid {theme.border}; border-radius: 4px;"
            f" selection-background-color: {theme.selection}; }}"
            f"#sidebarHeading, #orphanHeading {{ font-weight: 600; }}"
            f"#sidebarHeading, #articleNoteLabel {{ color: {theme.text}; }}"
            f"#orphanHeading {{ color: {theme.error_text}; padding: 6px 10px 0 10px; }}"
            f"#sidebarEmpty {{ color: {theme.muted}; padding: 24px; }}"
        )
        self.delegate.set_theme(theme)
        self.orphan_delegate.set_theme(theme)
        self.filters.apply_theme(theme)
        for view in (self.view, self.orphan_view):
            view.set_background(theme.window)

    def set_can_reattach(self, can: bool) -> None:
        """Whether the reader has a selection an orphan can be re-attached to."""
        if self.orphan_delegate.can_reattach != can:
            self.orphan_delegate.can_reattach = can
            self.orphan_view.viewport().update()

    def _apply_filters(self) -> None:
        self.cards.set_colours(self.filters.colours())
        self.cards.set_tag(self.filters.tag())
        self._update_counts()

    def _update_counts(self) -> None:
        total = self.model.rowCount()
        orphans = self.orphans.rowCount()
        placed = total - orphans
        shown = self.cards.rowCount()
        filtered = shown != placed
        count = f"{shown} of {placed}" if filtered else f"{placed}"
        self.heading.setText(f"Annotations · {count}" if total else "Annotations")
        self.empty.setVisible(total == 0)
        self.orphan_heading.setVisible(orphans > 0)
        self.orphan_view.setVisible(orphans > 0)
        if orphans:
            noun = "highlight" if orphans == 1 else "highlights"
            self.orphan_heading.setText(
                f"Orphaned · {orphans} {noun} whose text is no longer in the article"
            )
            self._fit_orphans()

    def _fit_orphans(self) -> None:
        """The orphan section as tall as its cards at the width they have now (up to
        ORPHANS_HEIGHT), so a card's text and buttons are never cut off."""
        view = self.orphan_view
        cards = view.contents_height()
        view.setFixedHeight(max(120, min(ORPHANS_HEIGHT, cards + 2 * view.frameWidth() + 4)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.orphan_view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_orphans()  # narrower cards are taller
        return super().eventFilter(watched, event)

    # -- selection -----------------------------------------------------------------------

    def _on_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        """Moving through the cards with the arrow keys takes the reader along."""
        if not self._selecting and index.isValid():
            self._on_card(index)

    def _on_card(self, index: QModelIndex) -> None:
        annotation_id = index.data(AnnotationRole.ID)
        if annotation_id:
            self.sig_annotation_chosen.emit(str(annotation_id))

    def _proxy_index(self, annotation_id: str) -> tuple[CardListView, QModelIndex] | None:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return None
        source = self.model.index(row, 0)
        for view, proxy in ((self.view, self.cards), (self.orphan_view, self.orphans)):
            index = proxy.mapFromSource(source)
            if index.isValid():
                return view, index
        return None

    def select(self, annotation_id: str) -> bool:
        """Select a card and bring it into view (without announcing it as chosen).

        A card hidden by the filters is shown by clearing them: the user asked for it.
        """
        found = self._proxy_index(annotation_id)
        if found is None and self.model.row_of(annotation_id) >= 0:
            for button in self.filters.colour_buttons.values():
                button.setChecked(False)
            self.filters.set_tag("")
            found = self._proxy_index(annotation_id)
        if found is None:
            return False
        view, index = found
        for other in (self.view, self.orphan_view):
            if other is not view:
                other.clearSelection()
        self._selecting = True
        try:
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._selecting = False
        view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def current_id(self) -> str | None:
        for view in (self.view, self.orphan_view):
            index = view.currentIndex()
            if index.isValid() and view.selectionModel().isSelected(index):
                return str(index.data(AnnotationRole.ID))
        return None

    def edit_note(self, annotation_id: str) -> bool:
        """Open the card's note editor and put the cursor in it."""
        if not self.select(annotation_id):
            return False
        found = self._proxy_index(annotation_id)
        if found is None:
            return False
        view, index = found
        view.edit(index)
        editor = view.indexWidget(index)
        if editor is None:
            editor = self.open_editor()
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def open_editor(self) -> NoteEditor | None:
        """The card note editor open now; a closed one is hidden until it is deleted."""
        for view in (self.view, self.orphan_view):
            for editor in view.findChildren(NoteEditor):
                if not editor.isHidden():
                    return editor
        return None
