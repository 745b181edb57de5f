"""Subcommands over the library itself: list, show, info."""

import argparse
from typing import Any

from app.commands.fresh_index import query_ids
from app.commands.output import print_json, print_table, warn
from app.core.article import Article
from app.core.article_filter import ArticleFilter, bound
from app.core.render import render
from app.core.workspace import Workspace


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("list", parents=[common], help="list the articles of the library")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--tag", metavar="T", help="only articles with this tag (or a highlight with it)"
    )
    p.add_argument("--source", metavar="S", help="only articles whose source contains S")
    p.add_argument("--since", metavar="DATE", help="only articles from this year/month/day on")
    p.add_argument("--until", metavar="DATE", help="only articles up to this year/month/day")
    p.add_argument("--query", metavar="Q", help="only articles this search query finds")
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


def _filter(workspace: Workspace, args: argparse.Namespace) -> ArticleFilter:
    ids = None
    if args.query is not None:
        ids = frozenset(query_ids(workspace, args.query))
    return ArticleFilter(
        tag=args.tag,
        source=args.source,
        since=bound(args.since, last=False, option="--since"),
        until=bound(args.until, last=True, option="--until"),
        ids=ids,
    )


def run_list(workspace: Workspace, args: argparse.Namespace) -> int:
    chosen = _filter(workspace, args)
    articles = workspace.library.sorted_articles()
    if chosen != ArticleFilter():
        store = workspace.annotations if args.tag else None
        articles = [
            a
            for a in articles
            if chosen.keeps(
                a, [t for n in store.for_article(a.id) for t in n.tags] if store else ()
            )
        ]
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
        warn(problem)
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
    for problem in workspace.library.problems:
        warn(problem)
    return 0
