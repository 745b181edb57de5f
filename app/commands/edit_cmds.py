"""Subcommands that change what a user made: an annotation's colour, tags, note or existence,
the note on a whole article, and an article's details. Each is one core call (the same the
window makes), so a script and the window always agree on what a change means."""

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.library_cmds import article_summary
from app.commands.output import print_json
from app.core.annotations import COLOURS
from app.core.annotations.model import Annotation, to_w3c
from app.core.details import FIELDS, split_tags, unique_tags
from app.core.errors import InvalidInput, os_reason
from app.core.ops.annotating import (
    delete,
    edited_tags,
    recolour,
    retag,
    write_article_note,
    write_note,
)
from app.core.ops.library_edits import edit_details
from app.core.valid_text import check_text
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("annotation", parents=[common], help="change or delete one annotation")
    actions = p.add_subparsers(dest="annotation_action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, parents=[common], help=help_text)
        sub.add_argument("annotation", metavar="ID", help="annotation id, or a unique start of it")
        sub.add_argument("--json", action="store_true", help="print the annotation as JSON")
        return sub

    sub = action("delete", "delete an annotation")
    sub.set_defaults(run=run_delete)
    sub = action("colour", "give a highlight another colour")
    sub.add_argument("colour", choices=list(COLOURS))
    sub.set_defaults(run=run_colour)
    sub = action("tags", "change an annotation's tags")
    sub.add_argument("--add", action="append", default=[], metavar="T", help="add a tag")
    sub.add_argument("--remove", action="append", default=[], metavar="T", help="remove a tag")
    sub.add_argument("--set", nargs="*", metavar="T", help="replace all tags (none: clear)")
    sub.set_defaults(run=run_tags)
    sub = action("note", "write, replace or clear an annotation's note")
    _note_source(sub)
    sub.set_defaults(run=run_annotation_note)

    p = commands.add_parser(
        "note", parents=[common], help="write, replace or clear the note on a whole article"
    )
    p.add_argument("id", help="article id (see `list`)")
    p.add_argument("--json", action="store_true", help="print the note as JSON")
    _note_source(p)
    p.set_defaults(run=run_article_note)

    p = commands.add_parser(
        "edit", parents=[common], help="edit an article's details (title, author, date...)"
    )
    p.add_argument("id", help="article id (see `list`)")
    for field in FIELDS:
        if field != "tags":
            p.add_argument(f"--{field}", metavar="TEXT", help=f"new {field} ('' clears it)")
    p.add_argument("--tags", metavar="T,T", help="replace the tags (comma-separated)")
    p.add_argument("--add-tag", action="append", default=[], metavar="T", help="add a tag")
    p.add_argument("--remove-tag", action="append", default=[], metavar="T", help="remove one")
    p.add_argument("--json", action="store_true", help="print the article's details as JSON")
    p.set_defaults(run=run_edit)


def _note_source(parser: argparse.ArgumentParser) -> None:
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--text", metavar="MARKDOWN", help="the note")
    given.add_argument(
        "--file", type=Path, metavar="FILE", help="read the note from FILE ('-': stdin)"
    )
    given.add_argument("--clear", action="store_true", help="remove the note")


def _note_text(args: argparse.Namespace) -> str:
    if args.clear:
        return ""
    if args.file is None:
        return check_text(str(args.text), "the note")
    try:
        raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{args.file}: cannot read the note ({os_reason(exc)})") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InvalidInput(f"{args.file}: the note is not UTF-8 text") from None


def _report(annotation: Annotation, what: str, as_json: bool) -> int:
    if as_json:
        print_json(to_w3c(annotation))
    else:
        quote = (annotation.exact or "(whole article)").replace("\n", " ")
        tags = " ".join(f"#{t}" for t in annotation.tags)
        print(f"{what} {annotation.id} in {annotation.article_id}: {quote!r} {tags}".rstrip())
    return 0


def run_delete(workspace: Workspace, args: argparse.Namespace) -> int:
    found = workspace.annotations.resolve(args.annotation)
    return _report(delete(workspace, found).value, "deleted", args.json)


def run_colour(workspace: Workspace, args: argparse.Namespace) -> int:
    found = workspace.annotations.resolve(args.annotation)
    changed = recolour(workspace, found, args.colour).value
    return _report(changed, f"coloured {changed.colour}", args.json)


def run_tags(workspace: Workspace, args: argparse.Namespace) -> int:
    found = workspace.annotations.resolve(args.annotation)
    tags = edited_tags(found.tags, set_to=args.set, add=args.add, remove=args.remove)
    changed = retag(workspace, found, tags).value
    return _report(changed, "tagged", args.json)


def run_annotation_note(workspace: Workspace, args: argparse.Namespace) -> int:
    found = workspace.annotations.resolve(args.annotation)
    note = _note_text(args)
    changed = write_note(workspace, found, note).value
    emptied = found.exact is None and not note.strip()
    return _report(changed, "deleted the article note" if emptied else "noted", args.json)


def run_article_note(workspace: Workspace, args: argparse.Namespace) -> int:
    verb, _before, note = write_article_note(workspace, args.id, _note_text(args)).value
    return _report(note, f"{verb} the note on", args.json)


def run_edit(workspace: Workspace, args: argparse.Namespace) -> int:
    changes: dict[str, str | list[str]] = {
        field: getattr(args, field)
        for field in FIELDS
        if field != "tags" and getattr(args, field) is not None
    }
    article = workspace.library.get(args.id)
    if args.tags is not None or args.add_tag or args.remove_tag:
        tags = split_tags(args.tags) if args.tags is not None else list(article.tags)
        removed = {t.strip().casefold() for t in args.remove_tag}
        changes["tags"] = unique_tags(
            t for t in [*tags, *args.add_tag] if t.strip().casefold() not in removed
        )
    if not changes:
        raise InvalidInput(
            "nothing to change: give --title, --author, --date, --source, "
            "--url, --tags, --add-tag or --remove-tag"
        )
    _before, after = edit_details(workspace, article.id, changes).value
    if args.json:
        print_json(article_summary(after))
    else:
        print(f"saved {', '.join(sorted(changes))} of {after.id}")
    return 0
