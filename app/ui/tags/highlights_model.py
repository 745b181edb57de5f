"""The highlights that carry one tag, across the library: article title, quote and note."""

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.annotations import Annotation
from app.core.library import Library
from app.ui.annotations.sidebar.list_model import shorten
from app.ui.widgets.rows import ARTICLE_ID_ROLE, Index
from app.ui.widgets.safe_document import SafeDocument, shown_as_typed

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 4
NOTE_ROLE = Qt.ItemDataRole.UserRole + 5
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 6
MISSING_ARTICLE = "(article no longer in the library)"


def markdown_as_text(note: str) -> str:
    """A Markdown note as the words it shows, for one-line previews (no ** or # marks)."""
    document = SafeDocument()
    document.setMarkdown(note)
    return document.toPlainText()


@dataclass(frozen=True)
class TaggedHighlight:
    """An annotation with the title of its article (or why the article is not there)."""

    annotation: Annotation
    title: str


def titled(library: Library, annotations: list[Annotation]) -> list[TaggedHighlight]:
    """Each annotation with its article's title, or why the article is not there."""
    return [
        TaggedHighlight(
            a, library.get(a.article_id).title if a.article_id in library else MISSING_ARTICLE
        )
        for a in annotations
    ]


class TagHighlightsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[TaggedHighlight] = []

    def set_rows(self, rows: list[TaggedHighlight]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (r.title.casefold(), r.annotation.start or 0))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        a = item.annotation
        quote = shorten(a.exact or "", 200) if a.exact else "(note on the whole article)"
        if role == Qt.ItemDataRole.DisplayRole:
            note = f"\n{shorten(markdown_as_text(a.note), 200)}" if a.note else ""
            return f"{item.title}\n“{quote}”{note}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown_as_typed(a.note or a.exact or "")
        values: dict[int, Any] = {
            ARTICLE_ID_ROLE: a.article_id,
            ANNOTATION_ID_ROLE: a.id,
            TITLE_ROLE: item.title,
            QUOTE_ROLE: quote,
            NOTE_ROLE: a.note,
            COLOUR_ROLE: a.colour or "",
        }
        return values.get(role)
