"""Every bad input of the issue: one clear line naming the file, the rest still imported,
no partial or temporary file left in the library."""

import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from app.core.importers import ImportReport, import_paths
from app.core.library import read_article_file
from app.core.render import render
from app.core.workspace import Workspace
from tests.conftest import SEEDS, require_shared
from tests.e2e.cli_process import run_cli

GOOD = "Markets rallied on Monday.\n\nTraders said the mood had turned after weeks of losses.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "library", tmp_path / "data")


def _only_whole_articles(library: Path) -> None:
    """No temp file, and every file in the library reads as an article."""
    leftovers = [p.name for p in library.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    for path in library.glob("*.md"):
        read_article_file(path)


def _reason(report: ImportReport, name: str) -> str:
    found = [f for f in report.failed if Path(f.source).name == name]
    assert len(found) == 1, report.failed
    assert name in str(found[0]) and "\n" not in str(found[0])
    return found[0].reason


def _import_with_good(tmp_path: Path, bad: Path) -> tuple[ImportReport, Workspace]:
    good = tmp_path / "inputs" / "good.txt"
    good.parent.mkdir(exist_ok=True)
    good.write_text(GOOD, encoding="utf-8")
    workspace = _workspace(tmp_path)
    report = import_paths(workspace, [bad, good])
    assert [i.source for i in report.imported][-1:] == [str(good)], report.summary()
    _only_whole_articles(workspace.library_dir)
    return report, workspace


def _input(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "inputs" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path: Path) -> None:
    report, _ = _import_with_good(tmp_path, _input(tmp_path, "empty.txt", b""))
    assert "empty file" in _reason(report, "empty.txt")


def test_png_renamed_txt(tmp_path: Path) -> None:
    report, _ = _import_with_good(tmp_path, _input(tmp_path, "photo.txt", PNG + bytes(200)))
    assert "binary file" in _reason(report, "photo.txt")


def test_invalid_utf8_is_decoded_not_fatal(tmp_path: Path) -> None:
    data = "Prices rose sharply in Zürich.\n\nAnalysts were surprised.\n".encode() + b"\xff\xfe\x80"
    report, workspace = _import_with_good(tmp_path, _input(tmp_path, "broken.txt", data))
    assert not report.failed and len(report.imported) == 2
    article = workspace.library.get(report.imported[0].id)
    assert "Analysts were surprised" in render(article.body).text


def test_windows_1252_text_is_detected(tmp_path: Path) -> None:
    text = (
        "Café owners protest “unfair” rules\n\n"
        "The owners of cafés in Köln and Besançon say the new rules – announced on "
        "Tuesday – will cost them dearly. “We are furious,” one said.\n"
    )
    report, workspace = _import_with_good(
        tmp_path, _input(tmp_path, "cp.txt", text.encode("cp1252"))
    )
    article = workspace.library.get(report.imported[0].id)
    assert article.title == "Café owners protest “unfair” rules"
    assert "cafés in Köln and Besançon" in render(article.body).text


def test_fifty_megabyte_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "inputs" / "huge.txt"
    big.parent.mkdir()
    line = b"All work and no play makes a dull news article. " * 20 + b"\n"
    with open(big, "wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    assert big.stat().st_size >= 50 * 1024 * 1024
    report, _ = _import_with_good(tmp_path, big)
    assert "too large" in _reason(report, "huge.txt")


def test_file_with_no_letters(tmp_path: Path) -> None:
    report, _ = _import_with_good(tmp_path, _input(tmp_path, "digits.txt", b"1234 5678\n--- !!!\n"))
    assert "no letters" in _reason(report, "digits.txt")


def test_html_full_of_scripts_keeps_only_the_article(tmp_path: Path) -> None:
    scripts = "".join(f"<script>track({i}); document.write('AD {i}')</script>" for i in range(300))
    page = (
        f"<html><head><title>Rates held</title>{scripts}<style>p {{color:red}}</style></head>"
        f"<body>{scripts}<article><h1>Rates held</h1><p>The bank kept rates on hold.</p>"
        f"<script>steal()</script><img src='https://tracker.example/p.gif'>"
        f"<form><input name=email><button>Subscribe now</button></form>"
        f"<p onclick='x()'>Markets barely moved.</p></article>{scripts}</body></html>"
    )
    report, workspace = _import_with_good(tmp_path, _input(tmp_path, "ads.html", page.encode()))
    article = workspace.library.get(report.imported[0].id)
    text = render(article.body).text
    assert text == "The bank kept rates on hold.\nMarkets barely moved."
    assert "script" not in article.body and "tracker" not in article.body
    assert "Subscribe" not in article.body


def test_html_with_only_scripts_is_reported(tmp_path: Path) -> None:
    page = b"<html><head><script>a()</script></head><body><script>b()</script></body></html>"
    report, _ = _import_with_good(tmp_path, _input(tmp_path, "empty.html", page))
    assert "no article text" in _reason(report, "empty.html")


def test_broken_yaml_front_matter_is_reported_and_the_body_imported(tmp_path: Path) -> None:
    data = b"---\ntitle: [unclosed\nauthor: : :\n---\n# Storm hits coast\n\nWinds of 120 km/h.\n"
    workspace = _workspace(tmp_path)
    report = import_paths(workspace, [_input(tmp_path, "storm.md", data)])
    assert not report.failed
    (item,) = report.imported
    assert any("broken YAML front matter" in w for w in item.warnings)
    article = workspace.library.get(item.id)
    assert article.title == "Storm hits coast"
    assert render(article.body).text == "Winds of 120 km/h."
    assert "title: [unclosed" in article.extra["unparsed_front_matter"]


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "inputs" / "gone.txt"
    report, _ = _import_with_good(tmp_path, missing)
    assert _reason(report, "gone.txt") == "no such file or folder"


def test_fifo_named_txt_is_refused_without_blocking(tmp_path: Path) -> None:
    """Tests run as root, for whom chmod 000 changes nothing; a FIFO really cannot be read
    as a file (opening it would block), so it stands in for an unreadable input here."""
    fifo = tmp_path / "inputs" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    outcome: list[ImportReport] = []
    worker = threading.Thread(target=lambda: outcome.append(_import_with_good(tmp_path, fifo)[0]))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "import blocked on a FIFO"
    assert "not a regular file" in _reason(outcome[0], "pipe.txt")


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_unreadable_file_as_an_unprivileged_user() -> None:
    """A real permission error: the CLI runs as ``nobody`` (root would read a 000 file)."""
    with tempfile.TemporaryDirectory(prefix="readmark-perm-") as scratch:
        root = Path(scratch)
        os.chmod(root, 0o777)
        secret = root / "secret.txt"
        secret.write_text(GOOD, encoding="utf-8")
        os.chmod(secret, 0o000)
        good = root / "good.txt"
        good.write_text("Open letter\n\nAnyone may read this one.\n", encoding="utf-8")
        os.chmod(good, 0o644)
        result = run_cli(
            root / "lib", root / "data", "import", str(secret), str(good), as_nobody=True
        )
        assert result.returncode == 1, result.stderr
        assert f"{secret}: cannot read: permission denied" in result.stderr
        assert "1 imported, 1 failed" in result.stdout


def test_awkward_file_name(tmp_path: Path) -> None:
    name = "Überraschung \"quoted\" 'single' – café 東京.txt"
    text = "Odd names\n\nA file name may hold spaces, quotes and any script.\n"
    report, workspace = _import_with_good(tmp_path, _input(tmp_path, name, text.encode()))
    assert report.failed == []
    article = workspace.library.get(report.imported[0].id)
    assert article.imported_from == name
    assert report.imported[0].source == str(tmp_path / "inputs" / name)


def test_id_clash_gets_a_fresh_id_and_a_warning(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    first = _input(tmp_path, "a.md", b"---\nid: market-day\ntitle: Market day\n---\nShares rose.\n")
    second = _input(
        tmp_path, "b.md", b"---\nid: market-day\ntitle: Market day\n---\nShares fell.\n"
    )
    report = import_paths(workspace, [first, second])
    assert [i.id for i in report.imported] == ["market-day", "market-day-2"]
    assert report.imported[1].warnings == ("id 'market-day' is taken; imported as 'market-day-2'",)
    # a renamed article file already has the name the new id would get: it stays untouched
    taken = workspace.library_dir / "market-day-3.md"
    hand_made = "---\nid: something-else\ntitle: Other\n---\nHand-made.\n"
    taken.write_text(hand_made, encoding="utf-8")
    workspace.library.refresh()
    third = _input(tmp_path, "c.md", b"---\nid: market-day\ntitle: Market day\n---\nFlat.\n")
    (item,) = import_paths(workspace, [third]).imported
    assert item.id == "market-day-3" and item.path.name == "market-day-3-2.md"
    assert taken.read_text(encoding="utf-8") == hand_made
    workspace.library.refresh()
    assert workspace.library.problems == []
    assert len(workspace.library) == 4


def test_all_bad_inputs_at_once_leave_the_good_ones_imported(tmp_path: Path) -> None:
    require_shared(SEEDS)
    bad = [
        _input(tmp_path, "empty.txt", b""),
        _input(tmp_path, "photo.txt", PNG),
        _input(tmp_path, "digits.txt", b"42\n"),
        tmp_path / "inputs" / "missing.txt",
    ]
    workspace = _workspace(tmp_path)
    report = import_paths(workspace, [*bad, SEEDS])
    assert len(report.failed) == 4 and len(report.imported) == 2
    assert sorted(Path(f.source).name for f in report.failed) == sorted(p.name for p in bad)
    _only_whole_articles(workspace.library_dir)
