"""Subcommands for highlights, tags, notes, exports and imports of annotations."""

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.fresh_index import sync_quietly
from app.commands.output import print_json, print_table, warn, warn_all
from app.core.annotations import COLOURS, Placed
from app.core.annotations.model import DEFAULT_COLOUR, to_w3c
from app.core.cooccurrence import (
    ATTRIBUTES,
    Table,
    article_cooccurrence,
    by_attribute,
    passage_cooccurrence,
)
from app.core.errors import NotFound
from app.core.export.formats import FORMATS
from app.core.export.styles import DEFAULT_STYLE, STYLES
from app.core.ops.annotating import highlight_quote, import_annotation_file, rename_tag
from app.core.ops.exporting import ExportFilter, export_annotations
from app.core.quotes import matches
from app.core.render import render
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "annotate", parents=[common], help="highlight a passage of an article (tags, note)"
    )
    p.add_argument("id", help="article id (see `list`)")
    p.add_argument(
        "--quote",
        required=True,
        help="the text to highlight (line breaks and spaces loose; if not found as typed, "
        "found ignoring case)",
    )
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="which match (default 1)")
    p.add_argument(
        "--near", action="store_true", help="take a near match (a few letters different)"
    )
    p.add_argument(
        "--matches", action="store_true", help="list the matches, numbered, and highlight nothing"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--colour", "--color", default=DEFAULT_COLOUR, choices=list(COLOURS))
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    p.add_argument("--note", default="", metavar="N", help="a note (Markdown)")
    p.set_defaults(run=run_annotate)

    p = commands.add_parser("annotations", parents=[common], help="list annotations")
    p.add_argument("id", nargs="?", help="only this article's annotations")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag")
    p.add_argument("--json", action="store_true", help="print W3C JSON with current positions")
    p.set_defaults(run=run_annotations)

    p = commands.add_parser("tags", parents=[common], help="list every tag with its count")
    p.add_argument("--json", action="store_true", help="print JSON")
    table = p.add_mutually_exclusive_group()
    table.add_argument(
        "--cooccurrence",
        nargs="?",
        const="passage",
        choices=["passage", "article"],
        help="tags used together on the same passage (default) or in the same article",
    )
    table.add_argument(
        "--by", choices=list(ATTRIBUTES), help="count each tag's annotations by source or year"
    )
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.set_defaults(run=run_tags)

    p = commands.add_parser("tag", parents=[common], help="change a tag across the library")
    actions = p.add_subparsers(dest="tag_action", metavar="ACTION", required=True)
    rename = actions.add_parser(
        "rename", parents=[common], help="rename a tag everywhere (or merge it into another)"
    )
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(run=run_tag_rename)

    p = commands.add_parser(
        "export", parents=[common], help="export annotations with citations (md, csv, ...)"
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "--style", default=DEFAULT_STYLE, choices=STYLES, help="citation style (default apa)"
    )
    p.add_argument("--tag", metavar="T", help="only annotations with this tag")
    p.add_argument("--colour", "--color", choices=list(COLOURS), help="only this colour")
    p.add_argument("--article", metavar="ID", help="only this article")
    p.add_argument("--query", metavar="Q", help="only articles this search query finds")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="write here (else stdout); a .qdpx file or a vault folder must be given",
    )
    p.set_defaults(run=run_export)

    p = commands.add_parser(
        "import-annotations",
        parents=[common],
        help="import annotations (Readmark/W3C JSON-LD, Hypothesis JSON, REFI-QDA .qdc/.qdpx)",
    )
    p.add_argument("file", type=Path)
    p.set_defaults(run=run_import)


def _warn_problems(workspace: Workspace) -> None:
    for problem in workspace.annotations.problems:
        warn(problem)


def run_annotate(workspace: Workspace, args: argparse.Namespace) -> int:
    article = workspace.library.get(args.id)
    text = render(article.body).text
    if args.matches:
        found = matches(text, args.quote)
        if args.json:
            print_json([vars(m) for m in found])
        for number, match in enumerate([] if args.json else found, start=1):
            print(f"{number}  {match.kind:<13}  …{match.before} [{match.text}] {match.after}…")
        return 0 if found else 1
    chosen, made = highlight_quote(
        workspace,
        article.id,
        args.quote,
        occurrence=args.occurrence,
        near=args.near,
        colour=args.colour,
        tags=args.tag,
        note=args.note,
    ).value
    if args.json:
        print_json(to_w3c(made))
    else:
        tags = " ".join(f"#{t}" for t in made.tags)
        place = f"{chosen.start}-{chosen.end}, {made.colour}"
        found_as = "" if chosen.kind == "exact" else f", found {chosen.kind}"
        print(f"highlighted {made.exact!r} in {article.id} ({place}{found_as}) {tags}".rstrip())
        print(made.id)
    _warn_problems(workspace)
    return 0


def _row(placed: Placed, missing: bool) -> list[str]:
    annotation = placed.annotation
    status = "missing article" if missing else placed.status
    quote = (annotation.exact or "(whole article)").replace("\n", " ")
    return [
        annotation.article_id,
        status,
        annotation.colour or "",
        " ".join(f"#{t}" for t in annotation.tags),
        quote,
        annotation.note.replace("\n", " "),
    ]


def _as_json(placed: Placed) -> dict[str, Any]:
    anchor = placed.anchor
    return {
        **to_w3c(placed.annotation),
        "readmark": {
            "article": placed.annotation.article_id,
            "status": placed.status,
            "start": anchor.start if anchor else None,
            "end": anchor.end if anchor else None,
        },
    }


def run_annotations(workspace: Workspace, args: argparse.Namespace) -> int:
    store = workspace.annotations
    if args.id and args.id not in workspace.library and args.id not in store.article_ids():
        raise NotFound(f"no article with id '{args.id}' and no annotations for it")
    ids = [args.id] if args.id else store.article_ids()
    listed: list[tuple[Placed, bool]] = []
    for article_id in ids:
        missing = article_id not in workspace.library
        for placed in store.placed(article_id):
            if args.tag is None or placed.annotation.has_tag(args.tag):
                listed.append((placed, missing))
    if args.json:
        print_json([_as_json(p) for p, _m in listed])
    else:
        rows = [_row(p, m) for p, m in listed]
        print_table(["article", "status", "colour", "tags", "quote", "note"], rows, max_width=40)
        print(f"\n{len(rows)} annotation(s)")
    _warn_problems(workspace)
    return 0


def _print_table(table: Table, args: argparse.Namespace) -> None:
    if args.csv:
        sys.stdout.write(table.to_csv())
    elif args.json:
        counts = {r: {c: table.count(r, c) for c in table.columns} for r in table.rows}
        print_json({r: {c: n for c, n in row.items() if n} for r, row in counts.items()})
    else:
        cells = [[r, *(str(table.count(r, c) or "") for c in table.columns)] for r in table.rows]
        print_table(["tag", *table.columns], cells)
        print(f"\n{len(table.rows)} tag(s)")


def run_tags(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.cooccurrence or args.by:
        store = workspace.annotations
        if args.by:
            _print_table(by_attribute(store, args.by), args)
        elif args.cooccurrence == "article":
            _print_table(article_cooccurrence(store), args)
        else:
            _print_table(passage_cooccurrence(store), args)
        _warn_problems(workspace)
        return 0
    tags = workspace.annotations.tags()
    if args.json:
        print_json([{"tag": t.name, "count": t.count} for t in tags])
    else:
        print_table(["tag", "count"], [[t.name, str(t.count)] for t in tags])
        print(f"\n{len(tags)} tag(s)")
    _warn_problems(workspace)
    return 0


def run_tag_rename(workspace: Workspace, args: argparse.Namespace) -> int:
    changed = rename_tag(workspace, args.old, args.new).value
    print(f"renamed tag '{args.old}' to '{args.new}' on {changed} annotation(s)")
    _warn_problems(workspace)
    return 0


def run_export(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.query:
        sync_quietly(workspace)
    chosen = ExportFilter(args.article, args.tag, args.colour, args.query)
    done = export_annotations(workspace, args.format, args.output, chosen, style=args.style)
    said = done.value[0]
    warn_all(done.problems)
    if args.output is None:
        sys.stdout.write(said)
    else:
        print(said)
    _warn_problems(workspace)
    return 0


def run_import(workspace: Workspace, args: argparse.Namespace) -> int:
    report = import_annotation_file(workspace, args.file).value
    for line in report.unmatched:
        print(f"not matched: {line}", file=sys.stderr)
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    print(report.summary())
    _warn_problems(workspace)
    return 1 if report.unmatched else 0
