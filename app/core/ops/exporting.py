"""Export annotations: what to include, then one pipeline for every format.

Writes nothing of the user's data (only the chosen output), so ``Done.changes`` is empty.
The query filter asks the index as it stands: callers that can, sync first.
"""

from dataclasses import dataclass
from pathlib import Path

from app.core.codebook import Codebook
from app.core.errors import NotFound
from app.core.export.selection import article_ids_for_query, select
from app.core.export.styles import DEFAULT_STYLE
from app.core.export.writing import export_selection
from app.core.ops.changes import Done
from app.core.workspace import Workspace


@dataclass(frozen=True)
class ExportFilter:
    """What to include; None everywhere means every annotation in the library."""

    article_id: str | None = None
    tag: str | None = None
    colour: str | None = None
    query: str | None = None


def export_annotations(
    workspace: Workspace,
    fmt: str,
    output: Path | None,
    chosen: ExportFilter,
    *,
    style: str = DEFAULT_STYLE,
) -> Done[tuple[str, int]]:
    """Select, render and write atomically; ``Done.value`` is (what to print: the text
    itself without ``output``, else a line saying what was written; how many annotations).
    ``style`` is the citation style of the formats that cite."""
    store = workspace.annotations
    article_ids: set[str] | None = None
    if chosen.article_id:
        if chosen.article_id not in workspace.library and chosen.article_id not in (
            store.article_ids()
        ):
            raise NotFound(f"no article with id '{chosen.article_id}'")
        article_ids = {chosen.article_id}
    if chosen.query:
        matched = article_ids_for_query(workspace.index, chosen.query)
        article_ids = matched if article_ids is None else article_ids & matched
    entries = select(store, article_ids=article_ids, tag=chosen.tag, colour=chosen.colour)
    book = Codebook(workspace.data_dir)
    said = export_selection(fmt, entries, output, style=style, codes=book.codes())
    return Done((said, len(entries)), problems=tuple(book.problems))
