"""Operations on saved searches: save, rename, move, delete."""

from app.core.ops.changes import Changes, Done
from app.core.saved_searches import SavedSearch, SavedSearches
from app.core.workspace import Workspace

SAVED_CHANGED = Changes(saved_searches=True)


def save_search(
    workspace: Workspace,
    name: str,
    query: str,
    *,
    sort: str = "relevance",
    filters: tuple[str, ...] = (),
) -> Done[SavedSearch]:
    """Save a query while looking at its results: what it finds now is not new."""
    store = SavedSearches(workspace.data_dir)
    search = store.save(name, query, sort=sort, filters=filters)
    store.mark_seen(search.name, workspace.index, workspace.library)
    return Done(search, SAVED_CHANGED, tuple(store.problems))


def rename_search(workspace: Workspace, old: str, new: str) -> Done[SavedSearch]:
    store = SavedSearches(workspace.data_dir)
    return Done(store.rename(old, new), SAVED_CHANGED, tuple(store.problems))


def delete_search(workspace: Workspace, name: str) -> Done[SavedSearch]:
    store = SavedSearches(workspace.data_dir)
    return Done(store.delete(name), SAVED_CHANGED, tuple(store.problems))


def move_search(workspace: Workspace, name: str, position: int) -> Done[list[SavedSearch]]:
    store = SavedSearches(workspace.data_dir)
    return Done(store.move(name, position), SAVED_CHANGED, tuple(store.problems))
