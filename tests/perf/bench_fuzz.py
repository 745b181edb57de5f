"""Fuzz every importer for a set time: hostile and mutated inputs, counted, none may escape.

Each importer (plain text, Markdown, HTML, Reuters SGML, and the documents: PDF, EPUB,
.docx, .odt, RTF) gets inputs built from the hostile
pieces of ``tests/hostile_inputs.py`` or mutated from real files of its format, for
``--fuzz-minutes`` (default a few seconds) each. Every input goes through ``parse_bytes``,
where only ImportFailed (the file's failure line) may come out; every 250th batch of inputs
is also imported with ``import_paths`` into a real library, from which no exception may
escape and whose articles must read back. An unexpected exception kind, an escape or an
input slower than two seconds (a hang in the making) fails the target; the first inputs of
each failure are saved for a test.
"""

import gzip
import os
import random
import tempfile
import time
from pathlib import Path

from app.core.errors import ImportFailed
from app.core.importers.detect import parse_bytes
from app.core.importers.runner import import_paths
from app.core.library import read_article_file
from app.core.workspace import Workspace
from tests.hostile_inputs import FORMATS, Format, random_input
from tests.perf.common import CORPUS, ROOT, Row

MINUTES_VARIABLE = "READMARK_FUZZ_MINUTES"
# Documents are mutated whole: a zip cut at 20 kB is only a broken one.
DOCUMENT_FORMATS = {"pdf", "epub", "docx", "odt", "rtf"}
DEFAULT_SECONDS = 5.0
SLOW_SECONDS = 2.0
IMPORT_EVERY = 250
KEPT = Path(tempfile.gettempdir()) / "readmark-fuzz-failures"


def _seeds(fmt: Format) -> list[bytes]:
    """Real files of the format, to mutate."""
    shared = CORPUS.parent
    globs = {
        "plaintext": [shared / "seeds", CORPUS / "bbc"],
        "markdown": [ROOT / "library"],
        "html": [shared / "html-benchmark" / "html"],
        "reuters": [CORPUS / "reuters21578"],
        "lexisnexis": [shared / "samples" / "lexisnexis"],
        "factiva": [ROOT / "tests" / "samples" / "factiva"],
    }.get(fmt.name, [ROOT / "tests" / "samples"])  # documents: the committed real samples
    files = sorted(p for folder in globs for p in folder.rglob(f"*{fmt.suffix}*"))[:200]
    seeds = [
        gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files
    ]
    # A Reuters file holds about a thousand records; a slice of a few keeps inputs fast.
    return [s if fmt.name in DOCUMENT_FORMATS else s[:20_000] for s in seeds]


class _Tally:
    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.inputs = 0
        self.unexpected = 0
        self.escaped = 0
        self.slowest = 0.0

    def keep(self, data: bytes, why: str) -> None:
        KEPT.mkdir(exist_ok=True)
        (KEPT / f"{self.fmt.name}-{why}-{self.inputs}{self.fmt.suffix}").write_bytes(data)


def _parse_one(tally: _Tally, data: bytes) -> None:
    started = time.perf_counter()
    try:
        parse_bytes(data, tally.fmt.suffix, f"input{tally.fmt.suffix}")
    except ImportFailed:
        pass
    except Exception:
        tally.unexpected += 1
        if tally.unexpected <= 5:
            tally.keep(data, "unexpected")
    elapsed = time.perf_counter() - started
    if elapsed > SLOW_SECONDS and elapsed > tally.slowest:
        tally.keep(data, "slow")
    tally.slowest = max(tally.slowest, elapsed)
    tally.inputs += 1


def _import_batch(tally: _Tally, batch: list[bytes], folder: Path) -> None:
    """The batch as files of one folder, imported into a fresh library."""
    inputs = folder / "inputs"
    inputs.mkdir(parents=True)
    for number, data in enumerate(batch):
        (inputs / f"{number:03d}{tally.fmt.suffix}").write_bytes(data)
    workspace = Workspace(folder / "library", folder / "data")
    try:
        report = import_paths(workspace, [inputs])
        for article in report.imported:
            read_article_file(article.path)
    except Exception:
        tally.escaped += 1
        for data in batch if tally.escaped <= 2 else []:
            tally.keep(data, "escaped")


def fuzz(fmt: Format, seconds: float, seed: int = 0) -> _Tally:
    rng = random.Random(seed)
    seeds = _seeds(fmt)
    tally = _Tally(fmt)
    batch: list[bytes] = []
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as scratch:
        while time.monotonic() < deadline:
            data = random_input(rng, fmt, seeds)
            _parse_one(tally, data)
            if tally.inputs % IMPORT_EVERY < 20:
                batch.append(data)
            elif batch:
                _import_batch(tally, batch, Path(scratch) / str(tally.inputs))
                batch = []
    return tally


def run() -> list[Row]:
    minutes = os.environ.get(MINUTES_VARIABLE)
    seconds = float(minutes) * 60 if minutes else DEFAULT_SECONDS
    names = os.environ.get("READMARK_FUZZ_IMPORTERS", ",".join(FORMATS)).split(",")
    rows = []
    for name in names:
        tally = fuzz(FORMATS[name], seconds)
        rows.append(
            Row(
                f"fuzz {name} importer, {seconds / 60:.1f} min",
                f"{tally.inputs:,} inputs, {tally.unexpected} unexpected, "
                f"{tally.escaped} escaped, slowest {tally.slowest:.2f} s",
                f"0 unexpected, 0 escaped, each < {SLOW_SECONDS:.0f} s",
                tally.unexpected == 0 and tally.escaped == 0 and tally.slowest < SLOW_SECONDS,
            )
        )
    return rows
