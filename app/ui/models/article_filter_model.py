"""Sorting and the tag / source / year filter over the article list."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from app.ui.models.article_list_model import SORT_ROLE, ArticleListModel


class ArticleFilterModel(QSortFilterProxyModel):
    """Hides articles outside the chosen tag, source and year; ``None`` means any."""

    def __init__(self, source: ArticleListModel) -> None:
        super().__init__()
        self._articles = source
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.tag: str | None = None
        self.source: str | None = None
        self.year: int | None = None

    def set_filter(
        self, *, tag: str | None = None, source: str | None = None, year: int | None = None
    ) -> None:
        self.beginFilterChange()
        self.tag = tag.casefold() if tag else None
        self.source = source
        self.year = year
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtered(self) -> bool:
        return any(v is not None for v in (self.tag, self.source, self.year))

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.is_filtered():
            return True
        article = self._articles.article(source_row)
        if self.source is not None and article.source != self.source:
            return False
        if self.year is not None and (article.date is None or article.date.year != self.year):
            return False
        return self.tag is None or any(t.casefold() == self.tag for t in article.tags)
