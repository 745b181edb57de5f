"""Following a story: ``timeline``, ``searches``, ``related`` and ``versions`` (issue 17).

Each is a thin layer over a core module (``timeline``, ``saved_searches``, ``related``,
``versions``); the window shows the same data.
"""

import argparse
import csv
import sys
from typing import Any

from app.commands.fresh_index import sync_quietly
from app.commands.output import is_terminal, print_json, print_table, warn, warn_all
from app.core.errors import InvalidInput
from app.core.index.search_index import SORTS
from app.core.ops.searching import delete_search, move_search, rename_search, save_search
from app.core.related import related
from app.core.saved_searches import SavedSearches
from app.core.timeline import PERIODS, Timeline, library_timeline, query_timeline, tag_timeline
from app.core.versions import Versions, article_diff
from app.core.word_diff import marked
from app.core.workspace import Workspace

BAR_WIDTH = 50


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "timeline",
        parents=[common],
        help="matching articles per day, week, month or year (a bar chart on a terminal)",
    )
    p.add_argument("query", nargs="?", default="", help="a search ('' or none: the library)")
    p.add_argument("--tag", metavar="T", help="the highlights tagged T, by their article's date")
    p.add_argument("--by", choices=("auto", *PERIODS), default="auto", help="period (auto)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="print CSV (period,start,end,count)")
    form.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_timeline)

    p = commands.add_parser(
        "searches", parents=[common], help="saved searches with hit counts and new matches"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_searches)
    actions = p.add_subparsers(dest="searches_action", metavar="ACTION")
    save = actions.add_parser("save", parents=[common], help="save a query under a name")
    save.add_argument("name")
    save.add_argument("query", help="the query, in the search syntax")
    save.add_argument("--sort", choices=SORTS, default="relevance")
    save.add_argument(
        "--filter", action="append", default=[], metavar="CLAUSE", help="tag:x, date:[a to b]..."
    )
    save.set_defaults(run=run_save)
    rename = actions.add_parser("rename", parents=[common], help="rename a saved search")
    rename.add_argument("name")
    rename.add_argument("new_name")
    rename.set_defaults(run=run_rename)
    delete = actions.add_parser("delete", parents=[common], help="delete a saved search")
    delete.add_argument("name")
    delete.set_defaults(run=run_delete)
    move = actions.add_parser("move", parents=[common], help="move a saved search (1 = top)")
    move.add_argument("name")
    move.add_argument("position", type=int)
    move.set_defaults(run=run_move)

    p = commands.add_parser("related", parents=[common], help="articles most like one article")
    p.add_argument("id")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="how many (10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_related)

    p = commands.add_parser(
        "versions", parents=[common], help="near-identical versions of one story, or a word diff"
    )
    p.add_argument("id")
    p.add_argument("--diff", metavar="OTHER_ID", help="the words changed from ID to OTHER_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_versions)


def _print_chart(timeline: Timeline, counted: str = "article(s)") -> None:
    """Labels, counts and bars scaled to the largest; plain lines when not on a terminal."""
    chart = is_terminal()
    largest = max((b.count for b in timeline.bars), default=0)
    width = max((len(b.label) for b in timeline.bars), default=0)
    digits = len(str(largest))
    for bar in timeline.bars:
        line = f"{bar.label.ljust(width)}  {str(bar.count).rjust(digits)}"
        if chart and bar.count:
            line += "  " + "█" * max(1, round(bar.count / largest * BAR_WIDTH))
        print(line)
    print(f"{timeline.total} {counted} by {timeline.period}; {timeline.undated} undated")


def run_timeline(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.tag and args.query:
        raise InvalidInput("give a query or --tag, not both")
    if args.tag:
        timeline = tag_timeline(workspace.annotations, workspace.library, args.tag, args.by)
    elif args.query.strip():
        sync_quietly(workspace)
        timeline = query_timeline(workspace.index, args.query, args.by)
    else:
        timeline = library_timeline(workspace.library, args.by)
    if args.json:
        print_json(timeline.to_json())
    elif args.csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["period", "start", "end", "count"])
        out.writerows([b.label, b.start, b.end, b.count] for b in timeline.bars)
        out.writerow(["undated", "", "", timeline.undated])
    else:
        _print_chart(timeline, "highlight(s)" if args.tag else "article(s)")
    return 0


def _warn_problems(store: SavedSearches) -> None:
    for problem in store.problems:
        warn(problem)


def run_searches(workspace: Workspace, args: argparse.Namespace) -> int:
    store = SavedSearches(workspace.data_dir)
    searches = store.all()
    if searches:
        sync_quietly(workspace)
    statuses = [store.status(s, workspace.index, workspace.library) for s in searches]
    _warn_problems(store)
    if args.json:
        print_json([s.to_json() for s in statuses])
        return 0
    rows = [
        [str(n), s.search.name, str(s.total), str(s.new) if s.new else "", s.search.full_query]
        for n, s in enumerate(statuses, 1)
    ]
    print_table(["#", "name", "hits", "new", "query"], rows)
    print(f"\n{len(rows)} saved search(es)")
    return 0


def run_save(workspace: Workspace, args: argparse.Namespace) -> int:
    """Saved while looking at its results: what it finds now is not new."""
    sync_quietly(workspace)
    done = save_search(workspace, args.name, args.query, sort=args.sort, filters=tuple(args.filter))
    warn_all(done.problems)
    print(f"saved search '{done.value.name}': {done.value.full_query}")
    return 0


def run_rename(workspace: Workspace, args: argparse.Namespace) -> int:
    done = rename_search(workspace, args.name, args.new_name)
    warn_all(done.problems)
    print(f"renamed '{args.name}' to '{done.value.name}'")
    return 0


def run_delete(workspace: Workspace, args: argparse.Namespace) -> int:
    done = delete_search(workspace, args.name)
    warn_all(done.problems)
    print(f"deleted saved search '{done.value.name}' ({done.value.full_query})")
    return 0


def run_move(workspace: Workspace, args: argparse.Namespace) -> int:
    done = move_search(workspace, args.name, args.position)
    warn_all(done.problems)
    print("\n".join(f"{n}. {s.name}" for n, s in enumerate(done.value, 1)))
    return 0


def _byline(date: object, source: str | None) -> str:
    return " · ".join(str(x) for x in (date, source) if x) or "-"


def run_related(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise InvalidInput("--limit must be 1 or more")
    sync_quietly(workspace)
    found = related(workspace.index, workspace.library, args.id, args.limit)
    if args.json:
        print_json([r.to_json() for r in found])
        return 0
    rows = [[r.id, _byline(r.date, r.source), r.title] for r in found]
    print_table(["id", "date · source", "title"], rows)
    print(f"\n{len(found)} related article(s)")
    return 0


def run_versions(workspace: Workspace, args: argparse.Namespace) -> int:
    library = workspace.library
    if args.diff:
        parts = article_diff(library.get(args.id), library.get(args.diff))
        if args.json:
            print_json(
                {
                    "old": args.id,
                    "new": args.diff,
                    **{k: [p.to_json() for p in v] for k, v in parts.items()},
                }
            )
        else:
            print(marked(parts["title"]))
            print()
            print(marked(parts["body"]))
        return 0
    found = Versions(library, workspace.data_dir / "cache").versions_of(args.id)
    if args.json:
        print_json([v.to_json() for v in found])
        return 0
    if not found:
        print(f"{args.id} has no other version in the library")
        return 0
    rows = [
        [
            ("* " if v.id == args.id else "  ") + v.id,
            _byline(v.date, v.source),
            f"{v.similarity:.2f}",
            v.title,
        ]
        for v in found
    ]
    print_table(["id", "date · source", "similarity", "title"], rows)
    print(f"\n{len(found)} version(s), newest first; * is {args.id}")
    return 0
