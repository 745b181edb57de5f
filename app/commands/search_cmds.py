"""Subcommands over the search index: search and index."""

import argparse
import sys
from typing import Any

from app.commands.fresh_index import sync_quietly
from app.commands.index_watch import watch_index
from app.commands.output import ProgressLine, is_terminal, print_json, warn
from app.core.errors import IndexBusy, InvalidInput, writing_in
from app.core.index import SearchHit, SearchResults
from app.core.saved_searches import SavedSearches
from app.core.workspace import Workspace

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "search",
        parents=[common],
        help="search the library (see README 'Search syntax')",
        description="Examples: '\"Aegis Ashore\"', author:nesterova, date:2024-07, stolten*",
    )
    p.add_argument("query", nargs="?", help="what to look for, in the search syntax")
    p.add_argument(
        "--saved", metavar="NAME", help="run a saved search (see 'searches') and mark it seen"
    )
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits to show (10)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="hits to skip (0)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_search)

    p = commands.add_parser("index", parents=[common], help="bring the search index up to date")
    p.add_argument("--rebuild", action="store_true", help="index every article from scratch")
    p.add_argument(
        "--watch",
        action="store_true",
        help="then keep the index current as files change, one line per sync, until Ctrl+C",
    )
    p.set_defaults(run=run_index)


def run_index(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.watch:
        return watch_index(workspace, rebuild=args.rebuild)
    progress = ProgressLine("indexing" if args.rebuild else "checking", every_seconds=2.0)
    try:
        with writing_in(workspace.index_dir, "update the search index"):
            index = workspace.index
            report = index.rebuild(progress) if args.rebuild else index.sync(progress)
    except IndexBusy as exc:
        print(f"readmark: {exc}", file=sys.stderr)
        return 1
    finally:
        progress.finish()
    for problem in report.problems:
        warn(problem)
    print(f"{report.summary} in {report.elapsed_ms / 1000:.1f} s")
    return 0


def _emphasise(text: str, marks: list[tuple[int, int]], bold: bool) -> str:
    if not bold:
        return text
    out, cursor = [], 0
    for start, end in marks:
        out += [text[cursor:start], BOLD, text[start:end], RESET]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _print_hit(number: int, hit: SearchHit, bold: bool) -> None:
    title = f"{BOLD}{hit.title}{RESET}" if bold else hit.title
    print(f"{number}. {title}")
    byline = " · ".join(
        x for x in (hit.date.isoformat() if hit.date else None, hit.author, hit.source) if x
    )
    print(f"   {byline + ' · ' if byline else ''}{hit.id}")
    print(f"   {_emphasise(hit.snippet_text, hit.snippet_marks, bold)}")
    print()


def _synced_search(workspace: Workspace, args: argparse.Namespace) -> SearchResults:
    """Sync, then search; an index found damaged by the search itself (deep in a segment)
    is rebuilt by a second sync and searched again, so the command heals it at once."""
    for _attempt in range(2):
        report = sync_quietly(workspace)
        if report is not None and report.rebuilt:
            print(f"note: {report.summary}", file=sys.stderr)
        results = workspace.index.search(
            args.query, limit=args.limit, offset=args.offset, sort=args.sort
        )
        if not results.index_damaged:
            break
    return results


def _saved_search(workspace: Workspace, args: argparse.Namespace) -> SavedSearches | None:
    """``--saved NAME`` takes the saved query and sort (a query typed too is an error)."""
    if args.saved is None:
        if args.query is None:
            raise InvalidInput("give a query, or --saved NAME to run a saved search")
        return None
    if args.query is not None:
        raise InvalidInput("give a query or --saved NAME, not both")
    store = SavedSearches(workspace.data_dir)
    saved = store.get(args.saved)
    args.query, args.sort = saved.full_query, saved.sort
    return store


def run_search(workspace: Workspace, args: argparse.Namespace) -> int:
    store = _saved_search(workspace, args)
    results = _synced_search(workspace, args)
    if store is not None:
        store.mark_seen(args.saved, workspace.index, workspace.library)
        for problem in store.problems:
            warn(problem)
    if args.json:
        print_json(results.to_json())
        return 0
    for note in (results.notice, results.error_hint):
        if note:
            print(f"note: {note}", file=sys.stderr)
    bold = is_terminal()
    for number, hit in enumerate(results.hits, results.offset + 1):
        _print_hit(number, hit, bold)
    shown = f"{results.offset + 1}-{results.offset + len(results.hits)} of " if results.hits else ""
    print(f"{shown}{results.total} result(s) for {args.query!r} ({results.elapsed_ms:.0f} ms)")
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}")
    return 0
