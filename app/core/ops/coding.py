"""Operations on the codebook: a tag's description and colour."""

import contextlib

from app.core.codebook import Code, Codebook
from app.core.errors import NotFound
from app.core.ops.changes import Changes, Done
from app.core.workspace import Workspace

CODEBOOK_CHANGED = Changes(codebook=True)


def describe_tag(
    workspace: Workspace, tag: str, *, description: str | None = None, colour: str | None = None
) -> Done[Code]:
    """Set a tag's description and/or colour ("" clears either), under the library's own
    spelling of the tag so "Ukraine" and "ukraine" share one entry."""
    (spelled,) = workspace.annotations.spelled([tag])
    book = Codebook(workspace.data_dir)
    code = book.set(spelled, description=description, colour=colour)
    return Done(code, CODEBOOK_CHANGED, tuple(book.problems))


def put_code(workspace: Workspace, code: Code, *, keep_empty: bool) -> Done[Code]:
    """Make a tag's entry exactly ``code`` (an undo or redo). An empty entry is removed
    unless ``keep_empty`` (the entry existed, empty, before the edit)."""
    book = Codebook(workspace.data_dir)
    if not code.description and not code.colour and not keep_empty:
        with contextlib.suppress(NotFound):
            book.remove(code.name)
        return Done(code, CODEBOOK_CHANGED, tuple(book.problems))
    book.set(code.name, description=code.description, colour=code.colour or "")
    return Done(code, CODEBOOK_CHANGED, tuple(book.problems))
