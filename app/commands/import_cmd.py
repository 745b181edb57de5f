"""``import PATH...``: files and folders into the library, with a progress line on a terminal."""

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ProgressLine,
    print_json,
    warn,
)
from app.core.importers import ImportReport
from app.core.ops.library_edits import import_files
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "import",
        parents=[common],
        help="import news files or folders (.txt, .md, .html, Reuters .sgm, PDF, EPUB, "
        ".docx, .odt, RTF, LexisNexis/Nexis Uni/Factiva exports, RSS/Atom/JSON feeds, "
        ".eml/.mbox email) into the library",
        description="Import files and folders (recursively). "
        "In a folder, files that are not articles (README and licence files, lists of names, "
        "data) are skipped and listed; name such a file to import it. "
        "New files only: nothing in the library is overwritten, and texts already in the "
        "library are reported as already present.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    p.add_argument(
        "--folder-tags",
        action="store_true",
        help="tag each file of a folder with the names of the folders it sits in "
        "(bbc/business/001.txt: bbc, business)",
    )
    p.add_argument(
        "--keyword-tags",
        action="store_true",
        help="tag web pages with the keywords they declare (always kept as 'keywords')",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run_import)


def report_as_json(report: ImportReport) -> dict[str, Any]:
    return {
        "imported": [
            {"id": i.id, "path": str(i.path), "source": i.source, "warnings": list(i.warnings)}
            for i in report.imported
        ],
        "duplicates": [
            {"source": d.source, "existing_id": d.existing_id} for d in report.duplicates
        ],
        "failed": [{"source": f.source, "reason": f.reason} for f in report.failed],
        "ignored": [str(p) for p in report.ignored],
        "skipped": [{"source": s.source, "reason": s.reason} for s in report.skipped],
        "articles_per_file": report.articles_per_file(),
        "cancelled": report.cancelled,
    }


def run_import(workspace: Workspace, args: argparse.Namespace) -> int:
    progress = ProgressLine("importing")
    try:
        report = import_files(
            workspace,
            list(args.paths),
            progress=progress,
            folder_tags=args.folder_tags,
            keyword_tags=args.keyword_tags,
        ).value
    finally:
        progress.finish()
    if args.json:
        print_json(report_as_json(report))
    else:
        for item in report.imported:
            print(f"imported {item.id}  <- {item.source}")
            for warning in item.warnings:
                warn(f"{item.source}: {warning}")
        for duplicate in report.duplicates:
            print(f"skipped {duplicate}")
        for skipped in report.skipped:
            print(f"skipped {skipped}")
        for failure in report.failed:
            print(f"error: {failure}", file=sys.stderr)
        for file, count in report.articles_per_file().items():
            if count > 1:
                print(f"{file}: {count} articles")
        print(report.summary())
    if report.failed:
        return EXIT_FAILED
    if not (report.imported or report.duplicates or report.failed or report.skipped):
        print("readmark: nothing to import in the given paths", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
