"""The tag hierarchy ('/' in a tag's name) as a tree: each level with the number of
annotations under it (rolled up by the core's ``build_tree``), its codebook colour as a swatch
and its description as the tooltip. A tag dragged onto another moves under it: the model only
says so (``move_requested``); the move is a rename the window runs as an undoable step.
"""

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.core.codebook import Code, TreeNode, build_tree, is_under, key
from app.ui.widgets.rows import Index, column_title
from app.ui.widgets.safe_document import shown_as_typed

TAG_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole path, "defence/missile-defence"
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # annotations with the tag or one below it
OWN_COUNT_ROLE = Qt.ItemDataRole.UserRole + 3  # annotations with exactly this tag
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 4
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 5  # "#rrggbb" or ""
TAG_MIME = "application/x-readmark-tag"
COLUMNS = ("Tag", "Count")
ROOT = 0  # the internal id of the invisible root; nodes are numbered from 1


class TagTreeModel(QAbstractItemModel):
    """A snapshot of the tags and the codebook; ``set_tags`` replaces it."""

    move_requested = Signal(str, str)  # the tag dragged, its new name under the drop target

    def __init__(self) -> None:
        super().__init__()
        self._nodes: list[TreeNode] = []  # by internal id - 1
        self._parents: list[int] = []  # the internal id of each node's parent
        self._children: dict[int, list[int]] = {ROOT: []}
        self._by_key: dict[str, int] = {}
        self._codes: dict[str, Code] = {}

    def set_tags(self, counts: dict[str, int], codes: list[Code]) -> None:
        """The tags in use with their counts, and the codebook (entries of tags no longer
        used are kept in the file but not shown: the tree is of the tags in the library)."""
        self.beginResetModel()
        self._nodes, self._parents = [], []
        self._children, self._by_key = {ROOT: []}, {}
        self._codes = {key(c.name): c for c in codes}
        for node in build_tree(counts):
            self._add(node, ROOT)
        self.endResetModel()

    def _add(self, node: TreeNode, parent: int) -> None:
        self._nodes.append(node)
        self._parents.append(parent)
        number = len(self._nodes)
        self._children[parent].append(number)
        self._children[number] = []
        self._by_key[key(node.name)] = number
        for child in node.children:
            self._add(child, number)

    def _node(self, index: Index) -> TreeNode | None:
        number = index.internalId() if index.isValid() else ROOT
        return self._nodes[number - 1] if 0 < number <= len(self._nodes) else None

    # -- lookups ---------------------------------------------------------------------------

    def index_of(self, tag: str, column: int = 0) -> QModelIndex:
        """The row of a tag (any case), or an invalid index when the tree has no such tag."""
        number = self._by_key.get(key(tag))
        if number is None:
            return QModelIndex()
        siblings = self._children[self._parents[number - 1]]
        return self.createIndex(siblings.index(number), column, number)

    def tags(self) -> list[str]:
        """Every level of the tree, parents before their children."""
        return [node.name for node in self._nodes]

    def node(self, tag: str) -> TreeNode | None:
        number = self._by_key.get(key(tag))
        return self._nodes[number - 1] if number else None

    def code(self, tag: str) -> Code:
        return self._codes.get(key(tag), Code(tag))

    # -- the tree --------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        number = parent.internalId() if parent.isValid() else ROOT
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children.get(number, [])
        if not (0 <= row < len(children) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        number = child.internalId()
        parent = self._parents[number - 1] if 0 < number <= len(self._parents) else ROOT
        if parent == ROOT:
            return QModelIndex()
        grandparent = self._parents[parent - 1]
        return self.createIndex(self._children[grandparent].index(parent), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        number = parent.internalId() if parent.isValid() else ROOT
        return len(self._children.get(number, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        code = self.code(node.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label if index.column() == 0 else str(node.total)
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown_as_typed(self._tooltip(node, code))
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and code.colour:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.name}, {node.total}"
        values: dict[int, Any] = {
            TAG_ROLE: node.name,
            COUNT_ROLE: node.total,
            OWN_COUNT_ROLE: node.own_count,
            DESCRIPTION_ROLE: code.description,
            COLOUR_ROLE: code.colour or "",
        }
        return values.get(role)

    @staticmethod
    def _tooltip(node: TreeNode, code: Code) -> str:
        below = node.total - node.own_count
        counted = f"{node.own_count} tagged '{node.name}'"
        if below:
            counted += f", {below} below it"
        return f"{counted}\n\n{code.description}" if code.description else counted

    # -- drag a tag onto another -----------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # dropped on the empty space: to the top
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TAG_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        names = list(dict.fromkeys(str(i.data(TAG_ROLE)) for i in indexes if i.isValid()))
        if names:
            data.setData(TAG_MIME, names[0].encode("utf-8"))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        return self.move_target(data, parent) is not None

    def move_target(
        self, data: QMimeData, parent: QModelIndex | QPersistentModelIndex
    ) -> str | None:
        """Where the dragged tag would go, or None when the drop means nothing: onto itself,
        into its own branch, or where it already is."""
        if not data.hasFormat(TAG_MIME):
            return None
        dragged = bytes(data.data(TAG_MIME).data()).decode("utf-8")
        onto = str(parent.data(TAG_ROLE)) if parent.isValid() else ""
        if not dragged or (onto and is_under(onto, dragged)):
            return None
        leaf = dragged.rsplit("/", 1)[-1]
        target = f"{onto}/{leaf}" if onto else leaf
        return None if key(target) == key(dragged) else target

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Say where the tag goes; nothing changes here (the rename refreshes the tree)."""
        target = self.move_target(data, parent)
        if action != Qt.DropAction.MoveAction or target is None:
            return False
        dragged = bytes(data.data(TAG_MIME).data()).decode("utf-8")
        self.move_requested.emit(dragged, target)
        return True
