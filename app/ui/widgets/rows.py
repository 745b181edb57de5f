"""What the item models and their delegates share: Qt's index type, read-only row flags,
the one article-id role and column titles."""

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

# Every row that stands for an article (library, search results, related articles, tagged
# highlights) answers its id under this one role, so a menu or a drag reads it the same way
# whichever list it came from.
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def read_only_flags(index: Index) -> Qt.ItemFlag:
    """Selectable, never edited, never a parent: ``ItemNeverHasChildren`` spares the view
    asking each of thousands of rows for children."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return (
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
    )


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A table model's horizontal header: its column titles, nothing else."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(titles)
    ):
        return titles[section]
    return None
