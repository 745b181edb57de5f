"""Scoring web-page extraction against the shared HTML benchmark (issue 15).

Bodies are scored with the benchmark's own scorer (``evaluate.py``: shingle precision,
recall and F1); title, byline, date and site against ``tests/samples/html_meta.json``, the
table made by hand from what 48 of those pages state. The bench (``tests/perf/bench_web.py``)
runs all 181 pages; the tests run a bounded few.
"""

import difflib
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
META_TABLE = ROOT / "tests" / "samples" / "html_meta.json"


def load_pages(benchmark: Path, limit: int | None = None) -> dict[str, tuple[bytes, str, str]]:
    """``{id: (page bytes, ground-truth body, url)}`` in id order."""
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    return {
        key: (
            gzip.decompress((benchmark / "html" / f"{key}.html.gz").read_bytes()),
            truth[key].get("articleBody", ""),
            truth[key].get("url", ""),
        )
        for key in ids
    }


def scorer(benchmark: Path) -> ModuleType:
    """The benchmark's own ``evaluate.py``, imported from its folder."""
    if str(benchmark) not in sys.path:
        sys.path.insert(0, str(benchmark))
    import evaluate  # type: ignore[import-not-found]

    return evaluate  # type: ignore[no-any-return]


def body_scores(evaluate: ModuleType, pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Mean precision, recall and F1 as the benchmark computes them, plus per-page F1s."""
    counts = [evaluate.string_shingle_matching(true=t, pred=p) for t, p in pairs]
    metrics: dict[str, float] = evaluate.metrics_from_tp_fp_fns(counts)
    per_page = [2 * tp / (2 * tp + fp + fn) if tp else 0.0 for tp, fp, fn in counts]
    metrics["median_f1"] = sorted(per_page)[len(per_page) // 2]
    metrics["pages_below_0.5"] = sum(1 for f in per_page if f < 0.5)
    # Boilerplate kept: more than 15% of what was extracted is not in the article.
    metrics["boilerplate_pages"] = sum(
        1 for tp, fp, _fn in counts if tp + fp > 0 and tp / (tp + fp) < 0.85
    )
    return metrics


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[‘’‚‛`´]", "'", re.sub(r"[“”„‟]", '"', text))
    return re.sub(r"\s+", " ", re.sub(r"[^\w'\" ]+", " ", text)).strip()


def title_ok(expected: str, found: str | None) -> bool:
    """Right or nearly right: the same words, or at least 90% alike."""
    a, b = _norm(expected), _norm(found or "")
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def author_ok(expected: list[str], found: str | None) -> bool:
    """Every expected name is there, and not a paragraph around them."""
    got = _norm(re.sub(r"^\s*by\s+", "", found or "", flags=re.I))
    names = [_norm(n) for n in expected]
    return all(n in got for n in names) and len(got) <= sum(len(n) for n in names) + 40


def date_ok(expected: dict[str, Any], found: str | None) -> bool:
    return found is not None and found in [expected["date"], *expected.get("date_also", [])]


def site_ok(expected: list[str], found: str | None) -> bool:
    got = _norm(found or "")
    return bool(got) and any(_norm(s) == got or _norm(s) in got for s in expected)


Extracted = dict[str, str | None]


def metadata_scores(read: Callable[[bytes, str], Extracted], benchmark: Path) -> dict[str, Any]:
    """Share of the table's pages where each field is right (only pages that state it)."""
    table = json.loads(META_TABLE.read_text(encoding="utf-8"))["pages"]
    pages = load_pages(benchmark)
    right = {"title": 0, "author": 0, "date": 0, "site": 0}
    stated = {"title": 0, "author": 0, "date": 0, "site": 0}
    misses: list[str] = []
    for key, expected in table.items():
        found = read(pages[key][0], pages[key][2])
        checks = {
            "title": title_ok(expected["title"], found.get("title")),
            "author": expected["author"] is None
            or author_ok(expected["author"], found.get("author")),
            "date": expected["date"] is None or date_ok(expected, found.get("date")),
            "site": site_ok(expected["site"], found.get("site")),
        }
        for field, ok in checks.items():
            if field in ("author", "date") and expected[field] is None:
                continue
            stated[field] += 1
            right[field] += ok
            if not ok:
                misses.append(f"{key[:10]} {field}: {found.get(field)!r}")
    shares = {field: right[field] / stated[field] for field in right}
    return {"shares": shares, "stated": stated, "misses": misses}
