"""Files handed to Readmark from outside: ``readmark FILE...``, "Open with", a second start.

Each file becomes an article the reader can show: a file of the library itself is simply
opened; anything else goes through the importers, where a text the library already holds
comes back as a duplicate naming the existing article, which is opened instead of copied.
The first file that yields an article is shown. A file that cannot become one (unsupported
type, unreadable, empty) gets its reason in the window's message bar; the others still open.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.importers import ImportReport
from app.core.ops import library_edits
from app.core.ops.changes import Done
from app.ui.library.undo_steps import record_import
from app.ui.window.message_bar import plural

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow


@dataclass
class Outcome:
    """Per given file, in the order given: the article to show, or why there is none."""

    article_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    imported: int = 0


def _from(source: str, path: Path) -> bool:
    """Whether an import report line came from ``path`` (the file, or a file in the folder)."""
    given = str(path)
    return source == given or source.startswith(given.rstrip("/") + "/")


def outcome(paths: Sequence[Path], opened: dict[Path, str], report: ImportReport) -> Outcome:
    """Match the report back to the files the user named, keeping their order."""
    result = Outcome(imported=len(report.imported))
    for path in paths:
        if path in opened:
            result.article_ids.append(opened[path])
            continue
        found = [i.id for i in report.imported if _from(i.source, path)]
        found += [d.existing_id for d in report.duplicates if _from(d.source, path)]
        result.article_ids.extend(found[:1])
        reasons = [f.reason for f in report.failed if _from(f.source, path)]
        if reasons:
            result.problems.append(f"{path.name}: {reasons[0]}")
        elif not found:
            result.problems.append(f"{path.name}: no article could be made from it")
    return result


def open_files(window: "MainWindow", paths: Sequence[Path | str]) -> None:
    """Import what is new, then show the first file's article. Which files are the
    library's own is looked up on the write worker too: the GUI never iterates the library
    an import may be changing."""
    given = [Path(p).expanduser().absolute() for p in paths]
    if not given:
        return
    workspace = window.workspace

    def job() -> Done[tuple[dict[Path, str], ImportReport]]:
        library = workspace.library
        stored = library.ids_at(p.resolve() for p in given)  # one pass over the library
        opened = {p: stored[p.resolve()] for p in given if p.resolve() in stored}
        to_import = [p for p in given if p not in opened]
        if not to_import:
            return Done((opened, ImportReport()))
        done = library_edits.import_files(workspace, to_import)
        return Done((opened, done.value), done.changes, done.problems)

    def landed(value: tuple[dict[Path, str], ImportReport]) -> None:
        opened, report = value
        _show(window, outcome(given, opened, report), report)

    window.status.showMessage(f"Opening {', '.join(p.name for p in given)}…")
    window.operations.run(job, "Opening files", landed)


def _show(window: "MainWindow", result: Outcome, report: ImportReport) -> None:
    record_import(window, report)
    window.status.clearMessage()
    if result.article_ids:
        window.open_article(result.article_ids[0])
    if result.problems:
        window.message_bar.show_message("Could not open " + "; ".join(result.problems))
    elif result.imported:
        window.message_bar.show_message(
            f"Added {plural(result.imported, 'new article')} to the library.",
            "info",
            timeout_ms=8000,
        )
