"""Web pages (issue 15): Readmark's importer beside trafilatura and readability-lxml on the 181
pages of ``shared/html-benchmark``, scored by the benchmark's own ``evaluate.py`` in a
temporary copy (``output/NAME.json``), plus title/byline/date/site accuracy against the
hand-made table ``tests/samples/html_meta.json`` and CPU time per page.

Readmark is run as an import runs (``parse_bytes`` on the page's bytes, the body rendered to
plain text). readability-lxml is measured only when installed (it is no dependency).
"""

import contextlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.importers.detect import parse_bytes
from app.core.render import render
from tests.perf.common import CORPUS, Row
from tests.web_scoring import body_scores, load_pages, metadata_scores, scorer

BENCHMARK = CORPUS.parent / "html-benchmark"
Reader = Callable[[bytes, str], dict[str, str | None]]


def _readmark(raw: bytes, url: str) -> dict[str, str | None]:
    try:
        draft = parse_bytes(raw, ".html", "page.html")[0][0]
    except Exception:  # a refused page scores as empty, as the benchmark expects
        return {"body": ""}
    return {
        "body": render(draft.body).text,
        "title": draft.title,
        "author": draft.author,
        "date": draft.date.isoformat() if draft.date else None,
        "site": draft.source,
    }


def _trafilatura(raw: bytes, url: str) -> dict[str, str | None]:
    import trafilatura

    html = raw.decode("utf-8", "replace")
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if document is None or isinstance(document, dict):
        return {"body": ""}
    return {
        "body": trafilatura.extract(html, include_comments=False) or "",
        "title": document.title,
        "author": document.author,
        "date": document.date,
        "site": document.sitename,
    }


def _readability(raw: bytes, url: str) -> dict[str, str | None]:
    import lxml.html
    from readability import Document  # type: ignore[import-not-found]

    document = Document(raw.decode("utf-8", "replace"))
    return {
        "body": lxml.html.fromstring(document.summary()).text_content(),
        "title": document.short_title(),
    }


def _readers() -> dict[str, Reader]:
    readers: dict[str, Reader] = {"readmark": _readmark, "trafilatura": _trafilatura}
    with contextlib.suppress(ImportError):
        import readability  # type: ignore[import-not-found]  # noqa: F401

        readers["readability-lxml"] = _readability
    return readers


def _official(outputs: dict[str, dict[str, dict[str, str]]]) -> str:
    """The benchmark's own script on a temporary copy holding our outputs."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        shutil.copy(BENCHMARK / "evaluate.py", copy)
        shutil.copy(BENCHMARK / "ground-truth.json", copy)
        (copy / "output").mkdir()
        for name, output in outputs.items():
            (copy / "output" / f"{name}.json").write_text(json.dumps(output), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "evaluate.py", "--n-bootstrap", "200"],
            cwd=copy, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return result.stdout


def run() -> list[Row]:
    if not (BENCHMARK / "ground-truth.json").exists():
        return [Row("web pages", f"skipped: {BENCHMARK} missing", "", None)]
    pages = load_pages(BENCHMARK)
    evaluate = scorer(BENCHMARK)
    rows: list[Row] = []
    outputs: dict[str, dict[str, dict[str, str]]] = {}
    f1s: dict[str, float] = {}
    for name, read in _readers().items():
        started = time.process_time()
        with contextlib.redirect_stderr(io.StringIO()):
            found = {key: read(raw, url) for key, (raw, _truth, url) in pages.items()}
        cpu_ms = (time.process_time() - started) / len(pages) * 1000
        outputs[name] = {key: {"articleBody": f.get("body") or ""} for key, f in found.items()}
        scores = body_scores(
            evaluate,
            [(truth, found[key].get("body") or "") for key, (_r, truth, _u) in pages.items()],
        )
        f1s[name] = scores["f1"]
        by_url = {url: found[key] for key, (_r, _t, url) in pages.items()}
        meta = metadata_scores(lambda _raw, url, by_url=by_url: by_url[url], BENCHMARK)["shares"]
        rows.append(
            Row(
                f"web: {name}, {len(pages)} pages",
                f"F1 {scores['f1']:.3f} P {scores['precision']:.3f} R {scores['recall']:.3f} "
                f"median F1 {scores['median_f1']:.3f}, F1<0.5 on {scores['pages_below_0.5']}, "
                f"boilerplate (P<0.85) on {scores['boilerplate_pages']}; "
                f"title {meta['title']:.0%} byline {meta['author']:.0%} date {meta['date']:.0%} "
                f"site {meta['site']:.0%}; CPU {cpu_ms:.0f} ms/page",
            )
        )
    rows.append(
        Row("web: Readmark body F1 vs trafilatura (same run)", f"{f1s['readmark']:.3f} vs "
            f"{f1s['trafilatura']:.3f}", ">= trafilatura, >= 0.96",
            f1s["readmark"] >= max(f1s["trafilatura"], 0.96))
    )  # fmt: skip
    print(_official(outputs), flush=True)
    return rows
