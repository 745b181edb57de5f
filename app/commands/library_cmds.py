"""Subcommands over the library itself: list, show, info."""

import argparse
from typing import Any

from app.commands.output import print_json, print_table
from app.core.article import Article
from app.core.render import render
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("list", parents=[common], help="list the articles of the library")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=run_list)

    p = commands.add_parser("show", parents=[common], help="show an article's details and text")
    p.add_argument("id", help="article id (see `list`)")
    p.add_argument("--html", action="store_true", help="print the rendered HTML")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_show)

    p = commands.add_parser("info", parents=[common], help="where the library and data live")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_info)


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "author": article.author,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "url": article.url,
        "tags": article.tags,
        "path": str(article.path) if article.path else None,
    }


def run_list(workspace: Workspace, args: argparse.Namespace) -> int:
    articles = workspace.library.sorted_articles()
    if args.json:
        print_json([article_summary(a) for a in articles])
    else:
        rows = [
            [a.date.isoformat() if a.date else "", a.id, a.title, a.source or "", a.author or ""]
            for a in articles
        ]
        print_table(["date", "id", "title", "source", "author"], rows, max_width=50)
        print(f"\n{len(articles)} article(s) in {workspace.library_dir}")
    for problem in workspace.library.problems:
        print(f"warning: {problem}")
    return 0


def run_show(workspace: Workspace, args: argparse.Namespace) -> int:
    article = workspace.library.get(args.id)
    rendered = render(article.body)
    if args.json:
        print_json({**article_summary(article), "text": rendered.text, "html": rendered.html})
        return 0
    if args.html:
        print(rendered.html)
        return 0
    print(article.title)
    byline = " · ".join(
        x
        for x in (
            article.author,
            article.source,
            article.date.isoformat() if article.date else None,
        )
        if x
    )
    if byline:
        print(byline)
    if article.tags:
        print("tags: " + ", ".join(article.tags))
    print()
    print(rendered.text)
    return 0


def run_info(workspace: Workspace, args: argparse.Namespace) -> int:
    info = {
        "library": str(workspace.library_dir),
        "data": str(workspace.data_dir),
        "articles": len(workspace.library),
        "problems": [str(p) for p in workspace.library.problems],
    }
    if args.json:
        print_json(info)
    else:
        print(f"library:  {info['library']}")
        print(f"data:     {info['data']}")
        print(f"articles: {info['articles']}")
        for problem in info["problems"]:
            print(f"warning:  {problem}")
    return 0
