"""Which of the article's annotations the sidebar shows: by colour and tag, or the orphans.

The orphan section uses its own instance with ``orphans=True``: orphans are never hidden by
the colour or tag filter, because a highlight that lost its place is exactly what the user
must not overlook.
"""

from PySide6.QtCore import QSortFilterProxyModel

from app.ui.annotations.sidebar.list_model import AnnotationRole
from app.ui.widgets.rows import Index


class AnnotationFilterModel(QSortFilterProxyModel):
    def __init__(self, *, orphans: bool = False) -> None:
        super().__init__()
        self.orphans = orphans
        self._colours: frozenset[str] = frozenset()
        self._tag = ""

    def colours(self) -> frozenset[str]:
        return self._colours

    def tag(self) -> str:
        return self._tag

    def set_colours(self, colours: set[str] | frozenset[str]) -> None:
        """Only these colours; an empty set means every colour."""
        self.beginFilterChange()
        self._colours = frozenset(colours)
        self.endFilterChange()

    def set_tag(self, tag: str) -> None:
        """Only annotations with this tag (any case); empty means every annotation."""
        self.beginFilterChange()
        self._tag = tag.strip().casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if bool(model.data(index, AnnotationRole.ORPHAN)) != self.orphans:
            return False
        if self.orphans:
            return True
        if self._colours and model.data(index, AnnotationRole.COLOUR) not in self._colours:
            return False
        tags = model.data(index, AnnotationRole.TAGS) or []
        return not self._tag or any(t.casefold() == self._tag for t in tags)
