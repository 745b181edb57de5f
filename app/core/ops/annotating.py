"""Operations on annotations: highlight, recolour, retag, note, delete, restore, re-attach,
rename a tag, import annotations.

Each is the one place its rule lives (a note on the whole article has no colour; an
emptied article note is deleted; how tags are added and removed), so the CLI and the window
cannot drift apart. The store writes the file and tells the index in the same call, so an
operation run on the window's write worker keeps both off the GUI thread.
"""

from dataclasses import dataclass
from pathlib import Path

from app.core.annotations import Annotation
from app.core.annotations.importing import AnnotationImportReport, import_annotations
from app.core.codebook import Code, Codebook, is_under
from app.core.errors import InvalidInput, NotFound
from app.core.ops.changes import Changes, Done, annotation_changes
from app.core.quotes import QuoteMatch, find_quote
from app.core.render import render
from app.core.valid_text import check_text
from app.core.workspace import Workspace


def highlight(
    workspace: Workspace,
    article_id: str,
    span: tuple[int, int],
    *,
    colour: str = "yellow",
    tags: list[str] | tuple[str, ...] = (),
    note: str = "",
) -> Done[Annotation]:
    """Highlight ``span`` (code points of the article's plain text)."""
    start, end = span
    made = workspace.annotations.create(article_id, start, end, colour=colour, tags=tags, note=note)
    return Done(made, annotation_changes(article_id, made.id))


def highlight_quote(
    workspace: Workspace,
    article_id: str,
    quote: str,
    *,
    occurrence: int = 1,
    near: bool = False,
    colour: str = "yellow",
    tags: list[str] | tuple[str, ...] = (),
    note: str = "",
) -> Done[tuple[QuoteMatch, Annotation]]:
    """Highlight the ``occurrence``-th place where ``quote`` stands (the CLI's way to
    point at words); near matches only when ``near`` says so."""
    article = workspace.library.get(article_id)
    chosen = find_quote(render(article.body).text, quote, occurrence, near=near)
    done = highlight(
        workspace, article.id, (chosen.start, chosen.end), colour=colour, tags=tags, note=note
    )
    return Done((chosen, done.value), done.changes)


def recolour(workspace: Workspace, annotation: Annotation, colour: str) -> Done[Annotation]:
    if annotation.exact is None:
        raise InvalidInput("a note on a whole article has no colour; only highlights do")
    changed = workspace.annotations.recolour(annotation.article_id, annotation.id, colour)
    return Done(changed, annotation_changes(annotation.article_id, annotation.id))


def edited_tags(
    current: list[str] | tuple[str, ...],
    *,
    set_to: list[str] | None = None,
    add: list[str] | tuple[str, ...] = (),
    remove: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """Tags after an edit: ``set_to`` replaces them, then ``add`` joins and ``remove``
    takes out (a leading '#' and case do not matter when removing)."""
    removed = {t.lstrip("#").casefold() for t in remove}
    base = list(current) if set_to is None else list(set_to)
    tags = [t for t in [*base, *add] if t.lstrip("#").casefold() not in removed]
    for tag in tags:
        check_text(tag, "a tag")
    return tags


def retag(
    workspace: Workspace, annotation: Annotation, tags: list[str] | tuple[str, ...]
) -> Done[Annotation]:
    changed = workspace.annotations.set_tags(annotation.article_id, annotation.id, tags)
    return Done(changed, annotation_changes(annotation.article_id, annotation.id))


def write_note(workspace: Workspace, annotation: Annotation, note: str) -> Done[Annotation]:
    """A highlight's note, or the article note's text. An article note emptied is deleted
    (it would be an empty annotation); ``Done.value`` is then the deleted note."""
    store, article_id = workspace.annotations, annotation.article_id
    if annotation.exact is None and not note.strip():
        return delete(workspace, annotation)
    changed = store.set_note(article_id, annotation.id, note)
    return Done(changed, annotation_changes(article_id, annotation.id))


def write_article_note(
    workspace: Workspace, article_id: str, note: str
) -> Done[tuple[str, Annotation | None, Annotation]]:
    """Write, rewrite or clear the note on the whole article: ``(what happened, the note as
    it was, the note now or the one deleted)``; the first item reads "wrote", "rewrote" or
    "cleared", the second is what an undo restores."""
    article = workspace.library.get(article_id)
    store = workspace.annotations
    current = next((a for a in store.for_article(article.id) if a.exact is None), None)
    if current is None:
        if not note.strip():
            raise NotFound(f"'{article.id}' has no article note to clear")
        made = store.create_note(article.id, note)
        return Done(("wrote", None, made), annotation_changes(article.id, made.id))
    done = write_note(workspace, current, note)
    verb = "rewrote" if note.strip() else "cleared"
    return Done((verb, current, done.value), done.changes)


def delete(workspace: Workspace, annotation: Annotation) -> Done[Annotation]:
    """Remove an annotation; ``Done.value`` is it as it was, for an undo to restore."""
    gone = workspace.annotations.delete(annotation.article_id, annotation.id)
    return Done(gone, annotation_changes(annotation.article_id, annotation.id))


def restore(workspace: Workspace, annotations: list[Annotation]) -> Done[int]:
    """Put annotations back exactly as given (same ids, content and times): every undo and
    redo of an annotation edit is this."""
    count = workspace.annotations.save_all(annotations)
    return Done(
        count,
        Changes(
            annotated=frozenset(a.article_id for a in annotations),
            annotations=frozenset(a.id for a in annotations),
        ),
    )


def reattach(
    workspace: Workspace, annotation: Annotation, span: tuple[int, int]
) -> Done[Annotation]:
    """Attach a highlight (usually an orphan) to other words; its note and tags follow."""
    start, end = span
    moved = workspace.annotations.reattach(annotation.article_id, annotation.id, start, end)
    return Done(moved, annotation_changes(annotation.article_id, annotation.id))


@dataclass(frozen=True)
class TagRename:
    """A tag rename as done, with what taking it back needs: the annotations it touched and
    the codebook entries of both branches, each as they were before."""

    old: str
    new: str
    count: int
    annotations: tuple[Annotation, ...]
    codes: tuple[Code, ...]
    merged: bool  # ``new`` was a tag already: the two became one

    def in_branches(self, name: str) -> bool:
        return is_under(name, self.old) or is_under(name, self.new)


def rename_tag(workspace: Workspace, old: str, new: str) -> Done[int]:
    """Rename, merge or move a tag's whole branch across the library (the codebook's
    entries move with it); ``Done.value`` counts the annotations changed."""
    done = rename_tag_undoably(workspace, old, new)
    return Done(done.value.count, done.changes, done.problems)


def rename_tag_undoably(workspace: Workspace, old: str, new: str) -> Done[TagRename]:
    """``rename_tag``, keeping what ``unrename_tag`` puts back (the window's undo)."""
    store = workspace.annotations
    touched = tuple(a for a in store.all() if any(is_under(t, old) for t in a.tags))
    merged = any(t.name.casefold() == new.casefold() for t in store.tags())
    book = Codebook(workspace.data_dir)
    codes = tuple(c for c in book.codes() if is_under(c.name, old) or is_under(c.name, new))
    count = store.rename_tag(old, new)
    changes = Changes(
        annotated=frozenset(a.article_id for a in touched),
        annotations=frozenset(a.id for a in touched),
        codebook=True,
    )
    return Done(TagRename(old, new, count, touched, codes, merged), changes, tuple(book.problems))


def unrename_tag(workspace: Workspace, done: TagRename) -> Done[int]:
    """Take a rename back: every annotation it touched as it was, and the codebook entries
    of both branches as they were (an entry the rename moved or merged is put back)."""
    count = workspace.annotations.save_all(list(done.annotations))
    book = Codebook(workspace.data_dir)
    for code in book.codes():
        if done.in_branches(code.name):
            book.remove(code.name)
    if done.codes:
        book.merge(list(done.codes))
    changes = Changes(
        annotated=frozenset(a.article_id for a in done.annotations),
        annotations=frozenset(a.id for a in done.annotations),
        codebook=True,
    )
    return Done(count, changes, tuple(book.problems))


def import_annotation_file(workspace: Workspace, path: Path) -> Done[AnnotationImportReport]:
    """Annotations from a Readmark, W3C or REFI-QDA file, matched to the library's
    articles; nothing already there is lost (merged by id)."""
    store = workspace.annotations
    report = import_annotations(path, store)
    # The report counts, it does not list: every annotated article may have changed.
    return Done(report, Changes(annotated=frozenset(store.article_ids()), codebook=True))
