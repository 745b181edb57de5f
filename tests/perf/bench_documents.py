"""Document imports (issue 16): a 300-page PDF in under 10 s, peak memory of one import under
500 MB, and the PDF reader's body F1 on pages of the HTML benchmark printed by Chromium.

Each import runs in a child process (``readmark import`` through the real CLI entry) so its
peak RSS is its own. The 300-page PDF is the committed browser print, its pages repeated
with PDFium until there are 300. The F1 row needs headless Chromium (Debian ``chromium``):
it prints the first PAGES pages of ``shared/html-benchmark`` (scripts removed, network
namespace without network, so nothing is fetched) and scores the imported text with the
benchmark's own scorer; without Chromium the row says so.
"""

import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from tests.document_samples import SAMPLES, zip_bomb_docx
from tests.perf.common import CORPUS, ROOT, Row

PAGES = int(os.environ.get("READMARK_PDF_BENCH_PAGES", "40"))
# The first page of the benchmark to print: 40 with PAGES=40 gives the next forty pages, a
# held-out check that the rules tuned on the first forty are not fitted to them.
FIRST = int(os.environ.get("READMARK_PDF_BENCH_FIRST", "0"))
# A print "holds the article" when the text of all its pages has at least this recall of the
# ground truth: some prints do not (an error page after a redirect, text drawn as pictures,
# a script without a font on this machine), and no reader can find an article that is not
# in the PDF.
HOLDS_ARTICLE = 0.5
BENCHMARK = CORPUS.parent / "html-benchmark"
CACHE = Path(tempfile.gettempdir()) / "readmark-pdf-benchmark"


def _long_pdf(target: Path, pages: int = 300) -> None:
    source = pdfium.PdfDocument(SAMPLES / "pdf" / "printed-web-page.pdf")
    document = pdfium.PdfDocument.new()
    while len(document) < pages:
        document.import_pages(source)
    document.save(target)


def _child_import(path: Path, folder: Path) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB) of one ``readmark import`` process, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data", str(folder / "data"), "import", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = (result.stdout.strip().splitlines() or [result.stderr.strip()])[-1]
    return elapsed, max(peak, before) / 1024, summary


def _print(html: Path, pdf: Path) -> None:
    profile = tempfile.mkdtemp()
    try:
        subprocess.run(
            ["unshare", "-n", "timeout", "25", "chromium", "--headless", "--no-sandbox",
             "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
             f"--print-to-pdf={pdf}", html.as_uri()],
            capture_output=True, check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _whole_text(printed: Path) -> str:
    document = pdfium.PdfDocument(printed)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def _printed(page: Path) -> Path | None:
    """The page's Chromium print, made once and kept in CACHE; None if Chromium hung."""
    key = page.name.removesuffix(".html.gz")
    printed = CACHE / f"{key}.pdf"
    if not printed.exists():
        html = re.sub(
            r"(?is)<script\b.*?</script\s*>", "", gzip.decompress(page.read_bytes()).decode()
        )
        source = CACHE / f"{key}.html"
        source.write_text(html)
        _print(source, printed)
    return printed if printed.exists() else None  # Chromium waited for the network


def _measured(counts: list[tuple[float, float, float]], evaluate: Any) -> tuple[str, float]:
    """The benchmark's own F1 (of the mean precision and the mean recall over the pages)."""
    if not counts:
        return "no pages", 0.0
    official = evaluate.metrics_from_tp_fp_fns(counts)
    scores = [2 * tp / (2 * tp + fp + fn) if tp else 0.0 for tp, fp, fn in counts]
    text = (
        f"F1 {official['f1']:.3f} (P {official['precision']:.3f}, R {official['recall']:.3f}; "
        f"per page mean {statistics.mean(scores):.3f}, median {statistics.median(scores):.3f}; "
        f"{len(counts)} pages)"
    )
    return text, official["f1"]


def _f1_row() -> Row:
    name = f"PDF body F1, benchmark pages {FIRST + 1}-{FIRST + PAGES} printed by Chromium"
    if shutil.which("chromium") is None or shutil.which("unshare") is None:
        return Row(name, "skipped: chromium (Debian package) not installed", ">= 0.90", None)
    sys.path.insert(0, str(BENCHMARK))
    import evaluate  # type: ignore[import-not-found]

    from app.core.importers import pdf
    from app.core.render import render

    truth = json.loads((BENCHMARK / "ground-truth.json").read_text())
    CACHE.mkdir(exist_ok=True)
    every: list[tuple[float, float, float]] = []
    holding: list[tuple[float, float, float]] = []
    for page in sorted((BENCHMARK / "html").glob("*.html.gz"))[FIRST : FIRST + PAGES]:
        key = page.name.removesuffix(".html.gz")
        printed = _printed(page)
        if printed is None:
            continue
        try:
            text = render(pdf.parse_pdf(printed.read_bytes(), printed.name).body).text
        except Exception:
            text = ""
        counts = evaluate.string_shingle_matching(truth[key]["articleBody"], text)
        every.append(counts)
        tp, _, fn = evaluate.string_shingle_matching(
            truth[key]["articleBody"], _whole_text(printed)
        )
        if tp + fn and tp / (tp + fn) >= HOLDS_ARTICLE:
            holding.append(counts)
    all_text, _ = _measured(every, evaluate)
    held_text, held_f1 = _measured(holding, evaluate)
    measured = f"prints holding the article: {held_text}; every print: {all_text}"
    return Row(name, measured, ">= 0.90 (prints holding the article)", held_f1 >= 0.90)


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        long_pdf = folder / "long.pdf"
        _long_pdf(long_pdf)
        seconds, peak, summary = _child_import(long_pdf, folder / "pdf")
        rows.append(
            Row("import a 300-page PDF", f"{seconds:.1f} s ({summary})", "<= 10 s", seconds <= 10)
        )
        rows.append(
            Row("peak RSS, 300-page PDF import", f"{peak:.0f} MB", "<= 500 MB", peak <= 500)
        )
        bomb = folder / "bomb.docx"
        bomb.write_bytes(zip_bomb_docx(1024))
        seconds, peak, summary = _child_import(bomb, folder / "bomb")
        rows.append(
            Row("refuse a 1 GB zip bomb named .docx", f"{seconds:.1f} s, peak {peak:.0f} MB",
                "refused, <= 500 MB", "1 failed" in summary and peak <= 500)
        )  # fmt: skip
    rows.append(_f1_row())
    return rows
