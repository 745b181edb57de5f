"""Operations on the library itself: import, an article's details, taking articles out
into the trash and putting them back.

Each says what it changed with ``Changes.index`` set: the articles' files moved or changed,
and the index sees that at its next sync (the window queues one when it reads the value).
"""

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from app.core.article import Article
from app.core.details import with_details
from app.core.errors import writing_in
from app.core.importers import ImportReport, import_paths
from app.core.ops.changes import Changes, Done
from app.core.progress import Cancel, Progress
from app.core.trash import TrashBatch, restore_articles, trash_articles
from app.core.workspace import Workspace


def import_files(
    workspace: Workspace,
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    folder_tags: bool = False,
    keyword_tags: bool = False,
) -> Done[ImportReport]:
    """Import files and folders as articles; a failed file is a line of the report."""
    with writing_in(workspace.library_dir, "import"):
        report = import_paths(
            workspace,
            list(paths),
            progress=progress,
            cancel=cancel,
            folder_tags=folder_tags,
            keyword_tags=keyword_tags,
        )
    changed = frozenset(report.ids)
    return Done(report, Changes(articles=changed, article_set=bool(changed), index=bool(changed)))


def edit_details(
    workspace: Workspace, article_id: str, changes: Mapping[str, str | list[str]]
) -> Done[tuple[Article, Article]]:
    """Check and save new details (title, author, date, source, URL, tags) of an article;
    ``Done.value`` is (before, after), the pair an undo needs."""
    before = workspace.library.get(article_id)
    after = with_details(before, changes)
    return Done((before, save_details(workspace, after).value), _details_changed(article_id))


def save_details(workspace: Workspace, article: Article) -> Done[Article]:
    """Write an article's details exactly as given (an undo or redo of an edit)."""
    written = dataclasses.replace(article)  # the library keeps the object it is given
    workspace.library.save_metadata(written)
    return Done(written, _details_changed(article.id))


def _details_changed(article_id: str) -> Changes:
    return Changes(articles=frozenset({article_id}), index=True)


def trash(workspace: Workspace, article_ids: Sequence[str]) -> Done[TrashBatch]:
    """Move articles into the data folder's trash (undoing an import never deletes)."""
    batch = trash_articles(workspace.library, workspace.data_dir, article_ids)
    moved = frozenset(batch.ids)
    return Done(batch, Changes(articles=moved, article_set=bool(moved), index=bool(moved)))


def untrash(workspace: Workspace, batch: TrashBatch) -> Done[list[str]]:
    """Put the articles of one trash batch back where they were."""
    back = restore_articles(workspace.library, batch)
    return Done(back, Changes(articles=frozenset(back), article_set=bool(back), index=bool(back)))
