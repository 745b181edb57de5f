"""Search hits as a list model: title, date, source and the marked snippet, with the versions
of one story (the core's near-duplicate clusters) folded into one row.

A wire story republished five times would fill a page of results; its versions among the
hits collapse to the newest, which says "+4 versions" and unfolds in place when clicked
(the others then follow it directly, so unfolding and folding only insert or remove rows).
The delegate paints from the roles below; the model only holds the core's hit objects.
"""

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from app.core.index import SearchHit
from app.ui.widgets.rows import ARTICLE_ID_ROLE, Index, read_only_flags
from app.ui.widgets.safe_document import shown_as_typed

DATE_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 4
POSITIONS_ROLE = Qt.ItemDataRole.UserRole + 5
VERSIONS_ROLE = Qt.ItemDataRole.UserRole + 6  # "+3 versions", "Fold 3 versions" or ""


def versions_text(others: int, unfolded: bool) -> str:
    noun = "version" if others == 1 else "versions"
    return f"Fold {others} {noun}" if unfolded else f"+{others} {noun}"


class SearchResultsModel(QAbstractListModel):
    """The hits of the newest search; replaced whole when a newer answer arrives."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []
        self._clusters: dict[str, int] = {}  # article id -> its cluster (2+ versions only)
        self._shown_for: dict[int, int] = {}  # cluster -> the hit that stands for it
        self._unfolded: set[int] = set()
        self._rows: list[int] = []  # hits on screen, as positions in _hits
        self._others: dict[int, list[int]] = {}  # standing hit -> its cluster's other hits

    # -- content -------------------------------------------------------------------------

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._shown_for, self._unfolded = {}, set()
        self._rows = self._layout()
        self.endResetModel()

    def append_hits(self, hits: list[SearchHit]) -> None:
        """The next page of the same search, below the hits already shown (a version of a
        story already shown joins its fold)."""
        if not hits:
            return
        before = list(self._rows)
        self._hits.extend(hits)
        after = self._layout()
        if after[: len(before)] != before:  # a new hit joins an unfolded story above
            self.beginResetModel()
            self._rows = after
            self.endResetModel()
            return
        if len(after) > len(before):
            self.beginInsertRows(QModelIndex(), len(before), len(after) - 1)
            self._rows = after
            self.endInsertRows()
        else:
            self._rows = after
        if before:
            self.dataChanged.emit(self.index(0), self.index(len(before) - 1), [VERSIONS_ROLE])

    def set_versions(self, clusters: dict[str, int]) -> None:
        """Which articles are versions of one story (id -> cluster); others are alone."""
        self.beginResetModel()
        self._clusters = dict(clusters)
        self._shown_for, self._unfolded = {}, set()
        self._rows = self._layout()
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def _newest(self, members: list[int]) -> int:
        """The newest version among these hits (the best ranked of equal dates)."""
        return max(members, key=lambda at: (self._hits[at].date or dt.date.min, -at))

    def _layout(self) -> list[int]:
        groups: dict[int, list[int]] = {}
        for at, hit in enumerate(self._hits):
            cluster = self._clusters.get(hit.id)
            if cluster is not None:
                groups.setdefault(cluster, []).append(at)
        for cluster, members in groups.items():
            if len(members) > 1 and cluster not in self._shown_for:
                self._shown_for[cluster] = self._newest(members)
        self._others = {}
        rows: list[int] = []
        placed: set[int] = set()
        for at, hit in enumerate(self._hits):
            cluster = self._clusters.get(hit.id)
            members = groups.get(cluster, []) if cluster is not None else []
            if len(members) < 2 or cluster is None:
                rows.append(at)
                continue
            if cluster in placed:
                continue
            placed.add(cluster)
            shown = self._shown_for[cluster]
            others = [m for m in members if m != shown]
            self._others[shown] = others
            rows.append(shown)
            if cluster in self._unfolded:
                rows.extend(others)
        return rows

    def toggle_versions(self, row: int) -> bool:
        """Unfold the versions folded under ``row``, or fold them back; False when it has
        none."""
        if not 0 <= row < len(self._rows):
            return False
        at = self._rows[row]
        others = self._others.get(at)
        cluster = self._clusters.get(self._hits[at].id)
        if not others or cluster is None:
            return False
        if cluster in self._unfolded:
            self.beginRemoveRows(QModelIndex(), row + 1, row + len(others))
            self._unfolded.discard(cluster)
            self._rows = self._layout()
            self.endRemoveRows()
        else:
            self.beginInsertRows(QModelIndex(), row + 1, row + len(others))
            self._unfolded.add(cluster)
            self._rows = self._layout()
            self.endInsertRows()
        self.dataChanged.emit(self.index(row), self.index(row), [VERSIONS_ROLE])
        return True

    def hit(self, row: int) -> SearchHit:
        return self._hits[self._rows[row]]

    def fetched(self) -> int:
        """Hits received so far, folded ones included (the next page starts here)."""
        return len(self._hits)

    # -- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        at = self._rows[index.row()]
        hit = self._hits[at]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role == ARTICLE_ID_ROLE:
            return hit.id
        if role == DATE_ROLE:
            return hit.date.isoformat() if hit.date else ""
        if role == SOURCE_ROLE:
            return hit.source or ""
        if role == SNIPPET_ROLE:
            return hit.snippet_html
        if role == POSITIONS_ROLE:
            return list(hit.positions)
        if role == VERSIONS_ROLE:
            others = self._others.get(at)
            cluster = self._clusters.get(hit.id)
            return versions_text(len(others), cluster in self._unfolded) if others else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown_as_typed(hit.title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
