"""Many-article imports (issue 16): a 1,000-item feed in under 5 s, the LexisNexis sample in
under 1 s, a mailbox of 2,000 newsletters, peak memory of each import under 500 MB, and the
worst feed the size limit lets in (one 16 MB text node: expat's slowest case).

Each import is a ``readmark import`` child process (``bench_documents._child_import``), so
its time includes starting Python and writing the articles; the LexisNexis row also gives
the parse alone, in this process.
"""

import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from app.core.importers import import_paths
from app.core.importers.collection_files import MAX_FEED_BYTES
from app.core.importers.detect import parse_bytes
from app.core.workspace import Workspace
from tests.perf.bench_documents import _child_import
from tests.perf.common import CORPUS, Row

LEXISNEXIS = CORPUS.parent / "samples" / "lexisnexis" / "sample.TXT"
PARAGRAPH = (
    "<p>Container volumes rose in April from a year earlier, the port authority said, as "
    "transshipment to the Baltic and the new electric cranes at the Maasvlakte terminal "
    "lifted the number of boxes handled by the largest operator.</p>"
)


def _feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Item {n} of the wire</title><guid>wire-{n}</guid>"
        f"<link>https://wire.example/{n}</link><pubDate>Tue, 14 May 2024 09:30:00 GMT</pubDate>"
        f"<category>Port</category><description>Summary {n}.</description>"
        f"<content:encoded><![CDATA[<p>Story {n}.</p>{PARAGRAPH * 8}]]></content:encoded></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Wire</title>{entries}</channel></rss>"
    ).encode()


def _mbox(messages: int) -> bytes:
    parts = []
    for n in range(messages):
        message = EmailMessage()
        message["From"] = "Harbour Briefing <briefing@harbour.example>"
        message["Subject"] = f"Harbour briefing number {n}"
        message["Date"] = "Tue, 14 May 2024 07:05:00 +0200"
        message["Message-ID"] = f"<briefing-{n}@harbour.example>"
        message.set_content(f"Briefing {n}.")
        message.add_alternative(f"<html><body><p>Briefing {n}.</p>{PARAGRAPH * 4}</body></html>",
                                subtype="html")  # fmt: skip
        parts.append(b"From MAILER-DAEMON Tue May 14 07:05:00 2024\n" + message.as_bytes())
    return b"\n".join(parts)


def _imports(rows: list[Row], folder: Path, name: str, data: bytes, seconds_target: float) -> None:
    """The import in this process (the target: reading and writing the articles) and in a
    child process (its peak RSS, and its time with Python's start-up included)."""
    path = folder / name
    path.write_bytes(data)
    workspace = Workspace(folder / f"{name}-library", folder / f"{name}-data")
    started = time.perf_counter()
    report = import_paths(workspace, [path])
    seconds = time.perf_counter() - started
    size = f"{len(data) / 1e6:.1f} MB"
    rows.append(Row(f"import {name} ({size}), in process", f"{seconds:.2f} s, "
                    f"{len(report.imported)} articles", f"<= {seconds_target:g} s",
                    seconds <= seconds_target))  # fmt: skip
    child_seconds, peak, summary = _child_import(path, folder / name.replace(".", "-"))
    rows.append(Row(f"peak RSS, `readmark import {name}` ({child_seconds:.1f} s with start-up)",
                    f"{peak:.0f} MB ({summary})", "<= 500 MB", peak <= 500))  # fmt: skip


def run() -> list[Row]:
    rows: list[Row] = []
    data = LEXISNEXIS.read_bytes()
    parse_bytes(data, ".TXT", "warm-up.TXT")
    started = time.perf_counter()
    drafts, _ = parse_bytes(data, ".TXT", "sample.TXT")
    parsed = time.perf_counter() - started
    measured = f"{parsed * 1000:.0f} ms, {len(drafts)} articles"
    rows.append(Row("parse the LexisNexis sample", measured, "<= 1 s", parsed <= 1))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _imports(rows, folder, "sample.TXT", data, 1.0)
        _imports(rows, folder, "wire.rss", _feed(1000), 5.0)
        _imports(rows, folder, "newsletters.mbox", _mbox(2000), 30.0)
    worst = b"<!--" + b"x" * (MAX_FEED_BYTES - 4096) + b"-->"
    hostile = _feed(3).replace(b"<channel>", b"<channel>" + worst, 1)
    started = time.perf_counter()
    parse_bytes(hostile, ".rss", "worst.rss")
    seconds = time.perf_counter() - started
    rows.append(Row("parse a feed at the size limit that is one 16 MB comment",
                    f"{seconds:.1f} s", "<= 10 s", seconds <= 10))  # fmt: skip
    return rows
