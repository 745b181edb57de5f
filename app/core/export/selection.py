"""What an export contains: annotations filtered and sorted, each with its article and
where it sits now; and the one safe way to write the result."""

from dataclasses import dataclass
from pathlib import Path

from app.core.annotations.model import check_colour
from app.core.annotations.store import AnnotationStore, Placed
from app.core.article import Article
from app.core.atomic import write_atomic
from app.core.errors import ExportFailed, InvalidInput, os_problem
from app.core.index import SearchIndex
from app.core.index.search_index import MAX_LIMIT


@dataclass(frozen=True)
class ExportEntry(Placed):
    """One placed annotation to export, with its article: None when that is no longer in
    the library."""

    article: Article | None

    @property
    def article_id(self) -> str:
        return self.annotation.article_id


def _order(entry: ExportEntry) -> tuple[int, str, str, int, int, str]:
    """Articles by title (missing ones last), then article notes, placed highlights by
    position, and orphans at the end of their article."""
    title = entry.article.title.casefold() if entry.article else ""
    if entry.anchor is None:
        rank, position = 0, 0
    elif entry.anchor.start is None:
        rank, position = 2, 0
    else:
        rank, position = 1, entry.anchor.start
    missing = 1 if entry.article is None else 0
    return (missing, title, entry.article_id, rank, position, entry.annotation.created)


def select(
    store: AnnotationStore,
    *,
    article_ids: set[str] | None = None,
    tag: str | None = None,
    colour: str | None = None,
) -> list[ExportEntry]:
    """The annotations matching every filter given, anchored in their article's text."""
    wanted_colour = check_colour(colour) if colour else None
    entries: list[ExportEntry] = []
    for article_id in store.article_ids():
        if article_ids is not None and article_id not in article_ids:
            continue
        article = store.library.get(article_id) if article_id in store.library else None
        for placed in store.placed(article_id):
            annotation = placed.annotation
            if tag is not None and not annotation.has_tag(tag):
                continue
            if wanted_colour is not None and annotation.colour != wanted_colour:
                continue
            entries.append(ExportEntry(annotation, placed.anchor, article))
    return sorted(entries, key=_order)


def article_ids_for_query(index: SearchIndex, query: str) -> set[str]:
    """Every article a search query finds (all pages); a query the index cannot run is an
    error here, since exporting "everything" instead would be the wrong answer."""
    found: set[str] = set()
    while True:
        results = index.search(query, limit=MAX_LIMIT, offset=len(found), facets=False)
        if results.error_hint and not results.hits:
            raise InvalidInput(f"query {query!r}: {results.error_hint}")
        found.update(hit.id for hit in results.hits)
        if not results.hits or len(found) >= results.total:
            return found


def write_export(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write an export atomically; a missing, read-only or full folder is a one-line error
    (``os_problem`` says which, and what to do)."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportFailed(path, f"the folder {folder} does not exist")
    if path.is_dir():
        raise ExportFailed(path, "is a folder; give a file name")
    try:
        write_atomic(path, text.encode(encoding))
    except OSError as exc:
        raise ExportFailed(path, str(os_problem(exc, folder, doing="write the export"))) from None
