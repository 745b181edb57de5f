"""What the saved searches list does: count, open, save, rename, move and delete, undoably.

Counting (hits and new matches of every saved search) runs on the search pool; every write
of ``saved-searches.json`` is an operation on the write worker (the window's
``OperationRunner``), as the window's other writes are, and a step enters the undo stack only
once the file has it (a failed write is reported and never becomes a step to undo). The list
counts again when the ``ChangesHub`` says the saved searches changed. Undo puts a search
back exactly as it was, what the user had seen included (``SavedSearches.restore``), so
undoing a delete does not make every match new.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit

from app.core.errors import NotFound, ReadmarkError
from app.core.ops.changes import Changes, Done
from app.core.ops.searching import SAVED_CHANGED
from app.core.saved_searches import SavedSearch, SavedSearches, SearchStatus
from app.ui.annotations.undo_steps import Step
from app.ui.search.saved_searches_model import SavedSearchesModel
from app.ui.search.saved_searches_view import SavedSearchesView

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow

Place = tuple[SavedSearch, int]  # a search and its position (1 is the top)


@dataclass(frozen=True)
class Change:
    """One side of a step: the name to take out, then the search to put at its place."""

    gone: str | None
    put: Place | None

    def apply(self, store: SavedSearches) -> Done[None]:
        if self.gone and (self.put is None or self.put[0].name.casefold() != self.gone.casefold()):
            store.delete(self.gone)
        if self.put is not None:
            store.restore(*self.put)
        return Done(None, SAVED_CHANGED)  # its problems: counted by ``_show``


def place_of(store: SavedSearches, name: str) -> Place:
    """The search and its position; NotFound (naming the saved ones) when there is none."""
    search = store.get(name)
    return search, [s.name for s in store.all()].index(search.name) + 1


class SearchStep(Step):
    """A change of the saved searches; ``make`` makes it (through the core's own save,
    rename, move or delete) and returns the two sides that redo and undo write."""

    def __init__(
        self, owner: "SavedSearchesUI", text: str, make: Callable[[], tuple[Change, Change]]
    ) -> None:
        window = owner.window
        super().__init__(window.operations, window.undo_steps, text, (self.forward, self.backward))
        self.owner = owner
        self._make = make
        self.sides = (Change(None, None), Change(None, None))

    def _reveal(self, *, done: bool) -> None:
        """Nothing to scroll to: the list shows the change when the file has it."""

    def first(self) -> Done[tuple[Change, Change]]:
        return Done(self._make(), SAVED_CHANGED)

    def took(self, value: Any) -> bool:
        self.sides = value
        return True

    def forward(self) -> Done[None]:
        return self.sides[0].apply(self.owner.store)

    def backward(self) -> Done[None]:
        return self.sides[1].apply(self.owner.store)


class SavedSearchesUI(QObject):
    """The list, its model and the file; the window holds one."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.tasks = window.tasks
        self.store = SavedSearches(window.workspace.data_dir)
        self.model = SavedSearchesModel()
        self.view = SavedSearchesView(self.model)
        self.model.move_requested.connect(self.move)
        self.view.open_requested.connect(self.open_row)
        self.view.rename_requested.connect(lambda row: self.rename(row))
        self.view.delete_requested.connect(self.delete)
        self._reported = 0
        window.hub.changed.connect(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        if changes.saved_searches:
            self.refresh()

    # -- counting ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count every saved search again (after a write, an import or a sync)."""
        workspace, store = self.window.workspace, self.store

        def count(search: SavedSearch) -> SearchStatus:
            try:
                return store.status(search, workspace.index, workspace.library)
            except ReadmarkError:  # a query the index cannot run (yet): listed, not counted
                return SearchStatus(search, 0, 0)

        self.tasks.run_read(lambda: [count(s) for s in store.all()], self._show)

    def _show(self, statuses: list[SearchStatus]) -> None:
        self.model.set_statuses(statuses)
        for problem in self.store.problems[self._reported :]:
            self.window.errors.report(problem, "Reading the saved searches")
        self._reported = len(self.store.problems)

    # -- the user's steps ----------------------------------------------------------------

    def open_row(self, row: int) -> None:
        """Run the search in the field and mark what it finds now as seen."""
        if not 0 <= row < self.model.rowCount():
            return
        search = self.model.status(row).search
        pane = self.window.search_pane
        pane.sort_box.blockSignals(True)
        pane.sort_box.setCurrentIndex(max(0, pane.sort_box.findData(search.sort)))
        pane.sort_box.blockSignals(False)
        pane.set_query(search.full_query)
        workspace, store = self.window.workspace, self.store

        def job() -> Done[SavedSearch]:
            return Done(
                store.mark_seen(search.name, workspace.index, workspace.library), SAVED_CHANGED
            )

        self.window.operations.run(job, f"Opening the search '{search.name}'")

    def save_current(self, name: str | None = None) -> bool:
        """Save the query in the field (with its sort) under a name the user gives."""
        pane = self.window.search_pane
        query, sort = pane.query(), str(pane.sort_box.currentData())
        if not query:
            self.window.message_bar.show_message("Type a search first, then save it.")
            return False
        if name is None:
            name = self._ask("Save Search", "Name of this search:", query)
            if name is None:
                return False
        workspace, store = self.window.workspace, self.store

        def first() -> tuple[Change, Change]:
            try:
                before: Place | None = place_of(store, name)
            except NotFound:  # a new name
                before = None
            store.save(name, query, sort=sort)
            after = place_of(store, store.mark_seen(name, workspace.index, workspace.library).name)
            back = Change(None, before) if before else Change(after[0].name, None)
            return Change(None, after), back

        SearchStep(self, f"Save search '{name}'", first).start(self.window.undo_stack)
        return True

    def rename(self, row: int, new: str | None = None) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        old = self.model.status(row).search.name
        if new is None:
            new = self._ask("Rename Saved Search", "New name:", old)
            if new is None or new == old:
                return False
        store, wanted = self.store, new

        def first() -> tuple[Change, Change]:
            before = place_of(store, old)
            after = (store.rename(old, wanted), before[1])
            return Change(old, after), Change(after[0].name, before)

        SearchStep(self, f"Rename search '{old}' to '{new}'", first).start(self.window.undo_stack)
        return True

    def delete(self, row: int) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        name, store = self.model.status(row).search.name, self.store

        def first() -> tuple[Change, Change]:
            before = place_of(store, name)
            store.delete(name)
            return Change(name, None), Change(None, before)

        SearchStep(self, f"Delete search '{name}'", first).start(self.window.undo_stack)
        return True

    def move(self, name: str, position: int) -> None:
        store = self.store

        def first() -> tuple[Change, Change]:
            before = place_of(store, name)
            store.move(name, position)
            return Change(None, (before[0], position)), Change(None, before)

        SearchStep(self, f"Move search '{name}'", first).start(self.window.undo_stack)

    def _ask(self, title: str, label: str, text: str) -> str | None:
        name, ok = QInputDialog.getText(self.window, title, label, QLineEdit.EchoMode.Normal, text)
        name = " ".join(name.split())
        if not ok or not name:
            return None
        return name
