"""Search on the whole corpus (2,225 BBC + 21,578 Reuters = 23,803 articles): Readmark's index
(app code: read, render, index, snippets) beside SQLite FTS5 with the porter tokenizer on the
same plain texts and the same 30 queries, in one run.

The corpus is parsed minimally here (BBC: headline then text; Reuters: TITLE, DATE, BODY of
each record) and written as library files, as an import would leave them.
"""

import html
import os
import re
import resource
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.article import Article, serialize_article
from app.core.index import SearchIndex, SyncReport
from app.core.library import Library
from app.core.render import render
from tests.perf.common import CORPUS, Row, percentile

QUERIES = [
    # plain words
    ("oil prices", "oil prices"),
    ("bank", "bank"),
    ("coffee", "coffee"),
    ("election", "election"),
    ("broadband", "broadband"),
    ("wheat exports", "wheat exports"),
    ("interest rates", "interest rates"),
    ("takeover bid", "takeover bid"),
    ("football", "football"),
    ("dollar yen", "dollar yen"),
    ("gold", "gold"),
    ("film award", "film award"),
    # phrases
    ('"interest rates"', '"interest rates"'),
    ('"oil prices"', '"oil prices"'),
    ('"prime minister"', '"prime minister"'),
    ('"stock exchange"', '"stock exchange"'),
    ('"world cup"', '"world cup"'),
    ('"trade deficit"', '"trade deficit"'),
    # prefixes
    ("bank*", "bank*"),
    ("petro*", "petro*"),
    ("comput*", "comput*"),
    ("export*", "export*"),
    # fields and dates
    ("title:oil", "title:oil"),
    ("title:profit", "title:profit"),
    ("source:bbc film", "source:bbc AND film"),
    ("tag:tech mobile", "tags:tech AND mobile"),
    ("date:1987-03 oil", "oil"),
    ("date:[1987-04-01 to 1987-04-30] wheat", "wheat"),
    ("sugar -cuba", "sugar NOT cuba"),
    ("(gold OR silver) AND mine", "(gold OR silver) AND mine"),
]
# Queries that once cost seconds (an open range re-run for each suggestion took 11 s on
# 2,090 articles) or could: each must answer within a second, its suggestion included.
HOSTILE = [
    "[2024 to]x",
    "[2024 to]",
    "{a to z} qqqq",
    "*a*b*c*",
    "*zzq*",
    "a* b* c* d* e* f* g* h*",
    "x~99",
    "electoin~9 banc~5",
    '"a b c d e f g"~100',
    " ".join(f"w{i}" for i in range(3000)),
    " ".join(["said year"] * 3000),
    "x" * 10_000,
    "(" * 5000 + "oil",
    "stoltenbrg goverment",
]
_RECORD = re.compile(r"<REUTERS.*?</REUTERS>", re.DOTALL)
_FIELD = {k: re.compile(rf"<{k}>(.*?)</{k}>", re.DOTALL) for k in ("TITLE", "DATE", "BODY")}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _field(record: str, name: str) -> str:
    found = _FIELD[name].search(record)
    return _CONTROL.sub(" ", html.unescape(found.group(1))).strip() if found else ""


def corpus_articles() -> list[Article]:
    import datetime as dt

    articles: list[Article] = []
    for path in sorted((CORPUS / "bbc").glob("*/*.txt")):
        title, _s, body = path.read_bytes().decode("utf-8", "replace").strip().partition("\n")
        articles.append(
            Article(
                id=f"bbc-{path.parent.name}-{path.stem}",
                title=title.strip(),
                body=body.strip() + "\n",
                source="BBC",
                tags=[path.parent.name],
            )
        )
    for sgm in sorted((CORPUS / "reuters21578").glob("reut2-*.sgm")):
        text = sgm.read_bytes().decode("latin-1")
        for number, record in enumerate(_RECORD.findall(text)):
            title = _field(record, "TITLE")
            raw_body = _field(record, "BODY").removesuffix("Reuter").strip()
            body = html.escape(re.sub(r"\n[ \t]+", "\n\n", raw_body), quote=False)
            raw_date = _field(record, "DATE")
            day, month, year = raw_date.split(" ")[0].split("-")
            date = dt.date(int(year), _MONTHS.index(month.upper()) + 1, int(day))
            articles.append(
                Article(
                    id=f"reuters-{sgm.stem[-3:]}-{number}",
                    title=title or f"Reuters {raw_date}",
                    body=(body or title or "(no text)") + "\n",
                    source="Reuters",
                    date=date,
                )
            )
    return articles


def write_library(folder: Path, articles: list[Article]) -> int:
    folder.mkdir(parents=True)
    size = 0
    for article in articles:
        data = serialize_article(article)
        (folder / f"{article.id}.md").write_text(data, encoding="utf-8")
        size += len(data.encode("utf-8"))
    return size


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def fts5(articles: list[Article], db_path: Path) -> tuple[sqlite3.Connection, float]:
    """The reference: FTS5 over the same plain text (rendered once, outside the timing)."""
    texts = [
        (a.id, a.title, render(a.body).text, a.source or "", " ".join(a.tags)) for a in articles
    ]
    started = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, source, tags, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", texts)
    db.commit()
    return db, time.perf_counter() - started


def fts5_query(db: sqlite3.Connection, query: str) -> int:
    rows = db.execute(
        "SELECT id, title, snippet(docs, 2, '<mark>', '</mark>', '…', 30) FROM docs "
        "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 20",
        (query,),
    ).fetchall()
    return len(rows)


def timed(fn: object, rounds: int, cpu: list[float] | None = None) -> list[float]:
    """Wall milliseconds per call; with ``cpu``, also this process's CPU milliseconds, which
    other jobs on a shared machine do not inflate."""
    out = []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - cpu_started) * 1000)
    return out


def measured(fn: Callable[[], SyncReport]) -> tuple[SyncReport, float, float]:
    """The result of one call, its wall and its CPU milliseconds."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = fn()
    return (
        result,
        (time.perf_counter() - started) * 1000,
        (time.process_time() - cpu_started) * 1000,
    )


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the build workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Row]:
    articles = corpus_articles()
    library_dir = work / "library"
    library_bytes = write_library(library_dir, articles)
    print(f"    load average at start {os.getloadavg()[0]:.1f}", flush=True)
    text_bytes = sum(len(render(a.body).text.encode("utf-8")) for a in articles)
    library = Library(library_dir)
    index = SearchIndex(work / "data" / "index", library, procs=os.cpu_count() or 2)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), cpu_seconds()
    report = index.rebuild()
    build_s = time.perf_counter() - started
    build_cpu = cpu_seconds() - cpu_started
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    index_bytes = folder_size(work / "data" / "index")

    nothing, idle_sync_ms, idle_sync_cpu = measured(index.sync)
    edited = library_dir / "reuters-000-5.md"
    edited.write_text(edited.read_text("utf-8") + "\nAn added sentence about quokkas.\n", "utf-8")
    one, one_sync_ms, one_sync_cpu = measured(index.sync)
    assert one.changed == 1 and index.search("quokkas").total == 1

    index.close()
    cold = SearchIndex(work / "data" / "index", library)
    started = time.perf_counter()
    cold.search("oil prices")
    cold_ms = (time.perf_counter() - started) * 1000
    cold.close()
    for query, _fts in QUERIES:  # warm up: first touches load term blocks and caches
        index.search(query)
    whoosh_ms: list[float] = []
    whoosh_cpu: list[float] = []
    per_query: dict[str, float] = {}
    for query, _fts in QUERIES:
        times = timed(lambda q=query: index.search(q), 5, whoosh_cpu)
        whoosh_ms.extend(times)
        per_query[query] = sorted(times)[2]
    totals = {q: index.search(q).total for q, _f in QUERIES}
    hostile_cpu: list[float] = []
    hostile = {q: max(timed(lambda q=q: index.search(q), 2, hostile_cpu)) for q in HOSTILE}
    worst_query, worst_ms = max(hostile.items(), key=lambda kv: kv[1])
    index.close()

    db, fts_build_s = fts5(articles, work / "fts.db")
    for _q, fts in QUERIES:
        fts5_query(db, fts)
    fts_ms: list[float] = []
    fts_cpu: list[float] = []
    for _q, fts in QUERIES:
        fts_ms.extend(timed(lambda f=fts: fts5_query(db, f), 5, fts_cpu))
    db.close()
    fts_bytes = (work / "fts.db").stat().st_size

    slowest = sorted(per_query.items(), key=lambda kv: -kv[1])[:3]
    print(
        f"    {len(articles)} articles, {report.documents} indexed, {len(report.problems)} "
        f"problems; text {text_bytes / 1e6:.1f} MB; first search of a newly opened index "
        f"{cold_ms:.0f} ms; load average now {os.getloadavg()[0]:.1f}; slowest queries "
        "(median wall ms): " + ", ".join(f"{q} {ms:.1f} ({totals[q]} hits)" for q, ms in slowest),
        flush=True,
    )
    wall = [percentile(whoosh_ms, p) for p in (50, 95, 99)]
    cpu = [percentile(whoosh_cpu, p) for p in (50, 95, 99)]
    fts_wall = [percentile(fts_ms, p) for p in (50, 95)]
    fts_cpu_p = [percentile(fts_cpu, p) for p in (50, 95)]
    peak = max(parent_rss, child_rss)
    rows = [
        Row(
            f"search: query with snippets p{pct}",
            f"{c:.1f} ms CPU (wall {w:.1f})" + (f"; FTS5 {fts_cpu_p[0]:.1f}" if pct == 50 else ""),
            f"<= {limit} ms",
            c <= limit,
        )
        for pct, c, w, limit in zip((50, 95, 99), cpu, wall, (10, 30, 60), strict=True)
    ]
    return [
        *rows,
        Row(
            "search: p95 vs FTS5 p95 (same run)",
            f"{cpu[1]:.1f} vs {fts_cpu_p[1]:.1f} ms CPU = {cpu[1] / fts_cpu_p[1]:.1f}x "
            f"(wall {wall[1]:.1f} vs {fts_wall[1]:.1f} = {wall[1] / fts_wall[1]:.1f}x)",
            "<= 6x",
            cpu[1] <= 6 * fts_cpu_p[1],
        ),
        Row(
            "search: worst of 14 hostile queries (ranges, wildcards, 10k chars)",
            f"{worst_ms:.0f} ms wall ({worst_query[:24]!r}); max CPU {max(hostile_cpu):.0f} ms",
            "<= 1000 ms",
            worst_ms <= 1000,
        ),
        Row(
            "search: full build, 23,803 articles",
            f"{build_s:.1f} s wall, {build_cpu:.0f} s CPU in {index.procs} processes "
            f"(FTS5 {fts_build_s:.2f} s)",
            "<= 8 s",
            build_s <= 8,
        ),
        Row(
            "search: sync, nothing changed",
            f"{idle_sync_ms:.0f} ms (CPU {idle_sync_cpu:.0f})",
            "<= 1000 ms",
            idle_sync_ms <= 1000 and nothing.changed == 0,
        ),
        Row(
            "search: sync, one article changed",
            f"{one_sync_ms:.0f} ms (CPU {one_sync_cpu:.0f})",
            "<= 300 ms",
            one_sync_ms <= 300,
        ),
        Row(
            "search: index size / text size",
            f"{index_bytes / 1e6:.1f} / {text_bytes / 1e6:.1f} MB "
            f"= {index_bytes / text_bytes:.2f}x (FTS5 with its text {fts_bytes / 1e6:.1f} MB; "
            f"library files {library_bytes / 1e6:.0f} MB)",
            "<= 2x",
            index_bytes <= 2 * text_bytes,
        ),
        Row(
            "search: peak RSS during build",
            f"{peak:.0f} MB (parent {parent_rss:.0f}, of which {rss_before:.0f} before the "
            f"build; largest worker {child_rss:.0f})",
            "<= 400 MB",
            peak <= 400,
        ),
    ]
