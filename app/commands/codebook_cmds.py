"""``readmark codebook``: what each tag means and its colour (``app.core.codebook``)."""

import argparse
from pathlib import Path
from typing import Any

from app.commands.output import print_json, print_table, warn_all
from app.core.codebook import Codebook, build_tree
from app.core.errors import InvalidInput, os_problem
from app.core.ops.coding import describe_tag
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "codebook", parents=[common], help="tag descriptions and colours (the codebook)"
    )
    actions = p.add_subparsers(dest="codebook_action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", parents=[common], help="every tag (as a tree) with its count and description"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    setting = actions.add_parser(
        "set", parents=[common], help="set a tag's description (Markdown) and/or colour"
    )
    setting.add_argument("tag", help="the tag; '/' separates levels (defence/missile-defence)")
    text = setting.add_mutually_exclusive_group()
    text.add_argument("--description", metavar="MD", help="the definition ('' clears it)")
    text.add_argument("--description-file", type=Path, metavar="F", help="read it from a file")
    setting.add_argument(
        "--colour", "--color", metavar="C", help="#rrggbb or a highlight colour name ('' clears)"
    )
    setting.set_defaults(run=run_set)


def run_list(workspace: Workspace, args: argparse.Namespace) -> int:
    book = Codebook(workspace.data_dir)
    counts = {t.name: t.count for t in workspace.annotations.tags()}
    for code in book.codes():  # defined but unused tags are listed too, with no count
        counts.setdefault(code.name, 0)
    entries = {c.name.casefold(): c for c in book.codes()}
    rows: list[dict[str, Any]] = []

    def walk(nodes: list[Any], depth: int) -> None:
        for node in nodes:
            code = entries.get(node.name.casefold())
            rows.append(
                {
                    "tag": node.name,
                    "depth": depth,
                    "count": node.own_count,
                    "total": node.total,
                    "description": code.description if code else "",
                    "colour": code.colour if code else None,
                }
            )
            walk(node.children, depth + 1)

    walk(build_tree(counts), 0)
    if args.json:
        print_json(rows)
    else:
        table = [
            [
                "  " * r["depth"] + r["tag"].rsplit("/", 1)[-1],
                str(r["total"]),
                r["colour"] or "",
                r["description"].replace("\n", " "),
            ]
            for r in rows
        ]
        print_table(["tag", "count", "colour", "description"], table)
        print(f"\n{len(rows)} tag(s)")
    warn_all(book.problems)
    return 0


def run_set(workspace: Workspace, args: argparse.Namespace) -> int:
    description = args.description
    if args.description_file is not None:
        try:
            description = args.description_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{args.description_file}: not UTF-8 text") from None
        except OSError as exc:
            raise os_problem(exc, args.description_file.parent, doing="read") from None
    if description is None and args.colour is None:
        raise InvalidInput("give --description, --description-file or --colour")
    done = describe_tag(workspace, args.tag, description=description, colour=args.colour)
    code = done.value
    print(
        f"codebook: '{code.name}' colour {code.colour or 'none'}, "
        f"description {len(code.description)} character(s)"
    )
    warn_all(done.problems)
    return 0
