"""The search index brought up to date before a command reads it.

A CLI process is short-lived: it syncs, reads and exits. One rule for every command that
searches: a busy index (another process writing) or one that cannot be written (a
read-only data folder, a full disk) is searched as last committed, with a note on stderr.
"""

import sys

from app.commands.output import ProgressLine, warn
from app.core.errors import DiskProblem, IndexBusy, writing_in
from app.core.export import article_ids_for_query
from app.core.index import SyncReport
from app.core.workspace import Workspace


def sync_quietly(workspace: Workspace) -> SyncReport | None:
    """Search sees the files as they are now; a busy index, or one that cannot be written
    (a read-only data folder, a full disk), is searched as last committed."""
    progress = ProgressLine("indexing", every_seconds=2.0)
    try:
        with writing_in(workspace.index_dir, "update the search index"):
            report = workspace.index.sync(progress)
    except IndexBusy as exc:
        print(f"note: {exc}", file=sys.stderr)
        return None
    except DiskProblem as exc:
        if workspace.index.state().status != "ready":
            raise  # nothing searchable to fall back on
        print(f"note: {exc}; searching the index as it was last saved", file=sys.stderr)
        return None
    finally:
        progress.finish()
    for problem in report.problems:
        warn(problem)
    return report


def query_ids(workspace: Workspace, query: str) -> set[str]:
    """Every article ``query`` finds in the library as it is now."""
    sync_quietly(workspace)
    return article_ids_for_query(workspace.index, query)
