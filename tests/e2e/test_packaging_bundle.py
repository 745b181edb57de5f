"""The one-folder PyInstaller bundle, run as a user would: no Python, no venv, no source tree.

The bundle is built once by ``packaging/build_bundle.py --if-changed`` into
``build/test-bundle/`` (about 15 s on 2 cores) and reused while the app, resources, library
and spec are unchanged, so reruns cost nothing and CI pays for one build.
"""

import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.core.library import Library
from app.ui.window.single_instance import server_name
from tests.conftest import BUNDLED_LIBRARY, ROOT

pytestmark = pytest.mark.slow

BUILD = ROOT / "build" / "test-bundle"
# 120 MB until the readers came (docs/benchmarks.md, "Packaging", has each one's cost); the
# 70 MB more buy fast search and story versions (numpy with its OpenBLAS, 43 MB), PDF import
# (PDFium, 7 MB), web pages (trafilatura, lxml, jusText, dateparser: 12 MB), citations
# (citeproc-py on that lxml), watching (watchfiles, anyio and the TLS module anyio imports,
# 6 MB) and feeds (feedparser).
MAX_MB = 190
MAX_START_S = 2.0
UNUSED_QT = ("WebEngine", "Qml", "Quick", "3D", "Multimedia", "Designer", "Pdf", "Charts")

STORY = (
    "Night Trains Return to the Alps\n\n"
    "By Ines Kofler\n\n"
    "Night trains between Vienna and Zurich run again from December, the railway said.\n"
)
SAMPLES = ROOT / "tests" / "samples"
# A saved page whose date is only in its address: trafilatura's htmldate finds it there, the
# fallback reader does not, so the date proves the bundled trafilatura (and lxml) did the work.
WEB_PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Lock gates replaced at IJmuiden | Port Gazette</title>
<link rel="canonical" href="https://portgazette.example/2024/03/05/lock-gates-replaced/">
<meta property="og:site_name" content="Port Gazette"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lock gates replaced at IJmuiden</h1><p class="byline">By Pieter Smit</p>
<p>The sea lock at IJmuiden reopened on Monday after engineers fitted two new steel gates, each
weighing more than a thousand tonnes, during a three-week closure.</p>
<p>Shipping companies had rerouted vessels through Rotterdam while the work went on, and the
port authority said traffic would return to normal by the end of the week.</p>
<p>The old gates had been in service since 1930 and were showing signs of corrosion that
inspectors first reported two years ago.</p></article></body></html>
"""
# Readers that load only when a file of their kind is read or a citation is made. numpy is
# not among them: the window's start-up index sync opens the search index, whose scorer is
# numpy arrays, so loading it later would move its cost, not save it.
LOADED_WHEN_USED = (
    "lxml",
    "pypdfium2",
    "citeproc",
    "trafilatura",
    "feedparser",
    "htmldate",
    "warcio",
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "packaging" / "build_bundle.py"), "--if-changed"),
            *("--dist", str(BUILD / "dist"), "--work", str(BUILD / "work")),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return BUILD / "dist" / "Readmark"


def bare_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no PYTHONPATH, no virtualenv, no source tree."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def run(bundle: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "Readmark"), *args],
        cwd=cwd,
        env=bare_env(cwd),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_comes_from_the_package_metadata(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"Readmark {version('readmark')}")


def test_screenshot_without_python_and_start_time(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    seconds = []
    for attempt in range(3):
        shot = tmp_path / f"window-{attempt}.png"
        started = time.perf_counter()
        done = run(bundle, tmp_path, "--offscreen", "--data", str(data), "--screenshot", str(shot))
        seconds.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, "the screenshot is blank"
    assert statistics.median(seconds) < MAX_START_S, f"start to screenshot: {seconds}"


def test_bundle_carries_the_default_library_and_searches_it(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, tmp_path, "list", "--json", "--data", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    listed = {a["id"] for a in json.loads(done.stdout)}
    assert listed == set(Library(BUNDLED_LIBRARY).ids())
    assert listed
    found = run(bundle, tmp_path, "search", "nato", "--json", "--data", str(tmp_path / "data"))
    assert found.returncode == 0, found.stderr  # Whoosh, its codecs and the analyzers came along
    assert {hit["id"] for hit in json.loads(found.stdout)["hits"]} <= listed
    assert json.loads(found.stdout)["total"] >= 1


def test_bundle_leaves_out_what_readmark_does_not_use(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    unused = [p.name for p in files if any(word in p.name for word in UNUSED_QT)]
    assert unused == []
    assert not any("translations" in p.parts for p in files)
    assert not any("plugins" in p.parts and "tls" in p.parts for p in files)  # Qt's TLS
    assert not any(p.parts[-2] in ("PIL", "pillow.libs", "pygments") for p in files)  # venv-only
    assert (bundle / "_internal" / "libpython3.11.so.1.0").is_file()
    assert (bundle / "_internal" / "resources" / "themes" / "window.qss").is_file()
    licences = bundle / "_internal" / "licenses"
    assert (licences / "python" / "LICENSE.txt").is_file()
    assert (licences / "qt" / "LGPL-3").is_file()
    (pyside,) = licences.glob("pyside6_essentials-*.dist-info")
    assert "LGPL-3.0" in (pyside / "METADATA").read_text(encoding="utf-8")
    megabytes = sum(p.stat().st_size for p in files if not p.is_symlink()) / 1e6
    assert megabytes <= MAX_MB, f"bundle is {megabytes:.1f} MB"


def test_second_bundle_start_hands_a_file_to_the_first(bundle: Path, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    story = tmp_path / "night-trains.txt"
    story.write_text(STORY, encoding="utf-8")
    folders = ["--offscreen", "--library", str(library), "--data", str(tmp_path / "data")]
    first = subprocess.Popen(
        [str(bundle / "Readmark"), *folders],
        cwd=tmp_path,
        env=bare_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    socket_file = Path("/tmp") / server_name(tmp_path / "data")
    deadline = time.monotonic() + 30
    try:
        while not socket_file.exists() and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()[1]
            time.sleep(0.1)
        second = run(bundle, tmp_path, *folders, str(story))
        assert second.returncode == 0, second.stderr
        assert "brought the running Readmark forward and handed it 1 file(s)" in second.stdout
        titles: list[str] = []
        while "Night Trains Return to the Alps" not in titles and time.monotonic() < deadline:
            time.sleep(0.2)
            titles = [a.title for a in Library(library)]
        assert "Night Trains Return to the Alps" in titles
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)  # waits, and closes the pipes


def test_bundled_cli_reads_pdf_feed_and_web_page_searches_and_cites(
    bundle: Path, tmp_path: Path
) -> None:
    """Every reader added since the bundle was first made, run frozen: PDFium, feedparser,
    trafilatura with lxml, numpy's scoring, citeproc-py with the APA style and its locale."""
    page = tmp_path / "lock-gates.html"
    page.write_text(WEB_PAGE, encoding="utf-8")
    folders = ("--library", str(tmp_path / "library"), "--data", str(tmp_path / "data"))
    sources = (SAMPLES / "pdf" / "harbour.pdf", SAMPLES / "feeds" / "harbour-rss2.rss", page)
    done = run(bundle, tmp_path, "import", "--json", *folders, *map(str, sources))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["failed"] == []
    assert {a["id"] for a in report["imported"]} >= {
        "harbour-cranes-return-to-rotterdam",  # the PDF
        "electric-cranes-arrive-at-maasvlakte",  # the feed's first item
        "lock-gates-replaced-at-ijmuiden",
    }
    web = (tmp_path / "library" / "lock-gates-replaced-at-ijmuiden.md").read_text("utf-8")
    assert "date: 2024-03-05" in web and "source: Port Gazette" in web
    found = run(bundle, tmp_path, "search", "cranes", "--json", *folders)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["id"] == "harbour-cranes-return-to-rotterdam"
    quote = "The first of twelve electric cranes"
    marked = run(
        bundle, tmp_path, "annotate", "harbour-cranes-return-to-rotterdam", "--quote", quote,
        "--tag", "port", *folders,
    )  # fmt: skip
    assert marked.returncode == 0, marked.stderr
    notes = run(bundle, tmp_path, "export", "--format", "md", "--style", "apa", *folders)
    assert notes.returncode == 0, notes.stderr
    assert f"> {quote}" in notes.stdout
    assert "Vries, A. de. (" in notes.stdout  # APA's particle rule, from the CSL style
    assert "*Harbour cranes return to Rotterdam*" in notes.stdout


def test_bundled_watch_indexes_a_file_written_meanwhile(bundle: Path, tmp_path: Path) -> None:
    """watchfiles' compiled module and anyio, frozen: a new file reaches the index."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "pilots.md").write_text(
        "---\ntitle: Pilots vote on pay\n---\nHarbour pilots voted on a pay offer.\n", "utf-8"
    )
    folders = ["--library", str(library), "--data", str(tmp_path / "data")]
    built = run(bundle, tmp_path, "index", *folders)  # so the watch's syncs are updates
    assert built.returncode == 0, built.stderr
    watcher = subprocess.Popen(
        [str(bundle / "Readmark"), "index", "--watch", *folders],
        cwd=tmp_path,
        env=bare_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        assert watcher.stdout is not None
        deadline = time.monotonic() + 30
        while not any(line.startswith("watching ") for line in lines):
            assert time.monotonic() < deadline and watcher.poll() is None, lines
            if select.select([watcher.stdout], [], [], 0.5)[0]:
                lines.append(watcher.stdout.readline())
        (library / "tugboats.md").write_text(
            "---\ntitle: Tugboat strike ends\n---\nThe tugboat crews went back to work.\n",
            encoding="utf-8",
        )
        while not any("(1 added)" in line for line in lines):
            assert time.monotonic() < deadline and watcher.poll() is None, lines
            if select.select([watcher.stdout], [], [], 0.5)[0]:
                lines.append(watcher.stdout.readline())
    finally:
        watcher.send_signal(signal.SIGINT)
        _out, errors = watcher.communicate(timeout=30)  # waits, and closes the pipes
    assert watcher.returncode == 0, errors


def test_every_bundled_package_carries_its_licence(bundle: Path) -> None:
    """Each distribution the bundle holds code or data of has its METADATA (and licence
    files) under licenses/, found from the bundle itself rather than from a list."""
    from PyInstaller.archive.readers import CArchiveReader  # installed by the bundle's build

    internal = bundle / "_internal"
    tops = {p.name.split(".")[0] for p in internal.iterdir()}
    archive = CArchiveReader(str(bundle / "Readmark"))
    for name, (*_entry, kind) in archive.toc.items():
        if kind == "z":
            tops |= {m.split(".")[0] for m in archive.open_embedded_archive(name).toc}
    owners = packages_distributions()
    shipped = {d for top in tops for d in owners.get(top, ())} - {"readmark"}
    assert {"numpy", "pypdfium2", "citeproc-py", "lxml", "trafilatura"} <= shipped
    carried = {
        p.name.split("-")[0].lower().replace("_", "-")  # name-version.dist-info
        for p in (internal / "licenses").glob("*.dist-info")
    }
    missing = {d for d in shipped if d.lower().replace("_", "-") not in carried}
    assert missing == set()


def test_window_and_cli_start_without_the_heavy_readers() -> None:
    """The start-up path (window and CLI modules) leaves the readers to their first use."""
    code = (
        "import sys, app.ui.window.main_window, app.cli\n"
        f"print(' '.join(m for m in {LOADED_WHEN_USED!r} if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
